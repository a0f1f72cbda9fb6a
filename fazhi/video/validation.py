"""Rules for videos: what an upload really is, how big it may be, which external players are allowed.

All plain functions; the model field validators and the forms only call them. An upload is
recognised by its first bytes, then parsed whole as that container (``fazhi.video.containers``):
a truncated or unplayable file is refused, and the stored name takes the detected type's extension.
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import urlsplit

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils.text import get_valid_filename

from fazhi.adapters.django_files import is_stored
from fazhi.video.containers import ContainerError, check_container

ACCEPTED_TYPES = {"video/mp4": "MP4", "video/webm": "WebM"}
EXTENSIONS = {"video/mp4": "mp4", "video/webm": "webm"}
SNIFF_BYTES = 8192


def sniff_video(head: bytes) -> str | None:
    """``video/mp4`` or ``video/webm`` when the first bytes say so, else None (whatever the name)."""
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        return None
    if kind.mime == "video/mp4" and head[4:8] != b"ftyp":
        return None
    return kind.mime


def describe_content(head: bytes) -> str:
    kind = filetype.guess(head)
    return f"{kind.extension.upper()} 文件" if kind else "无法识别的文件"


def check_video_upload(head: bytes, size: int, max_bytes: int) -> None:
    """Raise ValidationError with a Chinese message unless the file is an MP4/WebM within the limit."""
    if size > max_bytes:
        raise ValidationError(
            f"视频文件太大（{size / 1024 / 1024:.1f} MB），最大允许 {max_bytes // 1024 // 1024} MB。",
            code="too_big",
        )
    if sniff_video(head) is None:
        raise ValidationError(
            f"只能上传 MP4 或 WebM 视频。这个文件的内容是{describe_content(head)}，"
            "不是 MP4 或 WebM 视频（改文件扩展名不能改变文件内容）。",
            code="not_video",
        )


def validate_video_file(value) -> None:
    """Model field validator: checks newly uploaded files by their content, not their name."""
    if isinstance(value, FieldFile):
        if is_stored(value):
            return  # already stored: it was checked when it was uploaded
        upload = value.file
    else:
        upload = value
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    try:
        check_video_upload(head, value.size, settings.VIDEO_MAX_UPLOAD_MB * 1024 * 1024)
        check_video_container(upload, value.size, head)
    finally:
        upload.seek(position)


def check_video_container(upload: Any, size: int, head: bytes) -> str:
    """Parse the whole upload as the container its first bytes name; its MIME type, or a
    ValidationError (Chinese) when it is truncated or not playable."""
    mime = sniff_video(head)
    if mime is None:
        raise ValidationError("只能上传 MP4 或 WebM 视频。", code="not_video")
    try:
        return check_container(upload, size, mime).mime
    except ContainerError as error:
        raise ValidationError(str(error), code="broken_video") from error


def stored_video_name(filename: str, head: bytes) -> str:
    """The name a video is stored under: the uploader's name up to its first dot (made safe),
    with the extension of what the content is — ``x.mp4.php`` holding MP4 becomes ``x.mp4``."""
    stem = posixpath.basename(filename.replace("\\", "/")).split(".", 1)[0]
    try:
        stem = get_valid_filename(stem)[:80]
    except Exception:  # SuspiciousFileOperation for a name with nothing usable
        stem = ""
    return f"{stem or 'video'}.{EXTENSIONS.get(sniff_video(head) or '', 'bin')}"


def peek(content: Any, length: int = SNIFF_BYTES) -> bytes:
    """The first bytes of a file about to be stored, its position left as it was."""
    position = content.tell()
    content.seek(0)
    head = content.read(length)
    content.seek(position)
    return head


def is_allowed_video_url(url: str, hosts: list[str]) -> bool:
    """An https URL on one of ``hosts`` (or a subdomain of one)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme != "https" or not host or parts.username or parts.password:
        return False
    return any(host == h or host.endswith("." + h) for h in (h.lower() for h in hosts))


def validate_video_url(value: str) -> None:
    if value and not is_allowed_video_url(value, settings.VIDEO_URL_HOSTS):
        raise ValidationError(
            "外部视频地址必须是 https 地址，且来自允许的视频平台："
            + "、".join(settings.VIDEO_URL_HOSTS)
            + "。",
            code="host_not_allowed",
        )


def external_kind(url: str) -> str:
    """How to play an external URL: ``video`` for a direct MP4/WebM file, else the provider's ``iframe``."""
    path = urlsplit(url).path.lower()
    return "video" if path.endswith((".mp4", ".webm")) else "iframe"


def format_duration(seconds: int | None) -> str:
    """``75`` → ``01:15``; an hour or more → ``1:02:03``; unknown → empty."""
    if seconds is None or seconds < 0:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def iso_duration(seconds: int | None) -> str:
    """ISO 8601 duration (``PT1M15S``) for JSON-LD."""
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    return f"PT{minutes}M{secs}S" if minutes else f"PT{secs}S"
