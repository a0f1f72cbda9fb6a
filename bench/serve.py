"""How fast fazhi serves the seed article, against nginx and a bare Wagtail site (run by hand).

    make bench-tools   # Debian's nginx and wrk
    .venv/bin/python bench/serve.py --seconds 10 --rounds 3 --redis-url redis://127.0.0.1:6379/7

In one run, on loopback:
  (a) nginx as deployed (deploy/nginx/fazhi.conf via ``render_site``, ``worker_processes auto``
      as Debian's nginx.conf, sendfile, tcp_nopush, keep-alive to clients and to the app, no
      access log) serving the exported file of the seed article: the baseline of every ratio;
  (a') a plain nginx serving the same file (one ``location``, ``open_file_cache``, nothing
      else): a cross-check that (a) is not a weak baseline, printed beside it;
  (m) the cached article through the production nginx without the export (the page is not on
      disk, so ``@app``): nginx's microcache of what the app marked shareable, the app behind it
      being (b);
and each with one worker process:
  (b) fazhi with its page cache (Redis, as in production; and the local-memory cache),
  (c) fazhi uncached,
  (d) a bare Wagtail 8 site made here with ``wagtail start``, an article page model with the
      same content, the default template and settings, no optimisation (the peer baseline).
Rounds are interleaved (a b c d a b c d ...) so a busy neighbour slows all targets alike; the
table reports medians and ratios to (a) and (d). Then: publish-to-visible time (cached URL and
exported file), the export rate for ``--articles`` articles, and worker RSS.

Everything runs in a temporary directory (SQLite file, export, nginx prefix) and is removed at
the end; only ``--json`` (if given) is written.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Four ports from --port-base (on the shared machine each checkout has its own range);
# (b') reuses (b)'s port afterwards.
PORTS = {"nginx": 0, "cached": 1, "uncached": 2, "bare": 3}
# With --before: another checkout (its own .venv) under the same server as (b) and (c) (or
# --before-server), and the bare site under gunicorn, in the same interleaved rounds.
BEFORE_PORTS = {"before_cached": 4, "before_uncached": 5, "bare_gunicorn": 6}
# With --before and --local: the default install's page cache (local memory, no Redis) of both
# checkouts in the same interleaved rounds: what a cached hit costs there before and after.
LOCAL_PORTS = {"cached_local": 7, "before_cached_local": 8}
# The plain nginx (a') and the production nginx without the export (m): always.
NGINX_PORTS = {"plain": 9, "micro": 10}
PORTS.update(NGINX_PORTS)

PLAIN_NGINX = """worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
daemon off;
{user}events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    open_file_cache max=1000 inactive=60s;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


@dataclass
class Target:
    key: str
    label: str
    url: str
    runs: list[dict] = field(default_factory=list)

    def median(self, name: str) -> float:
        return statistics.median(run[name] for run in self.runs)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(url)


def free(port: int) -> None:
    with socket.socket() as sock:
        if sock.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is in use; stop what listens there first")


def run(cmd: list[str], env: dict, cwd: Path | None = None) -> str:
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# --- load generator --------------------------------------------------------------------------


def to_ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:  # e.g. too few requests for a percentile
        return float("nan")
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    # The machine is shared: the load average beside every figure.
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "load": os.getloadavg()[0]}


def rss_mb(pid: int) -> float:
    """RSS of a server's worker process (the main process's only child)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    status = Path(f"/proc/{children[0] if children else pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


# --- the sites -------------------------------------------------------------------------------


def fazhi_env(work: Path, args: argparse.Namespace, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env.update(
        {
            "FAZHI_ENV": "development",
            "FAZHI_DEBUG": "false",
            "FAZHI_SECRET_KEY": "bench-" + "x" * 50,
            "FAZHI_VAR_DIR": str(work / "var"),
            "FAZHI_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "FAZHI_DATABASE_URL": args.database_url
            or f"sqlite:///{work / 'var' / 'fazhi.sqlite3'}",
            "FAZHI_REDIS_URL": args.redis_url,
            "FAZHI_CACHE_PREFIX": f"bench{os.getpid()}",
            "FAZHI_EXPORT_DIR": str(work / "export"),
            "FAZHI_EXPORT_BASE_URL": "http://127.0.0.1",
            "FAZHI_LOG_LEVEL": "ERROR",
        }
    )
    env.update(extra)
    return env


SERVER = "granian"  # --server


def gunicorn(
    bin_dir: Path, module: str, port: int, env: dict, cwd: Path | None = None
) -> subprocess.Popen:
    free(port)
    cmd = [str(bin_dir / "gunicorn"), module, "-w", "1", "-b", f"127.0.0.1:{port}"]
    return subprocess.Popen([*cmd, "--log-level", "error"], env=env, cwd=cwd)


BEFORE_EXPORT = """
import json, resource, sys, time
import django
django.setup()
import fazhi
from pathlib import Path

