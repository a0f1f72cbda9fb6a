"""相关阅读 stored: index a page's words, choose its list, forget a page. Each is a few queries
whatever the size of the site (the candidates come from the postings of a dozen words)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, QuerySet
from wagtail.models import Page

from fazhi.related.models import KeyTerm, RelatedChoice, RelatedDocument, RelatedLink, TermDocuments
from fazhi.related.terms import Text, key_terms, merge_choices, term_counts
from fazhi.search.service import current_segmenter

RELATED_COUNT = 6  # shown under an article (≥ 5 when the site has them)
CANDIDATES = 4 * RELATED_COUNT  # read from the postings before drops and unlisted pages
TOTAL = ""  # the TermDocuments row that counts indexed pages


def text_of(page: Any) -> Text:
    """The words' sources: the page's public shape (``public_content()``: title, lead, body, tags)."""
    content = page.public_content()
    return Text(content.title, content.lead, content.body, tuple(content.tags))


def _delete_rows(model: type, column: str, value: int) -> None:
    """``DELETE … WHERE column = value`` in one statement. (The ORM's ``delete()`` first reads
    the rows: a ``post_delete`` receiver listens to every model.) Nothing references these rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE {connection.ops.quote_name(column)} = %s", [value]
        )


def _adjust(terms: Iterable[str], delta: int) -> None:
    """Add ``delta`` to the document frequency of each word: one upsert statement per 500
    words (SQLite and PostgreSQL both have ``INSERT … ON CONFLICT … DO UPDATE``)."""
    terms = sorted(set(terms))
    table = connection.ops.quote_name(TermDocuments._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(terms), 500):
            chunk = terms[start : start + 500]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (term, documents) VALUES {values} "
                f"ON CONFLICT (term) DO UPDATE SET documents = {table}.documents + %s",
                [*(v for term in chunk for v in (term, max(delta, 0))), delta],
            )


def index_page(page: Any, text: Text | None = None) -> dict[str, float]:
    """Count the page's words in the document frequencies (replacing what its previous version
    counted) and store its key terms. Returns them, word → weight."""
    text = text or text_of(page)
    counts = term_counts(text, current_segmenter().query_words)
    words = set(counts)
    document = RelatedDocument.objects.filter(page_id=page.pk).first()
    before = set(document.terms.split()) if document and document.terms else set()
    added, removed = words - before, before - words
    _adjust(added | ({TOTAL} if document is None else set()), 1)
    _adjust(removed, -1)
    RelatedDocument.objects.update_or_create(
        page_id=page.pk, defaults={"terms": " ".join(sorted(words))}
    )
    frequencies = dict(
        TermDocuments.objects.filter(term__in=[*words, TOTAL]).values_list("term", "documents")
    )
    total = frequencies.pop(TOTAL, 1)
    weights = key_terms(counts, frequencies, total, tags=text.tags)
    _delete_rows(KeyTerm, "page_id", page.pk)
    KeyTerm.objects.bulk_create(
        [KeyTerm(page_id=page.pk, term=word, weight=weight) for word, weight in weights.items()]
    )
    return weights


def similar_pages(page_id: int, weights: dict[str, float], limit: int = CANDIDATES) -> list[int]:
    """Ids of the pages sharing the most weight with ``weights``, best first: one query for the
    postings of those words (short: a key term is rare by its IDF), summed here."""
    if not weights:
        return []
    scores: dict[int, float] = {}
    postings = KeyTerm.objects.filter(term__in=list(weights)).values_list(
        "page_id", "term", "weight"
    )
    for other, term, weight in postings:
        if other != page_id:
            scores[other] = scores.get(other, 0.0) + weight * weights[term]
    best = sorted(scores.items(), key=lambda item: (-item[1], -item[0]))[:limit]
    return [other for other, _ in best]


def listed_ids(ids: list[int]) -> set[int]:
    """Which of ``ids`` are live, public pages (an unpublished page loses its postings, but a
    page under a newly restricted section keeps them)."""
    if not ids:
        return set()
    private = Page.objects.all().private_q()
    return set(
        Page.objects.filter(pk__in=ids, live=True).exclude(private).values_list("pk", flat=True)
    )


def refresh(page: Any, text: Text | None = None) -> list[tuple[int, bool]]:
    """Index ``page`` and store its 相关阅读: the editors' pins, then the most similar pages."""
    with transaction.atomic():
        weights = index_page(page, text)
        computed = similar_pages(page.pk, weights)
        choices = list(RelatedChoice.objects.filter(page_id=page.pk).order_by("sort_order"))
        pins = [c.target_id for c in choices if c.action == RelatedChoice.PIN]
        drops = [c.target_id for c in choices if c.action == RelatedChoice.DROP]
        listed = listed_ids([*pins, *computed])
        shown = merge_choices(
            [i for i in computed if i in listed],
            [i for i in pins if i in listed],
            drops,
            page.pk,
            RELATED_COUNT,
        )
        _delete_rows(RelatedLink, "page_id", page.pk)
        RelatedLink.objects.bulk_create(
            [
                RelatedLink(page_id=page.pk, target_id=target, position=n, pinned=pinned)
                for n, (target, pinned) in enumerate(shown)
            ]
        )
    return shown


def short_lists(page_ids: list[int]) -> list[int]:
    """Which of ``page_ids`` show fewer than ``RELATED_COUNT`` items (one query): pages published
    before enough similar ones existed, which a newer similar page should join."""
    if not page_ids:
        return []
    full = set(
        RelatedLink.objects.filter(page_id__in=page_ids)
        .values("page_id")
        .annotate(n=Count("id"))
        .filter(n__gte=RELATED_COUNT)
        .values_list("page_id", flat=True)
    )
    return [page_id for page_id in page_ids if page_id not in full]


def forget(page_id: int) -> None:
    """Take a page out: its counts, key terms and list (lists showing it keep it, hidden at
    render while it is not live, until they are computed again)."""
    with transaction.atomic():
        document = RelatedDocument.objects.filter(page_id=page_id).first()
        if document is not None:
            _adjust([*document.terms.split(), TOTAL], -1)
            document.delete()
        KeyTerm.objects.filter(page_id=page_id).delete()
        RelatedLink.objects.filter(page_id=page_id).delete()


def links_for(page_id: int) -> QuerySet[RelatedLink]:
    """What the page render reads: one query, the live targets' ids, titles and paths."""
    return (
        RelatedLink.objects.filter(page_id=page_id, target__live=True)
        .select_related("target")
        .only("position", "pinned", "target__id", "target__title", "target__url_path")
        .order_by("position")
    )


def shown_links(page_id: int) -> list[Page]:
    """The page's list as its render needs it (id, title, path of each live target, in order):
    one plain query (the ORM took longer to build it than the database to run it)."""
    with connection.cursor() as cursor:
        cursor.execute(_shown_sql(), [page_id])
        return [
            Page(id=pk, title=title, url_path=url_path) for pk, title, url_path in cursor.fetchall()
        ]


@functools.cache
def _shown_sql() -> str:
    quote = connection.ops.quote_name
    link, page = quote(RelatedLink._meta.db_table), quote(Page._meta.db_table)
    return (
        f"SELECT p.id, p.title, p.url_path FROM {link} l INNER JOIN {page} p ON p.id = l.target_id "
        f"WHERE l.page_id = %s AND p.live ORDER BY l.position"
    )


def pages_showing(page_id: int) -> list[str]:
    """Tree url_paths of the pages whose 相关阅读 lists ``page_id``."""
    return list(
        RelatedLink.objects.filter(target_id=page_id).values_list("page__url_path", flat=True)
    )
