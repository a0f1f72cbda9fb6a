"""How 相关阅读 plugs into articles and videos: the list under the page, the editors' panel, the
purge of the pages that list a changed one."""

from __future__ import annotations

from typing import Any

from django.template.loader import get_template
from wagtail import hooks
from wagtail.admin.panels import InlinePanel, Panel

from fazhi.core.hooks import CONTENT_BLOCKS, EDITOR_PANELS, PURGE_ALSO
from fazhi.related import store


@hooks.register(CONTENT_BLOCKS)
def related_block(slot: str, page: Any, context: Any) -> str:
    if slot != "after_article" or not page.pk:
        return ""
    links = store.shown_links(page.pk)
    if not links:
        return ""
    return get_template("related/includes/related.html").render({"links": links})


@hooks.register(EDITOR_PANELS)
def related_panel(slot: str, model: type) -> list[Panel]:
    if slot != "related":
        return []
    return [
        InlinePanel(
            "related_choices",
            heading="相关阅读",
            label="相关阅读调整",
            help_text="相关阅读按内容相似度在发布时自动选出；可在此固定某篇文章或视频，或排除不合适的条目，发布后生效。",
        )
    ]


@hooks.register(PURGE_ALSO)
def pages_listing_it(page: Any, action: str, url_paths: list[str]) -> list[str]:
    return store.pages_showing(page.pk) if page.pk else []