def cpu():
    return sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))

root, seconds, processes = Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
sample = int(sys.argv[4]) if len(sys.argv) > 4 else 400
started = time.monotonic()
done = 0
try:  # a checkout with the batched export: the same sample, batches and processes as "after"
    from fazhi.serving.export import all_targets, render_chunks
except ImportError:  # an older one: its test client, one process
    from fazhi.serving.export import all_urls, export_client, file_for_url, write_atomic
    urls = all_urls()
    client, kind = export_client(), "test client, one process"
    for url in urls[:: max(1, len(urls) // sample)]:
        response = client.get(url)
        assert response.status_code == 200, url
        write_atomic(root / file_for_url(url, response["Content-Type"]), response.content)
        done += 1
        if time.monotonic() - started > seconds:
            break
else:
    targets = all_targets()
    kind = f"batches of 50, {processes} processes"
    started, cpu0 = time.monotonic(), cpu()
    for batch in render_chunks(root, targets[:: max(1, len(targets) // sample)], processes):
        assert all(item.status == 200 for item in batch), batch
        done += len(batch)
        if time.monotonic() - started > seconds:
            break
seconds = time.monotonic() - started
cpu_ms = 1000 * (cpu() - cpu0) / done if kind.startswith("batches") else float("nan")
print(json.dumps({"sampled": done, "seconds": seconds, "kind": kind, "code": fazhi.__file__,
                  "cpu_ms_per_page": cpu_ms}))
"""


def before_export_rate(
    before: Path, work: Path, env: dict, seconds: float, processes: int, sample: int = 400
) -> dict:
    """The other checkout's export (its own code) on the same database and the same sample of
    URLs: batched like ``export_rate`` when that checkout has ``render_chunks``."""
    out = run(
        [
            str(before / ".venv/bin/python"),
            "-c",
            BEFORE_EXPORT,
            str(work / "export-before"),
            str(seconds),
            str(processes),
            str(sample),
        ],
        {**env, "DJANGO_SETTINGS_MODULE": "fazhi.settings"},
        cwd=before,
    )
    result = json.loads(out.strip().splitlines()[-1])
    result["pages_per_s"] = result["sampled"] / result["seconds"]
    log(f"  before's export ran {result['code']} ({result['kind']})")
    return result


def app_server(
    module: str, port: int, env: dict, cwd: Path | None = None, bin_dir: Path = BIN
) -> subprocess.Popen:
    """One worker process of ``module``'s WSGI application, under the server chosen for the run
    (fazhi and the bare Wagtail site always under the same one); ``bin_dir``: whose server
    (another checkout's .venv for --before)."""
    free(port)
    if SERVER == "granian":
        cmd = [
            str(bin_dir / "granian"),
            "--interface",
            "wsgi",
            f"{module}:application",
            "--workers",
            "1",
            # As deploy/systemd/fazhi.service (granian's default is hundreds of threads).
            "--blocking-threads",
            "8",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--no-access-log",
        ]
        if cwd is not None:
            cmd += ["--working-dir", str(cwd)]
    else:
        return gunicorn(bin_dir, module, port, env, cwd)
    return subprocess.Popen(cmd, env=env, cwd=cwd)


BARE_MODELS = """
from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    pass


class ArticlePage(Page):
    date = models.DateTimeField()
    source = models.CharField(max_length=100, blank=True)
    author = models.CharField(max_length=100, blank=True)
    lead = models.TextField(blank=True)
    body = RichTextField(blank=True)
"""

BARE_TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}
{% block content %}
<h1>{{ page.title }}</h1>
<p>时间:{{ page.date|date:"Y-m-d H:i:s" }} 来源:{{ page.source }} 作者:{{ page.author }}</p>
<p>导读:{{ page.lead }}</p>
{{ page.body|richtext }}
{% endblock %}
"""

BARE_SETTINGS = """from .base import *  # noqa
DEBUG = False
SECRET_KEY = "bench-bare"
ALLOWED_HOSTS = ["*"]
"""


def build_bare_wagtail(work: Path, seed: dict) -> tuple[Path, dict]:
    """``wagtail start``, one article model, the seed's content: the peer baseline."""
    bare = work / "bare"
    bare.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    env["DJANGO_SETTINGS_MODULE"] = "bareproj.settings.bench"
    run([str(BIN / "wagtail"), "start", "bareproj", str(bare)], env)
    (bare / "bareproj/settings/bench.py").write_text(BARE_SETTINGS)
    (bare / "home/models.py").write_text(BARE_MODELS)
    (bare / "home/templates/home/article_page.html").write_text(BARE_TEMPLATE)
    python = str(BIN / "python")
    run([python, "manage.py", "makemigrations", "home"], env, bare)
    run([python, "manage.py", "migrate", "--noinput"], env, bare)
    script = textwrap.dedent(
        f"""
        import json
        from home.models import ArticlePage, HomePage
        seed = json.loads({json.dumps(json.dumps(seed))})
        home = HomePage.objects.first()
        page = ArticlePage(title=seed["title"], slug="seed", date=seed["date"],
                           source=seed["source"], author=seed["author"], lead=seed["lead"],
                           body=seed["body"])
        home.add_child(instance=page)
        page.save_revision().publish()
        print(page.url)
        """
    )
    url = run([python, "manage.py", "shell", "-c", script], env, bare).strip().splitlines()[-1]
    return bare, {"env": env, "url": url}


def seed_content() -> dict:
    """The seed article's fields and body HTML, for the bare Wagtail copy."""
    from bs4 import BeautifulSoup
    from django.test import Client

    from fazhi.news.models import ArticlePage

    article = ArticlePage.objects.get(slug__startswith="20190828")
    response = Client(HTTP_HOST="127.0.0.1").get(article.url)
    soup = BeautifulSoup(response.content, "lxml")
    html = "".join(str(child) for child in soup.select_one(".article__body").children)
    return {
        "title": article.title,
        "date": article.publish_time.isoformat(),
        "source": article.source,
        "author": article.author,
        "lead": article.lead,
        "body": html,
        "url": article.url,
        "pk": article.pk,
    }


# --- measurements ----------------------------------------------------------------------------


def poll(url: str, needle: str, started: float, timeout: float = 10) -> float:
    while time.monotonic() - started < timeout:
        with urllib.request.urlopen(url, timeout=5) as response:
            if needle in response.read().decode():
                return time.monotonic() - started
        time.sleep(0.005)
    return float("inf")


def publish_to_visible(seed: dict, times: int) -> dict:
    """Publish an edit here (the editor's process) and poll the cached URL and the exported file
    through nginx until it shows. FAZHI_EXPORT_ON_PUBLISH is on in this process."""
    from fazhi.news.models import ArticlePage

    cached, exported = [], []
    for n in range(times):
        article = ArticlePage.objects.get(pk=seed["pk"])
        marker = f"修订{n}-{time.time_ns()}"
        article.title = f"{seed['title']}（{marker}）"
        started = time.monotonic()
        article.save_revision().publish()
        cached.append(poll(f"http://127.0.0.1:{PORTS['cached']}{seed['url']}", marker, started))
        exported.append(poll(f"http://127.0.0.1:{PORTS['nginx']}{seed['url']}", marker, started))
    article = ArticlePage.objects.get(pk=seed["pk"])
    article.title = seed["title"]
    article.save_revision().publish()
    return {"cached_s": statistics.median(cached), "exported_s": statistics.median(exported)}


def add_articles(count: int) -> int:
    """``count`` live articles over ten new channels (the export-rate corpus), written in bulk:
    Page rows with treebeard paths computed here, then the ArticlePage rows in one executemany
    (creating 10,000 pages one by one through Wagtail would take most of the run)."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.test import override_settings
    from django.utils import timezone
    from wagtail.models import Page
    from wagtail.rich_text import RichText

    from fazhi.adapters.treebeard_paths import child_path
    from fazhi.core.models import HomePage
    from fazhi.news.models import ArticlePage, ChannelPage

    home = HomePage.objects.first()
    text = "依法治国是党领导人民治理国家的基本方略，法治是治国理政的基本方式。"
    probe = ArticlePage(
        body=[
            ("heading", "一、背景"),
            *[("paragraph", RichText(f"<p>第{i}段：{text}</p>")) for i in range(8)],
        ]
    )
    body = ArticlePage._meta.get_field("body").get_db_prep_value(probe.body, connection)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    now = timezone.now()
    # Publishing the ten channels would start a whole-site export in a thread of this process
    # for each (FAZHI_EXPORT_ON_PUBLISH is on here, for publish-to-visible): ten exports of
    # 10,000 articles, running beside the export rate measured next.
    with transaction.atomic(), override_settings(FAZHI_EXPORT_ON_PUBLISH=False):
        channels = []
        for i in range(10):
            channel = ChannelPage(title=f"测试栏目{i}", slug=f"bench-{i}", show_in_menus=False)
            home.add_child(instance=channel)
            channel.save_revision().publish()
            channels.append(channel)
        pages = []
        for i in range(count):
            channel = channels[i % 10]
            step = i // 10 + 1
            pages.append(
                Page(
                    path=child_path(channel, step),
                    depth=channel.depth + 1,
                    numchild=0,
                    translation_key=uuid.uuid4(),
                    locale_id=channel.locale_id,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                    title=f"基准测试文章{i}",
                    draft_title=f"基准测试文章{i}",
                    slug=f"a{i}",
                    content_type=content_type,
                    url_path=f"{channel.url_path}a{i}/",
                )
            )
        created = Page.objects.bulk_create(pages, batch_size=500)
        for n, channel in enumerate(channels):
            Page.objects.filter(pk=channel.pk).update(numchild=len(range(n, count, 10)))
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO news_articlepage (page_ptr_id, publish_time, source, author, byline, lead,"
                " body, responsible_editor, source_url) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (page.pk, now, "法治报道", "记者", "", "导读：基准测试。", body, "编辑", "")
                    for page in created
                ],
            )
    return count


def export_rate(
    work: Path, articles: int, seconds: float, processes: int, sample: int = 400
) -> dict:
    """Pages/s of a full export of a site with ``articles`` more articles. The full export is
    long on a shared machine, so it renders an even sample of its URL list (every k-th URL: the
    same mix of articles, list pages and feeds, ``sample`` URLs) the way ``export_static`` does —
    batches of 50, ``processes`` worker processes, atomic writes — for at most ``seconds``, and
    projects the full run from that rate."""
    log(f"adding {articles} articles (bulk)")
    started = time.monotonic()
    add_articles(articles)
    log(f"  added in {time.monotonic() - started:.0f} s; exporting a sample for {seconds:.0f} s")
    return export_sample(work / "export-rate", seconds, processes, sample)


def export_sample(root: Path, seconds: float, processes: int, sample: int) -> dict:
    """Render the even sample of every URL into ``root`` (see ``export_rate``)."""
    from fazhi.serving.export import all_targets, render_chunks

    targets = all_targets()
    step = max(1, len(targets) // sample)
    done = 0
    started, cpu0 = time.monotonic(), cpu_seconds()
    # Whole batches: a batch's pages are all rendered before its results come back.
    for batch in render_chunks(root, targets[::step], processes):
        assert all(item.status == 200 for item in batch), batch
        done += len(batch)
        if time.monotonic() - started > seconds:
            break
    elapsed = time.monotonic() - started
    # CPU of this process and of the export workers (reaped when the pool closed): what a page
    # costs whatever the neighbours take, unlike pages/s on a shared machine.
    cpu_ms = 1000 * (cpu_seconds() - cpu0) / done
    rate = done / elapsed
    return {
        "pages": len(targets),
        "sampled": done,
        "seconds": elapsed,
        "pages_per_s": rate,
        "projected_s": len(targets) / rate,
        "processes": processes,
        "cpu_ms_per_page": cpu_ms,
    }


def cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children."""
    import resource

    return sum(
        resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )


# --- main ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per round and target")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument(
        "--articles", type=int, default=10_000, help="corpus for the export rate (0: skip)"
    )
    parser.add_argument(
        "--export-seconds", type=float, default=60, help="time budget of the export sample"
    )
    parser.add_argument(
        "--export-sample", type=int, default=400, help="URLs of the export sample (evenly spread)"
    )
    parser.add_argument("--publishes", type=int, default=5)
    parser.add_argument(
        "--export-processes", type=int, default=2, help="processes of the export (the cores)"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--database-url", default="", help="default: a SQLite file in the temp dir")
    parser.add_argument("--json", default="", help="also write the results here")
    parser.add_argument(
        "--port-base",
        type=int,
        default=18007,
        help="four ports from this one (seven with --before)",
    )
    parser.add_argument(
        "--before",
        default="",
        help="another checkout with its own .venv (e.g. main): its (b) and (c) (under "
        "--before-server), and (d) under gunicorn, in the same rounds; and its export rate",
    )
    parser.add_argument(
        "--local",
        action="store_true",
        help="with --before: also both checkouts with the local-memory page cache (no Redis), "
        "interleaved with the rest",
    )
    parser.add_argument(
        "--server",
        choices=["granian", "gunicorn"],
        default="granian",
        help="WSGI server of (b), (c) and (d): granian (as deployed) or gunicorn's sync worker",
    )
    parser.add_argument(
        "--before-server",
        choices=["same", "granian", "gunicorn"],
        default="same",
        help="server of (b0) and (c0): the same as --server (default), or another",
    )
    args = parser.parse_args()
    global SERVER
    SERVER = args.server
    if args.before:
        PORTS.update(BEFORE_PORTS)
        if args.local:
            PORTS.update(LOCAL_PORTS)
    for name in PORTS:
        PORTS[name] += args.port_base
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is missing: run `make bench-tools`")

    work = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    processes: list[subprocess.Popen] = []
    try:
        env = fazhi_env(work, args, FAZHI_EXPORT_ON_PUBLISH="true")
        os.environ.update({k: v for k, v in env.items() if k.startswith("FAZHI_")})
        os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings"
        fazhi = str(BIN / "fazhi")
        log(f"work dir {work}: migrate, load_demo, export")
        run([fazhi, "migrate", "--noinput"], env)
        run([fazhi, "load_demo"], env)
        import django

        django.setup()
        from django.core.cache import cache

        from fazhi.serving.deploy import render_site, render_standalone
        from fazhi.serving.export import export_site

        cache.clear()
        seed = seed_content()
        export_site(work / "export", everything=True, progress=False)

        log("building the bare Wagtail baseline (wagtail start + one article model)")
        bare_dir, bare = build_bare_wagtail(work, seed)

        prefix = work / "nginx"
        prefix.mkdir()
        site = render_site(
            listen=f"127.0.0.1:{PORTS['nginx']}",
            upstream=f"127.0.0.1:{PORTS['cached']}",
            export_dir=work / "export",
            static_root=work / "export" / "static",
            media_root=work / "var" / "media",
        )
        # As deployed: Debian's nginx.conf says worker_processes auto (one per core).
        (prefix / "nginx.conf").write_text(render_standalone(site, prefix, workers="auto"))
        free(PORTS["nginx"])
        nginx = subprocess.Popen(["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")])
        # (m): the same site without the export in front: the article goes to the app, through
        # the microcache.
        micro_prefix = work / "nginx-micro"
        micro_prefix.mkdir()
        (work / "no-export").mkdir()
        micro_site = render_site(
            listen=f"127.0.0.1:{PORTS['micro']}",
            upstream=f"127.0.0.1:{PORTS['cached']}",
            export_dir=work / "no-export",
            static_root=work / "export" / "static",
            media_root=work / "var" / "media",
        )
        (micro_prefix / "nginx.conf").write_text(
            render_standalone(micro_site, micro_prefix, workers="auto")
        )
        free(PORTS["micro"])
        micro = subprocess.Popen(
            ["nginx", "-p", str(micro_prefix), "-c", str(micro_prefix / "nginx.conf")]
        )
        # (a'): a plain nginx on the same file.
        plain_prefix = work / "nginx-plain"
        plain_prefix.mkdir()
        (plain_prefix / "nginx.conf").write_text(
            PLAIN_NGINX.format(
                prefix=plain_prefix,
                port=PORTS["plain"],
                root=work / "export",
                user="user root;\n" if os.geteuid() == 0 else "",
            )
        )
        free(PORTS["plain"])
        plain = subprocess.Popen(
            ["nginx", "-p", str(plain_prefix), "-c", str(plain_prefix / "nginx.conf")]
        )
        processes += [micro, plain]
        cached = app_server("fazhi.wsgi", PORTS["cached"], env)
        uncached = app_server(
            "fazhi.wsgi", PORTS["uncached"], fazhi_env(work, args, FAZHI_PAGE_CACHE_SECONDS="0")
        )
        bare_server = app_server("bareproj.wsgi", PORTS["bare"], bare["env"], cwd=bare_dir)
        processes += [nginx, cached, uncached, bare_server]
        if (ROOT / "fazhi" / "jobs").is_dir():
            # Export on publish runs in the task worker (RQ on the bench's Redis).
            worker_log = open(work / "worker.log", "wb")
            processes.append(
                subprocess.Popen(
                    [fazhi, "run_worker"], env=env, stdout=worker_log, stderr=subprocess.STDOUT
                )
            )

        path = seed["url"]
        targets = [
            Target(
                "a",
                "(a) nginx as deployed, exported file",
                f"http://127.0.0.1:{PORTS['nginx']}{path}",
            ),
            Target(
                "a1",
                "(a') plain nginx, same file (cross-check)",
                f"http://127.0.0.1:{PORTS['plain']}{path}",
            ),
            Target(
                "m",
                "(m) fazhi behind nginx as deployed, no export: microcache",
                f"http://127.0.0.1:{PORTS['micro']}{path}",
            ),
            Target(
                "b", "(b) fazhi, page cache in Redis", f"http://127.0.0.1:{PORTS['cached']}{path}"
            ),
            Target("c", "(c) fazhi, uncached", f"http://127.0.0.1:{PORTS['uncached']}{path}"),
            Target(
                "d",
                "(d) bare Wagtail 8, default template",
                f"http://127.0.0.1:{PORTS['bare']}{bare['url']}",
            ),
        ]
        rss_pids = {
            "a": nginx.pid,
            "a1": plain.pid,
            "m": micro.pid,
            "b": cached.pid,
            "c": uncached.pid,
            "d": bare_server.pid,
        }
        if args.before:
            before = Path(args.before).resolve()
            before_env = {"FAZHI_CACHE_PREFIX": f"before{os.getpid()}"}
            # The "before" fazhi under the same server as "after" (main deploys granian too),
            # so (c0)/(d) and (c)/(d) compare code, not servers; --before-server gunicorn keeps
            # the older comparison.
            before_server = args.server if args.before_server == "same" else args.before_server

            def before_app(port: int, env: dict) -> subprocess.Popen:
                global SERVER
                saved, SERVER = SERVER, before_server
                try:
                    return app_server(
                        "fazhi.wsgi", port, env, cwd=before, bin_dir=before / ".venv/bin"
                    )
                finally:
                    SERVER = saved

            servers = {
                "b0": before_app(PORTS["before_cached"], fazhi_env(work, args, **before_env)),
                "c0": before_app(
                    PORTS["before_uncached"],
                    fazhi_env(work, args, FAZHI_PAGE_CACHE_SECONDS="0", **before_env),
                ),
                "d0": gunicorn(BIN, "bareproj.wsgi", PORTS["bare_gunicorn"], bare["env"], bare_dir),
            }
            if args.local:
                local = {"FAZHI_REDIS_URL": "", "FAZHI_TASK_BACKEND": "database"}
                servers["b1"] = app_server(
                    "fazhi.wsgi", PORTS["cached_local"], fazhi_env(work, args, **local)
                )
                servers["b10"] = before_app(
                    PORTS["before_cached_local"], fazhi_env(work, args, **local, **before_env)
                )
            processes += list(servers.values())
            rss_pids.update({key: server.pid for key, server in servers.items()})
            targets += [
                Target(
                    "b0",
                    f"(b0) before ({before.name}): page cache in Redis, {before_server}",
                    f"http://127.0.0.1:{PORTS['before_cached']}{path}",
                ),
                Target(
                    "c0",
                    f"(c0) before ({before.name}): uncached, {before_server}",
                    f"http://127.0.0.1:{PORTS['before_uncached']}{path}",
                ),
                Target(
                    "d0",
                    "(d0) bare Wagtail 8 under gunicorn",
                    f"http://127.0.0.1:{PORTS['bare_gunicorn']}{bare['url']}",
                ),
            ]
            if args.local:
                targets += [
                    Target(
                        "b1",
                        "(b1) fazhi, page cache in local memory (default install)",
                        f"http://127.0.0.1:{PORTS['cached_local']}{path}",
                    ),
                    Target(
                        "b10",
                        f"(b10) before ({before.name}): page cache in local memory",
                        f"http://127.0.0.1:{PORTS['before_cached_local']}{path}",
                    ),
                ]
        for target in targets:
            wait_for(target.url)
        for n in range(args.rounds):
            for target in targets:
                log(f"round {n + 1}/{args.rounds}: {target.label}")
                target.runs.append(wrk(target.url, args.seconds, args.connections))
        sizes = {t.key: len(urllib.request.urlopen(t.url).read()) for t in targets}
        rss = {key: rss_mb(pid) for key, pid in rss_pids.items()}

        log("publish-to-visible")
        visible = publish_to_visible(seed, args.publishes)

        # (b') the local-memory cache (the default without Redis) and (b'') Redis without the
        # per-process copy, on (b)'s port, after the rest.
        cached.send_signal(signal.SIGTERM)
        cached.wait(20)
        processes.remove(cached)
        extras = [
            ("b2", "(b') fazhi, page cache in local memory*", {"FAZHI_REDIS_URL": ""}),
            ("b3", "(b'') fazhi, Redis, no per-process copy*", {"FAZHI_PAGE_L1_MB": "0"}),
        ]
        for n, (key, label, extra) in enumerate(extras):
            server = app_server("fazhi.wsgi", PORTS["cached"], fazhi_env(work, args, **extra))
            processes.append(server)
            target = Target(key, label, by_url(targets, "b").url)
            wait_for(target.url)
            for r in range(args.rounds):
                log(f"round {r + 1}/{args.rounds}: {target.label}")
                target.runs.append(wrk(target.url, args.seconds, args.connections))
            targets.insert(2 + n, target)
            sizes[key], rss[key] = sizes["b"], rss_mb(server.pid)
            server.send_signal(signal.SIGTERM)
            server.wait(20)
            processes.remove(server)
        report(
            args, targets, sizes, rss, visible, None
        )  # printed now, in case the export is cut short
        if args.articles:
            rate = export_rate(
                work,
                args.articles,
                args.export_seconds,
                args.export_processes,
                args.export_sample,
            )
            if args.before:
                log("export rate of the --before checkout, same database and sample")
                rate["before"] = before_export_rate(
                    Path(args.before).resolve(),
                    work,
                    env,
                    args.export_seconds,
                    args.export_processes,
                    args.export_sample,
                )
                # After, before, after again: a neighbour's burst shows as a gap between the two.
                rate["again"] = export_sample(
                    work / "export-rate-2",
                    args.export_seconds,
                    args.export_processes,
                    args.export_sample,
                )
            report(args, targets, sizes, rss, visible, rate)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


def by_url(targets: list[Target], key: str) -> Target:
    return next(t for t in targets if t.key == key)


def report(
    args, targets: list[Target], sizes: dict, rss: dict, visible: dict, rate: dict | None
) -> None:
    by_key = {t.key: t for t in targets}
    nginx_rps, bare_rps = by_key["a"].median("rps"), by_key["d"].median("rps")
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    lines = [
        f"Machine: {cpu}, {os.cpu_count()} cores, Linux {platform.release()}, load average before the run "
        f"{os.getloadavg()[0]:.1f} (shared with other users).",
        f"wrk -t1 -c{args.connections}, {args.seconds} s per round, {args.rounds} interleaved rounds, medians; "
        f"nginx worker_processes auto ({os.cpu_count()}), one {args.server} worker process each "
        "for (b), (c), (d); loopback.",
        "",
        "| target | bytes | req/s | p50 ms | p99 ms | × (a) nginx | × (a') plain nginx "
        "| × (d) bare Wagtail | worker RSS MB | load avg (rounds) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    plain_rps = by_key["a1"].median("rps")
    for t in targets:
        rps = t.median("rps")
        loads = "–".join(f"{run['load']:.1f}" for run in t.runs[:: max(1, len(t.runs) - 1)])
        lines.append(
            f"| {t.label} | {sizes[t.key]} | {rps:,.0f} | {t.median('p50_ms'):.2f} | {t.median('p99_ms'):.2f} "
            f"| {rps / nginx_rps:.3f} | {rps / plain_rps:.3f} | {rps / bare_rps:.1f} "
            f"| {rss[t.key]:.0f} | {loads} |"
        )
    lines += [
        "",
        "\\* measured after the interleaved rounds, on (b)'s port (four ports per checkout here).",
        "",
        f"Every × (a) ratio is against the production nginx (a); the plain nginx (a') answered "
        f"{plain_rps / nginx_rps:.3f}× (a) in the same rounds.",
    ]
    for key in ("m", "b"):
        ratios = [
            run["rps"] / base["rps"]
            for run, base in zip(by_key[key].runs, by_key["a"].runs, strict=True)
        ]
        lines.append(
            f"{by_key[key].label} / (a), per round: "
            + ", ".join(
                f"{r:.3f} (load {run['load']:.1f})"
                for r, run in zip(ratios, by_key[key].runs, strict=True)
            )
            + f"; median {statistics.median(ratios):.3f}."
        )
    lines.append("")
    if "b0" in by_key:
        med = {key: t.median("rps") for key, t in by_key.items()}
        before_server = args.server if args.before_server == "same" else args.before_server
        # The bare site under the before's server: (d) when it is the same server, else (d0).
        bare_before = bare_rps if before_server == args.server else med["d0"]
        lines.append(
            f"Targets, before ({before_server}) → after ({args.server}), same run: "
            f"(b)/(a) {med['b0'] / nginx_rps:.3f} → {med['b'] / nginx_rps:.3f}; "
            f"(c)/(d) {med['c0'] / bare_before:.2f} → {med['c'] / bare_rps:.2f} "
            f"(each against bare Wagtail under its own server; (c)/(c0) "
            f"{med['c'] / med['c0']:.2f})."
        )
        # The cached hit of each checkout against its own before, round by round (the same
        # neighbours slowed both), then the median of those ratios.
        pairs = [("b", "b0", "Redis")] + ([("b1", "b10", "local memory")] if "b1" in med else [])
        for after, before_key, shape in pairs:
            ratios = [
                a["rps"] / b["rps"]
                for a, b in zip(by_key[after].runs, by_key[before_key].runs, strict=True)
            ]
            lines.append(
                f"Cached hit after/before, page cache in {shape}: median {med[after] / med[before_key]:.3f} "
                f"(per round {', '.join(f'{r:.3f}' for r in ratios)})."
            )
        lines.append("")
    lines += [
        f"Publish to visible (median of {args.publishes}): page cache {visible['cached_s'] * 1000:.0f} ms, "
        f"exported file through nginx {visible['exported_s'] * 1000:.0f} ms.",
    ]
    if rate:
        lines.append(
            f"Export rate, site with {args.articles} more articles ({rate['pages']} URLs: articles, channel list "
            f"pages, feeds): {rate['sampled']} evenly sampled URLs in {rate['seconds']:.0f} s with {rate['processes']} "
            f"processes = "
            f"{rate['pages_per_s']:.1f} pages/s ({rate['cpu_ms_per_page']:.2f} ms CPU per page, all "
            f"processes); a full export would take about {rate['projected_s'] / 60:.0f} min."
        )
        if "before" in rate:
            before = rate["before"]
            lines.append(
                f"Export rate before (the --before checkout, same database and sample, "
                f"{before['kind']}): {before['sampled']} URLs in {before['seconds']:.0f} s = "
                f"{before['pages_per_s']:.1f} pages/s ({before['cpu_ms_per_page']:.2f} ms CPU per page)."
            )
            again = rate["again"]
            lines.append(
                f"Export rate after, again (right after the before's): {again['sampled']} URLs in "
                f"{again['seconds']:.0f} s = {again['pages_per_s']:.1f} pages/s "
                f"({again['cpu_ms_per_page']:.2f} ms CPU per page)."
            )
    print("\n".join(lines), flush=True)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "targets": {t.key: t.runs for t in targets},
                    "sizes": sizes,
                    "rss_mb": rss,
                    "visible": visible,
                    "export": rate,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
