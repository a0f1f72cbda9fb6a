"""Small builders for channels and articles, shared by tests and demo code."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from fazhi.news.models import ArticlePage, ChannelPage

_counter = itertools.count(1)


def make_channel(
    parent: Page, title: str = "法治要闻", slug: str | None = None, **fields: Any
) -> ChannelPage:
    channel = ChannelPage(
        title=title, slug=slug or f"channel-{next(_counter)}", show_in_menus=True, **fields
    )
    parent.add_child(instance=channel)
    channel.save_revision().publish()
    return channel


def make_article(
    channel: ChannelPage,
    title: str | None = None,
    *,
    publish_time: datetime | None = None,
    paragraphs: list[str] | None = None,
    headings: list[str] | None = None,
    live: bool = True,
    **fields: Any,
) -> ArticlePage:
    number = next(_counter)
    body: list[tuple[str, Any]] = []
    for heading in headings or []:
        body.append(("heading", heading))
    for text in paragraphs or [f"第{number}篇文章的正文。"]:
        body.append(("paragraph", RichText(f"<p>{text}</p>")))
    article = ArticlePage(
        title=title or f"测试文章{number}",
        slug=f"article-{number}",
        publish_time=publish_time or timezone.now(),
        body=body,
        **fields,
    )
    channel.add_child(instance=article)
    revision = article.save_revision()
    if live:
        revision.publish()
    else:
        article.unpublish()
    return article
