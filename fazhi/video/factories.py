"""Builders for video pages, shared by tests and the demo."""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.files.images import ImageFile
from django.utils import timezone
from wagtail.images.models import Image

from fazhi.news.models import ChannelPage
from fazhi.video.models import VideoPage

_counter = itertools.count(1)


def poster_image(path: Path, title: str) -> Image:
    image = Image.objects.filter(title=title).first()
    if image is None:
        with path.open("rb") as handle:
            image = Image(title=title, file=ImageFile(handle, name=path.name))
            image.save()
    return image


def make_video(
    channel: ChannelPage,
    title: str | None = None,
    *,
    file_path: Path | None = None,
    external_url: str = "",
    publish_time: datetime | None = None,
    live: bool = True,
    **fields: Any,
) -> VideoPage:
    number = next(_counter)
    video = VideoPage(
        title=title or f"测试视频{number}",
        slug=fields.pop("slug", f"video-{number}"),
        publish_time=publish_time or timezone.now(),
        external_url=external_url,
        **fields,
    )
    if file_path is not None:
        with file_path.open("rb") as handle:
            video.video_file.save(file_path.name, File(handle), save=False)
    channel.add_child(instance=video)
    revision = video.save_revision()
    if live:
        revision.publish()
    else:
        video.unpublish()
    return video
