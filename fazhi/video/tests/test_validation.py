"""Upload checks by content, the size limit, the external URL allow-list, durations, range parsing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.importers.demo import PAGES_DIR
from fazhi.video.demo import DEMO_MP4, DEMO_POSTER, DEMO_WEBM
from fazhi.video.models import VideoPage
from fazhi.video.ranges import UnsatisfiableRange, parse_range
from fazhi.video.validation import (
    check_video_upload,
    external_kind,
    format_duration,
    is_allowed_video_url,
    sniff_video,
)

MB = 1024 * 1024


def test_sniff_by_content_not_name():
    assert sniff_video(DEMO_MP4.read_bytes()[:8192]) == "video/mp4"
    assert sniff_video(DEMO_WEBM.read_bytes()[:8192]) == "video/webm"
    assert sniff_video(DEMO_POSTER.read_bytes()[:8192]) is None
    assert sniff_video(b"just text pretending to be a video") is None


def test_check_upload_messages():
    check_video_upload(DEMO_MP4.read_bytes(), 15_000, MB)
    with pytest.raises(ValidationError, match="JPG 文件") as err:
        check_video_upload(DEMO_POSTER.read_bytes(), 8_000, MB)
    assert "改文件扩展名不能改变文件内容" in err.value.messages[0]
    with pytest.raises(ValidationError, match="最大允许 1 MB"):
        check_video_upload(DEMO_MP4.read_bytes(), 2 * MB, MB)


def _upload(path, name):
    return SimpleUploadedFile(name, path.read_bytes())


@pytest.mark.django_db
def test_model_field_rejects_a_renamed_file_and_accepts_real_videos(settings):
    field = VideoPage._meta.get_field("video_file")
    page = VideoPage(title="t")
    for path, name in [(DEMO_MP4, "a.mp4"), (DEMO_WEBM, "b.webm"), (DEMO_WEBM, "c.mp4")]:
        field.clean(_upload(path, name), page)  # no error: the content is a video
    with pytest.raises(ValidationError, match="只能上传 MP4 或 WebM"):
        field.clean(_upload(DEMO_POSTER, "poster.mp4"), page)
    with pytest.raises(ValidationError, match="只能上传 MP4 或 WebM"):
        field.clean(_upload(PAGES_DIR / "010_fzyw_legal_aid.txt", "notes.webm"), page)
    settings.VIDEO_MAX_UPLOAD_MB = 0
    with pytest.raises(ValidationError, match="视频文件太大"):
        field.clean(_upload(DEMO_MP4, "a.mp4"), page)


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://player.bilibili.com/player.html?bvid=BV1xx", True),
        ("https://sub.v.qq.com/x/page/abc.html", True),
        ("http://player.bilibili.com/player.html", False),  # not https
        ("https://player.bilibili.com.evil.cn/x", False),
        ("https://evil.cn/?u=https://v.qq.com/", False),
        ("https://user@v.qq.com/x", False),
        ("javascript:alert(1)", False),
        ("", False),
    ],
)
def test_external_url_allow_list(url, allowed):
    hosts = ["player.bilibili.com", "v.qq.com"]
    assert is_allowed_video_url(url, hosts) is allowed


def test_external_kind_and_duration():
    assert external_kind("https://cdn.example.cn/a/b.MP4") == "video"
    assert external_kind("https://player.bilibili.com/player.html?x=1") == "iframe"
    assert format_duration(75) == "01:15"
    assert format_duration(3723) == "1:02:03"
    assert format_duration(None) == ""


def test_parse_range():
    assert parse_range("bytes=0-99", 1000) == (0, 99)
    assert parse_range("bytes=900-", 1000) == (900, 999)
    assert parse_range("bytes=-100", 1000) == (900, 999)
    assert parse_range("bytes=990-2000", 1000) == (990, 999)
    assert parse_range("bytes=5-1", 1000) is None
    assert parse_range("bytes=0-1,5-6", 1000) is None  # several ranges: whole file
    assert parse_range("items=0-1", 1000) is None
    assert parse_range("", 1000) is None
    with pytest.raises(UnsatisfiableRange):
        parse_range("bytes=1000-", 1000)
