"""How news plugs into the core: the home page's channel sections and the header menu."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from fazhi.core.hooks import HOME_PAGE_CONTEXT, MAIN_MENU
from fazhi.news.selectors import latest_articles_by_channel, top_channels


@hooks.register(HOME_PAGE_CONTEXT)
def _channel_sections(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {"channel_sections": latest_articles_by_channel(page, page.articles_per_channel)}


@hooks.register(MAIN_MENU)
def _menu_channels(root: Page) -> list[Page]:
    return top_channels(root)
