"""Demo video for ``fazhi load_demo``: a two-second clip (made with ffmpeg, a few KB) in 视频."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from wagtail.models import Site

from fazhi.news.models import ChannelPage
from fazhi.video.factories import make_video, poster_image
from fazhi.video.models import VideoPage

DEMO_DIR = Path(__file__).resolve().parent
DEMO_MP4 = DEMO_DIR / "demo.mp4"
DEMO_WEBM = DEMO_DIR / "demo.webm"
DEMO_POSTER = DEMO_DIR / "poster.jpg"
DEMO_SLUG = "fazhi-demo-video"


@transaction.atomic
def load_demo_video(stdout) -> VideoPage | None:
    home = Site.objects.select_related("root_page").get(is_default_site=True).root_page
    channel = ChannelPage.objects.child_of(home).filter(slug="video").first()
    if channel is None:
        stdout.write("没有“视频”栏目，跳过演示视频。")
        return None
    video = VideoPage.objects.child_of(channel).filter(slug=DEMO_SLUG).first()
    if video is None:
        video = make_video(
            channel,
            "法治微视频：两秒钟看懂演示",
            slug=DEMO_SLUG,
            file_path=DEMO_MP4,
            poster=poster_image(DEMO_POSTER, "演示视频封面"),
            duration=2,
            source="法治报道",
            author="李明",
            responsible_editor="王芳",
            description="这是 fazhi 演示用的两秒钟测试视频：彩色测试图与 440 赫兹提示音。",
        )
        stdout.write(f"新建视频：{video.title} {video.url}")
    return video
