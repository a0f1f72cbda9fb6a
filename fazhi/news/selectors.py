"""Read-side queries of news pages: one query per list, whatever its length."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber, Substr
from wagtail.models import Page

from fazhi.news.models import ArticlePage, ChannelPage


@dataclass
class ChannelSection:
    channel: ChannelPage
    articles: list[ArticlePage]


def top_channels(home: Page) -> list[ChannelPage]:
    """Live channels directly below the home page, in the editors' menu order."""
    return list(ChannelPage.objects.child_of(home).live().public().order_by("path"))


def latest_articles_by_channel(home: Page, per_channel: int) -> list[ChannelSection]:
    """The newest ``per_channel`` articles of each top-level channel, in two queries.

    Articles of sub-channels count for their top-level channel. A window function ranks
    articles within each top-level channel, found by the tree path prefix of that channel.
    """
    channels = top_channels(home)
    if not channels:
        return []
    prefix_length = len(channels[0].path)
    ranked = (
        ArticlePage.objects.live()
        .public()
        .descendant_of(home)
        .annotate(
            channel_path=Substr("path", 1, prefix_length),
            rank=Window(
                RowNumber(),
                partition_by=Substr("path", 1, prefix_length),
                order_by=[F("publish_time").desc(), F("pk").desc()],
            ),
        )
        .filter(rank__lte=per_channel)
        .only("id", "title", "url_path", "path", "publish_time", "lead")
        .order_by("channel_path", "rank")
    )
    by_channel: dict[str, list[ArticlePage]] = {}
    for article in ranked:
        by_channel.setdefault(article.channel_path, []).append(article)
    return [ChannelSection(channel, by_channel.get(channel.path, [])) for channel in channels]
