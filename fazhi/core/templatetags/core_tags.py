"""Header and page-furniture tags shared by every page type."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks
from wagtail.models import Page, Site

from fazhi.core.hooks import CONTENT_BLOCKS, MAIN_MENU

register = template.Library()

# The characters that could end a <script> element or open an HTML comment inside JSON.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.inclusion_tag("core/includes/main_nav.html", takes_context=True)
def main_nav(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    channels = menu_pages(site.root_page) if site else []
    return {"request": request, "channels": [c for c in channels if c.show_in_menus]}


def menu_pages(root: Page) -> list[Page]:
    """The header menu's pages below ``root``, from the apps that own them (fazhi.news: channels)."""
    return [page for pages in hooks.get_hooks(MAIN_MENU) for page in pages(root)]


@register.simple_tag
def json_ld(data: dict[str, Any]) -> SafeString:
    """``<script type="application/ld+json">`` with the JSON made safe to embed in HTML."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')


@register.simple_tag(takes_context=True)
def content_blocks(context: template.Context, slot: str, page: Any) -> SafeString:
    """The HTML other apps add to a content page at ``slot`` (the ``CONTENT_BLOCKS`` hook)."""
    parts = [str(fn(slot, page, context) or "") for fn in hooks.get_hooks(CONTENT_BLOCKS)]
    return mark_safe("".join(parts))  # each hook returns rendered, escaped template output
