"""How news plugs into the core: the home page's channel sections, the header menu, and the
上一篇/下一篇 neighbours purged with a changed article or video."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import pre_save
from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page

from fazhi.core.hooks import HOME_PAGE_CONTEXT, MAIN_MENU, PURGE_ALSO
from fazhi.news.reading_paths import neighbour_url_paths, remember_old_place
from fazhi.news.selectors import LISTED_PAGE_TYPES, latest_articles_by_channel, top_channels


@hooks.register(HOME_PAGE_CONTEXT)
def _channel_sections(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {"channel_sections": latest_articles_by_channel(page, page.articles_per_channel)}


@hooks.register(MAIN_MENU)
def _menu_channels(root: Page) -> list[Page]:
    return top_channels(root)


@hooks.register(PURGE_ALSO)
def _neighbours(page: Any, action: str, url_paths: list[str]) -> set[str]:
    return neighbour_url_paths(page, action, url_paths)


for _label in LISTED_PAGE_TYPES:
    pre_save.connect(
        remember_old_place, sender=apps.get_model(_label), dispatch_uid=f"neighbours-{_label}"
    )
