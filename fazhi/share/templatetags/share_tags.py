"""The article's QR code, for page templates (the share image is named in the <head> block:
``core/includes/content_head.html``, through ``ArticlePage.share_image``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from fazhi.core.urls_absolute import page_url
from fazhi.share.qr import qr_svg_inline

register = template.Library()


@register.simple_tag
def page_qr_svg(page: Any) -> SafeString:
    """The QR code of the page's canonical URL (on FAZHI_BASE_URL), inline: no extra request,
    exported with the page. Empty for a page that has no URL (not routable)."""
    url = page_url(page)
    # A fixed title; the URL only shapes the path.
    return mark_safe(qr_svg_inline(url)) if url else SafeString("")
