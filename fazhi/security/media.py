"""Uploaded files are data, never pages: whatever an upload contains, the browser must neither run it
nor sniff it into HTML. Raster images, audio and video are shown inline; everything else (HTML, SVG,
PDF, office files, text) is sent as a download in a sandbox with no script allowed."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse

# Types a browser renders without running anything from the file.
SAFE_INLINE_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "image/avif",
        "image/x-icon",
        "image/vnd.microsoft.icon",
        "video/mp4",
        "video/webm",
        "video/ogg",
        "audio/mpeg",
        "audio/mp4",
        "audio/ogg",
        "audio/webm",
        "audio/wav",
        "audio/x-wav",
    }
)
# Even if something were sniffed or opened directly, it gets no script, plugin, form or origin.
UPLOAD_CSP = (
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
)


def is_upload_path(path: str) -> bool:
    """Paths that serve uploaded bytes: MEDIA_URL and Wagtail's document view."""
    return path.startswith(settings.MEDIA_URL) or path.startswith("/documents/")


def is_safe_inline(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() in SAFE_INLINE_TYPES


def harden_media_response(path: str, response: HttpResponse) -> HttpResponse:
    """Adds nosniff, a sandboxing CSP and, unless the type is a safe one, a download disposition.
    Wagtail's document view already chose its own disposition (attachment; PDF inline in its
    sandbox), so /documents/ keeps it."""
    response["X-Content-Type-Options"] = "nosniff"
    if path.startswith("/documents/"):
        response.headers.setdefault("Content-Security-Policy", UPLOAD_CSP)
        return response
    response["Content-Security-Policy"] = UPLOAD_CSP
    if response.status_code >= 300:
        return response
    if not is_safe_inline(response.get("Content-Type", "")):
        response["Content-Disposition"] = "attachment"
    return response
