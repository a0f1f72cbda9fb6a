"""JSON-LD (schema.org VideoObject) for a video page."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from fazhi.core.templatetags.core_tags import json_ld
from fazhi.video.models import VideoPage

register = template.Library()


@register.simple_tag(takes_context=True)
def video_json_ld(context, page: VideoPage, thumbnail_url: str = "") -> SafeString:
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": page.title,
        "description": page.summary(300) or page.title,
        "uploadDate": page.publish_time.isoformat(),
        "url": page.get_full_url(request),
    }
    if thumbnail_url:
        data["thumbnailUrl"] = [
            request.build_absolute_uri(thumbnail_url) if request else thumbnail_url
        ]
    if page.duration:
        data["duration"] = page.iso_duration
    if page.video_file:
        data["contentUrl"] = (
            request.build_absolute_uri(page.video_file.url) if request else page.video_file.url
        )
    elif page.external_url:
        data["embedUrl"] = page.external_url
    return json_ld(data)
