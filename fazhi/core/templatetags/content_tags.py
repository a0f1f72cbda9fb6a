"""The <head> block of article and video pages, and absolute URLs for templates.

``{% content_head page site_name %}`` renders ``core/includes/content_head.html`` for any
``fazhi.core.pages.ContentPage``; ``{{ page|absolute }}`` / ``{{ rendition.url|absolute }}`` give
the canonical absolute URL of a page or a path (``fazhi.core.urls_absolute``).
"""

from __future__ import annotations

from typing import Any

from django import template
from wagtail.images.shortcuts import get_rendition_or_not_found

from fazhi.core.templatetags.core_tags import json_ld
from fazhi.core.urls_absolute import absolute_url, page_url

register = template.Library()


@register.filter
def absolute(target: Any) -> str:
    """A page's canonical URL, or a path (``/media/…``) on FAZHI_BASE_URL."""
    if hasattr(target, "get_url_parts"):
        return page_url(target)
    return absolute_url(str(target or ""))


@register.inclusion_tag("core/includes/content_head.html", takes_context=True)
def content_head(context: template.Context, page: Any, site_name: str) -> dict[str, Any]:
    """Description, Open Graph, WeChat's itemprop trio, canonical link and JSON-LD of ``page``."""
    summary = page.summary()
    image = page.share_image()
    rendition = get_rendition_or_not_found(image, page.share_image_spec) if image else None
    image_url = absolute_url(rendition.url) if rendition else ""
    return {
        "page": page,
        "site_name": site_name,
        "description": page.search_description or summary,
        "summary": summary,
        "url": page_url(page, context.get("request")),
        "image": image,
        "rendition": rendition,
        "image_url": image_url,
        "head_meta": page.head_meta(),
        "json_ld": json_ld(page.structured_data(site_name, image_url)),
    }
