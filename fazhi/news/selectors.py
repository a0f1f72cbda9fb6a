"""Read-side queries of news pages: one query per list, whatever its length."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber, Substr
from wagtail.models import Page

from fazhi.news.models import ArticlePage, ChannelPage

# Page types that channel lists, the home page and feeds show together, newest first. Each
# defines ``listing_queryset()`` (live, only the fields lists need); private sections are excluded here.
LISTED_PAGE_TYPES = ("news.ArticlePage", "video.VideoPage")


def _listed_models() -> list[type[Page]]:
    return [apps.get_model(label) for label in LISTED_PAGE_TYPES]


def listed_querysets(ancestor: Page) -> list[QuerySet]:
    """One ordered queryset per listed page type, below ``ancestor``, live and public.

    The private sections are read once (one query) and shared by every type.
    """
    private = Page.objects.all().private_q()
    return [
        model.listing_queryset()
        .descendant_of(ancestor)
        .exclude(private)
        .order_by("-publish_time", "-pk")
        for model in _listed_models()
    ]


def _newest_key(page: Any) -> tuple:
    return (page.publish_time, page.pk)


def newest_first(lists: Iterable[Iterable[Any]], limit: int | None = None) -> list[Any]:
    """Merge lists that are each newest first into one newest-first list (ties: higher id first)."""
    merged = heapq.merge(*lists, key=_newest_key, reverse=True)
    return list(itertools.islice(merged, limit))


class NewestFirst(Sequence):
    """Several newest-first querysets seen as one list, for Django's Paginator.

    A slice ``[start:stop]`` reads at most ``stop`` rows of each queryset (one query each) and
    merges them; the length is the sum of counts. Queries stay fixed whatever the page size.
    When only one queryset has rows (a channel without videos), the slice is that queryset's own
    ``[start:stop]``: page N reads one page of rows, not N pages (the static export renders every
    list page of a 1,000-article channel, issue 18).
    """

    def __init__(self, querysets: list[QuerySet]) -> None:
        self.querysets = querysets
        self._counts: list[int] | None = None

    def __len__(self) -> int:
        if self._counts is None:
            self._counts = [qs.count() for qs in self.querysets]
        return sum(self._counts)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, step = index.indices(len(self))
        if stop <= start:
            return []
        present = [
            qs for qs, count in zip(self.querysets, self._counts or [], strict=True) if count
        ]
        if len(present) == 1:
            return list(present[0][start:stop])[::step]
        merged = newest_first(list(qs[:stop]) for qs in self.querysets)
        return merged[start:stop:step]


@dataclass
class ChannelSection:
    channel: ChannelPage
    articles: list[ArticlePage]


def top_channels(home: Page) -> list[ChannelPage]:
    """Live channels directly below the home page, in the editors' menu order."""
    return list(ChannelPage.objects.child_of(home).live().public().order_by("path"))


def latest_articles_by_channel(home: Page, per_channel: int) -> list[ChannelSection]:
    """The newest ``per_channel`` articles and videos of each top-level channel.

    One query for the channels and one per listed page type, whatever the number of channels.
    Pages of sub-channels count for their top-level channel. A window function ranks pages
    within each top-level channel, found by the tree path prefix of that channel; the per-type
    lists are then merged newest first.
    """
    channels = top_channels(home)
    if not channels:
        return []
    prefix_length = len(channels[0].path)
    by_channel: dict[str, list[list[Page]]] = {}
    for queryset in listed_querysets(home):
        ranked = (
            queryset.annotate(
                channel_path=Substr("path", 1, prefix_length),
                rank=Window(
                    RowNumber(),
                    partition_by=Substr("path", 1, prefix_length),
                    order_by=[F("publish_time").desc(), F("pk").desc()],
                ),
            )
            .filter(rank__lte=per_channel)
            .order_by("channel_path", "rank")
        )
        grouped: dict[str, list[Page]] = {}
        for item in ranked:
            grouped.setdefault(item.channel_path, []).append(item)
        for path, items in grouped.items():
            by_channel.setdefault(path, []).append(items)
    return [
        ChannelSection(channel, newest_first(by_channel.get(channel.path, []), per_channel))
        for channel in channels
    ]
