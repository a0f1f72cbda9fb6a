"""HTTP range requests for media in development (seeking in <video>); nginx does this in production."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
BLOCK = 64 * 1024


class UnsatisfiableRange(ValueError):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte positions, inclusive, asked for by a single-range ``Range`` header.

    None means "send the whole file" (no header, another unit, several ranges, bad syntax: all of
    which RFC 9110 lets a server ignore). Raises UnsatisfiableRange when the range starts past the end.
    """
    match = _RANGE.match(header.strip()) if header else None
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix: the last N bytes
        length = int(last)
        if length == 0:
            raise UnsatisfiableRange(header)
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None  # invalid syntax: ignored
    if start >= size:
        raise UnsatisfiableRange(header)
    return start, min(end, size - 1)


def _read_range(path: Path, start: int, end: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = handle.read(min(BLOCK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a file below MEDIA_ROOT, answering ``Range`` requests with 206 Partial Content."""
    try:
        full = Path(FileSystemStorage(location=settings.MEDIA_ROOT).path(path))
    except Exception as exc:  # SuspiciousFileOperation for ../ tricks
        raise Http404("文件不存在") from exc
    if not full.is_file():
        raise Http404("文件不存在")
    stat = full.stat()
    size = stat.st_size
    content_type = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
    try:
        byte_range = parse_range(request.headers.get("Range", ""), size)
    except UnsatisfiableRange:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    if byte_range is None:
        response: HttpResponse = FileResponse(full.open("rb"), content_type=content_type)
    else:
        start, end = byte_range
        response = StreamingHttpResponse(
            _read_range(full, start, end), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = http_date(stat.st_mtime)
    return response
