"""schema.org VideoObject for a video page (JSON-LD)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fazhi.core.urls_absolute import absolute_url, page_url

if TYPE_CHECKING:
    from fazhi.video.models import VideoPage


def video_object(page: VideoPage, thumbnail_url: str = "") -> dict[str, Any]:
    """The video's VideoObject; every URL of this site in it is on FAZHI_BASE_URL (an external
    player stays at its provider)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": page.title,
        "description": page.summary(300) or page.title,
        "uploadDate": page.publish_time.isoformat(),
        "url": page_url(page),
    }
    if thumbnail_url:
        data["thumbnailUrl"] = [thumbnail_url]
    if page.duration:
        data["duration"] = page.iso_duration
    if page.video_file:
        data["contentUrl"] = absolute_url(page.video_file.url)
    elif page.external_url:
        data["embedUrl"] = page.external_url
    return data
