"""Search as the views use it: parse, run on the backend, load the rows, build snippets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString

from fazhi.search.backends import backend_for_connection
from fazhi.search.backends.base import NO_FILTERS, SORT_RELEVANCE, Filters, SearchBackend
from fazhi.search.highlight import highlight, snippet
from fazhi.search.query import ParsedQuery, parse_query
from fazhi.search.segment import Segmenter, get_segmenter

DICTIONARY_KEY = "search:dictionary"
GENERATION_KEY = "search:generation"
FORMAT_KEY = "search:index-format"


def dictionary_words() -> list[str]:
    """The editors' words (cached briefly so each search does not read the settings row)."""
    words = cache.get(DICTIONARY_KEY)
    if words is None:
        from fazhi.search.models import SearchDictionary

        words = SearchDictionary.load().word_list()
        cache.set(DICTIONARY_KEY, words, 60)
    return words


def index_is_legacy() -> bool:
    """Whether the index predates the current token format (until ``rebuild_search``)."""
    from fazhi.search.models import INDEX_FORMAT, SearchIndexState

    value = cache.get(FORMAT_KEY)
    if value is None:
        value = SearchIndexState.current_format()
        cache.set(FORMAT_KEY, value, 60)
    return value < INDEX_FORMAT


def current_segmenter() -> Segmenter:
    return get_segmenter(dictionary_words())


def get_backend() -> SearchBackend:
    return backend_for_connection(current_segmenter())


@dataclass
class Result:
    title: SafeString  # highlighted
    plain_title: str
    url: str
    channel: str
    publish_time: datetime
    author: str
    snippet: SafeString


@dataclass
class SearchResults:
    query: ParsedQuery
    total: int = 0
    total_exact: bool = True  # False: "more than total"
    page: int = 1
    num_pages: int = 0
    results: list[Result] = field(default_factory=list)
    # When nothing matched: each word searched alone, with its count.
    suggestions: list[tuple[str, int]] = field(default_factory=list)


RESULT_COLUMNS = "doc_key, title, url, channel, publish_time, author, lead, body"


def result_rows(keys: list[int]) -> dict[int, tuple]:
    """doc_key -> (title, url, channel, publish_time, author, lead, body) of the documents
    shown: one plain query (the ORM's queryset and model instances took as long again as the
    query itself, ≈ 2-4 ms a page under load)."""
    if not keys:
        return {}
    marks = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {RESULT_COLUMNS} FROM search_document WHERE doc_key IN ({marks})", keys
        )
        rows = cursor.fetchall()
    out = {}
    for key, title, url, channel, published, author, lead, body in rows:
        if isinstance(published, str):  # SQLite without a converter for the column
            published = datetime.fromisoformat(published)
        if timezone.is_naive(published):  # SQLite stores UTC without an offset
            published = published.replace(tzinfo=UTC)
        out[key] = (title, url, channel, published, author, lead, body)
    return out


def run_search(
    raw: str,
    filters: Filters = NO_FILTERS,
    sort: str = SORT_RELEVANCE,
    page: int = 1,
    per_page: int | None = None,
) -> SearchResults:
    per_page = per_page or settings.SEARCH_PER_PAGE
    segmenter = current_segmenter()
    backend = backend_for_connection(segmenter)
    query = parse_query(raw, segmenter, settings.SEARCH_MAX_QUERY_LENGTH, index_is_legacy())
    outcome = SearchResults(query)
    if not query.searchable:
        return outcome
    hits = backend.search(query, filters, sort, (page - 1) * per_page, per_page)
    outcome.total, outcome.total_exact, outcome.page = hits.total, hits.exact, page
    outcome.num_pages = -(-hits.total // per_page)
    documents = result_rows(hits.keys)
    for key in hits.keys:
        row = documents.get(key)
        if row is None:
            continue
        title, url, channel, publish_time, author, lead, body = row
        outcome.results.append(
            Result(
                title=highlight(title, query.highlight),
                plain_title=title,
                url=url,
                channel=channel,
                publish_time=publish_time,
                author=author,
                snippet=snippet(f"{lead}\n{body}", query.highlight),
            )
        )
    if hits.total == 0 and len(query.include) > 1:
        for term in query.include:
            alone = ParsedQuery(term.text, (term,))
            outcome.suggestions.append((term.text, backend.search(alone, filters, limit=0).total))
    return outcome
