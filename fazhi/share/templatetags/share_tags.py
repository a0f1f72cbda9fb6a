"""Share metadata, the 打印本页 link and the article's QR code, for page templates."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from fazhi.share.images import share_image as _share_image
from fazhi.share.qr import qr_svg_inline

register = template.Library()


@register.simple_tag
def share_image(page: Any) -> Any | None:
    return _share_image(page)


@register.simple_tag
def page_qr_svg(page: Any) -> SafeString:
    """The QR code of the page's canonical URL, inline (no extra request, exported with the page)."""
    return mark_safe(qr_svg_inline(page.full_url))  # a fixed title; the URL only shapes the path


@register.inclusion_tag("share/includes/share_meta.html")
def share_meta(page: Any, description: str = "") -> dict[str, Any]:
    """Open Graph image plus the ``itemprop`` name/description/image WeChat's link cards read."""
    return {"page": page, "description": description, "image": _share_image(page)}
