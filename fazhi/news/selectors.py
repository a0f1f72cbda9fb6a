"""Read-side queries of news pages: one query per list, whatever its length."""

from __future__ import annotations

import functools
import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import connection
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber, Substr
from wagtail.models import Page, PageViewRestriction

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


@dataclass
class Neighbours:
    """上一篇 (published just before) and 下一篇 (just after) within the page's channel."""

    previous: Page | None
    next: Page | None


def neighbours(page: Any) -> Neighbours:
    """The live, public articles or videos of the same channel published just before and just
    after ``page``, in the channel list's order (``publish_time``, then id): one query.

    Works for a page that is no longer live or no longer exists (an unpublish, a delete): its
    ``path`` and ``publish_time`` still say where it stood."""
    return neighbours_at(page.path[: -Page.steplen], page.publish_time, page.pk)


def neighbours_at(parent_path: str, moment: datetime, pk: int | None) -> Neighbours:
    """``neighbours`` of a page with id ``pk`` published at ``moment`` below the page whose tree
    path is ``parent_path`` (where a page was before it moved or was re-dated)."""
    depth = len(parent_path) // Page.steplen + 1
    pk = pk or 0
    when = connection.ops.adapt_datetimefield_value(moment)
    params: list[Any] = []
    for _model in _listed_models():
        for _side in (0, 1):  # older: (time, id) below the page's; newer: above
            params += [parent_path + "%", depth, pk, when, when, pk]
    best: dict[int, tuple] = {}
    with connection.cursor() as cursor:
        cursor.execute(_neighbours_sql(), params)
        for row in cursor.fetchall():
            side = row[4]
            key = (row[3], row[0])
            if side not in best or (key > best[side][0] if side == 0 else key < best[side][0]):
                best[side] = (key, row)

    def as_page(side: int) -> Page | None:
        if side not in best:
            return None
        pk_, title, url_path, _moment, _side = best[side][1]
        return Page(id=pk_, title=title, url_path=url_path)

    return Neighbours(previous=as_page(0), next=as_page(1))


@functools.cache
def _neighbours_sql() -> str:
    """One statement: for each listed page type, the live sibling just before and just after,
    each arm wrapped so SQLite accepts its ORDER BY and LIMIT in a UNION ALL. Siblings with a
    view restriction of their own are skipped (a restricted section above would hide the page
    itself). Plain SQL: the ORM built this query in more time than the database ran it."""
    quote = connection.ops.quote_name
    page = quote(Page._meta.db_table)
    restriction = quote(PageViewRestriction._meta.db_table)
    arms = []
    for model in _listed_models():
        table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
        for side, compare, order in ((0, "<", "DESC"), (1, ">", "ASC")):
            arms.append(
                f"SELECT * FROM (SELECT p.id, p.title, p.url_path, t.publish_time, {side} AS side "
                f"FROM {page} p INNER JOIN {table} t ON t.{key} = p.id "
                f"WHERE p.path LIKE %s AND p.depth = %s AND p.live AND p.id <> %s "
                f"AND p.id NOT IN (SELECT page_id FROM {restriction}) "
                f"AND (t.publish_time {compare} %s OR (t.publish_time = %s AND p.id {compare} %s)) "
                f"ORDER BY t.publish_time {order}, p.id {order} LIMIT 1) AS arm{len(arms)}"
            )
    return " UNION ALL ".join(arms)
