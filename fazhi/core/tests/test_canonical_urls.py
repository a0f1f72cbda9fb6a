"""One canonical address: every absolute URL fazhi writes is on FAZHI_BASE_URL.

Each page type (home, a channel and its page/2/, an article with a cover image, a video, a staff
verification page), the site feed and a channel feed, sitemap.xml and robots.txt are fetched on a
host that is *not* the canonical one (readers may arrive on any host), and every absolute URL in
the answer — attributes, JSON-LD values, XML text and attributes, plain text — must be on
FAZHI_BASE_URL, or on one of the few third-party hosts linked on purpose. Then the migration that
sets the default Site, ``load_demo`` doing the same, and the ``fazhi check`` warning.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.core import mail
from django.core.checks import run_checks
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Site

from fazhi.core.urls_absolute import (
    absolute_url,
    page_url,
    rebased_url,
    site_address,
    sync_default_site,
)
from fazhi.news.factories import make_article, make_channel
from fazhi.news.models import ArticlePage
from fazhi.share.templatetags.share_tags import page_qr_svg
from fazhi.share.tests.test_share import modules_of_svg
from fazhi.staff.factories import make_staff
from fazhi.video import demo as video_demo
from fazhi.video.factories import make_video, poster_image

pytestmark = pytest.mark.django_db

DEFAULT_BASE = "http://127.0.0.1:8000"
EXAMPLE_BASE = "https://www.example.cn"
# A host the site answers that is not the canonical one (a proxy's address, a second name).
READER_HOST = "fazhi.internal:8080"
# Third-party addresses the pages name on purpose: schema.org types, the footer's 备案 links, the
# press-card check, the XML namespaces of RSS and sitemaps, an editor's external video player.
# Share services get the page's own address as their ``url`` parameter (checked below).
SHARE_SERVICES = {"service.weibo.com", "connect.qq.com"}
THIRD_PARTY = {
    "schema.org",
    "beian.miit.gov.cn",
    "beian.mps.gov.cn",
    "press.nppa.gov.cn",
    "www.sitemaps.org",
    "www.google.com",
    "www.w3.org",
    "purl.org",
    "player.bilibili.com",
}
URL = re.compile(r"(?:https?:)?//[^\s\"'<>()\\,]+")


# --- what counts as an absolute URL in an answer ---------------------------------------------


def _json_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, str):
        yield value


def urls_in_html(content: bytes) -> list[str]:
    soup = BeautifulSoup(content, "lxml")
    found: list[str] = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if name == "srcset":
                values = [part.strip().split(" ")[0] for part in str(value).split(",")]
            found += [v for v in values if URL.fullmatch(str(v).strip())]
    for script in soup.select("script[type='application/ld+json']"):
        found += [v for v in _json_strings(json.loads(script.string)) if URL.fullmatch(v)]
    for text in soup.find_all(string=True):
        found += URL.findall(str(text))
    return found


def urls_in_xml(content: bytes) -> list[str]:
    found: list[str] = []
    for element in ElementTree.fromstring(content).iter():
        found += URL.findall(element.text or "")
        found += [v for v in element.attrib.values() if URL.fullmatch(v)]
        found += URL.findall(element.tag)  # namespaces: {http://www.sitemaps.org/…}loc
    return found


def absolute_urls(response) -> list[str]:
    kind = response["Content-Type"]
    if "html" in kind:
        urls = urls_in_html(response.content)
    elif "xml" in kind:
        urls = urls_in_xml(response.content)
    else:
        urls = URL.findall(response.content.decode())
    # And a sweep of the raw bytes, so nothing escapes the parsers above.
    return urls + URL.findall(response.content.decode())


def misplaced(urls: list[str], base: str) -> list[str]:
    """The URLs neither on ``base`` nor on a third-party host named on purpose."""
    wrong = []
    for url in urls:
        if url.startswith(base + "/"):
            continue
        parts = urlsplit(url)
        if parts.hostname in SHARE_SERVICES and parts.scheme == "https":
            shared = parse_qs(parts.query).get("url", [""])[0]
            if shared.startswith(base + "/"):
                continue
        elif parts.hostname in THIRD_PARTY and parts.scheme:
            continue
        wrong.append(url)
    return wrong


# --- the site under test ---------------------------------------------------------------------


def _picture(title: str) -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "#336699").save(buffer, "PNG")
    image = Image(title=title, file=ImageFile(buffer, name=f"{title}.png"))
    image.save()
    return image


@pytest.fixture
def site_pages(home):
    """Every page type: a channel with two list pages, an article with a cover and a verified
    byline, a video with its file and poster, one with an external player, a staff record."""
    channel = make_channel(home, "法治要闻", "fzyw", per_page=2)
    staff = make_staff("董定权", "通讯员", card_number="FZ0001")
    article = make_article(
        channel,
        "带封面的文章",
        author="张三",
        source="法治报",
        byline="通讯员 董定权",
        byline_staff=staff,
        cover_image=_picture("封面图"),
    )
    video = make_video(
        channel,
        "演示视频",
        file_path=Path(video_demo.__file__).with_name("demo.mp4"),
        poster=poster_image(Path(video_demo.__file__).with_name("poster.jpg"), "演示视频封面"),
        duration=2,
        description="两秒钟的演示视频。",
    )
    external = make_video(
        channel, "外部视频", external_url="https://player.bilibili.com/player.html?bvid=BV1"
    )
    make_article(channel, "另一篇")
    return {
        "channel": channel,
        "article": article,
        "video": video,
        "external": external,
        "staff": staff,
    }


def use_base_url(settings, base: str, *, sync_site: bool = True) -> None:
    """FAZHI_BASE_URL=base, as fazhi/settings.py derives it (the admin's base URL too)."""
    settings.BASE_URL = base
    settings.WAGTAILADMIN_BASE_URL = base
    if sync_site:
        assert sync_default_site()


def every_answer(pages) -> dict[str, object]:
    client = Client(HTTP_HOST=READER_HOST)
    channel = pages["channel"]
    urls = [
        "/",
        channel.url,
        channel.url + "page/2/",
        pages["article"].url,
        pages["video"].url,
        pages["external"].url,
        pages["staff"].verify_path(),
        "/feed/",
        channel.url + "feed/",
        "/sitemap.xml",
        "/robots.txt",
    ]
    answers = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = response
    return answers


@pytest.mark.parametrize(
    ("base", "sync_site"),
    [(EXAMPLE_BASE, True), (EXAMPLE_BASE, False), (DEFAULT_BASE, None)],
    ids=["example.cn", "example.cn-site-not-synced", "default"],
)
def test_every_absolute_url_is_on_the_base_url(settings, site_pages, base, sync_site):
    if sync_site is None:
        if "FAZHI_BASE_URL" in os.environ:
            pytest.skip("FAZHI_BASE_URL is set: the default settings are not in use")
        # The default settings: the test database was migrated with them (core/0003).
        assert settings.BASE_URL == DEFAULT_BASE
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    else:
        use_base_url(settings, base, sync_site=sync_site)
    answers = every_answer(site_pages)
    for url, response in answers.items():
        assert misplaced(absolute_urls(response), base) == [], url
    # Not vacuous: these name the site's own absolute URLs (home and list pages have none).
    article, video = site_pages["article"], site_pages["video"]
    for url in [article.url, video.url, site_pages["external"].url, "/feed/", "/sitemap.xml"]:
        assert any(u.startswith(base + "/") for u in absolute_urls(answers[url])), url

    # The article: canonical, og:url, og:image, JSON-LD, 本文地址, the QR code agree.
    canonical = base + article.url
    soup = BeautifulSoup(answers[article.url].content, "lxml")
    assert soup.select_one("link[rel=canonical]")["href"] == canonical
    meta = {
        m.get("property") or m.get("itemprop"): m["content"] for m in soup.select("meta[content]")
    }
    assert meta["og:url"] == canonical
    assert meta["og:image"] == meta["image"]
    assert meta["og:image"].startswith(base + "/media/images/")
    assert meta["og:image"].endswith(".fill-1200x630.png")
    data = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert data["mainEntityOfPage"] == canonical
    assert data["image"] == [meta["og:image"]]
    assert data["publisher"]["url"] == base + "/"
    assert soup.select_one(".article__url").get_text() == f"本文地址：{canonical}"
    assert decode_inline_qr(str(soup.select_one("svg.share__qr-code"))) == canonical
    # The video: canonical, og:image and VideoObject.
    soup = BeautifulSoup(answers[video.url].content, "lxml")
    assert soup.select_one("link[rel=canonical]")["href"] == base + video.url
    data = json.loads(soup.select_one("script[type='application/ld+json']").string)
    assert data["url"] == base + video.url
    assert data["contentUrl"] == base + video.video_file.url
    assert data["thumbnailUrl"][0].startswith(base + "/media/images/")
    # Feeds: channel link, item links and guids, the video's enclosure, the feed's own link.
    feed = ElementTree.fromstring(answers[site_pages["channel"].url + "feed/"].content)
    assert feed.findtext("channel/link") == base + site_pages["channel"].url
    assert {i.findtext("link") for i in feed.iter("item")} >= {canonical, base + video.url}
    assert {i.findtext("guid") for i in feed.iter("item")} >= {canonical}
    enclosures = [e.get("url") for e in feed.iter("enclosure")]
    assert enclosures == [base + video.video_file.url]
    atom = "{http://www.w3.org/2005/Atom}link"
    assert next(feed.iter(atom)).get("href") == base + site_pages["channel"].url + "feed/"
    assert ElementTree.fromstring(answers["/feed/"].content).findtext("channel/link") == base + "/"
    # sitemap.xml and robots.txt.
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [
        loc.text
        for loc in ElementTree.fromstring(answers["/sitemap.xml"].content).iterfind(
            "s:url/s:loc", ns
        )
    ]
    assert base + "/" in locs and canonical in locs and base + video.url in locs
    assert f"Sitemap: {base}/sitemap.xml" in answers["/robots.txt"].content.decode()


def decode_inline_qr(svg: str) -> str:
    """The text of the article's inline QR code (drawn as a picture from its SVG path)."""
    dark = modules_of_svg(svg)
    size = max(max(x, y) for x, y in dark) + 3
    picture = PILImage.new("L", (size, size), 255)
    for x, y in dark:
        picture.putpixel((x, y), 0)
    picture = picture.resize((size * 8, size * 8), PILImage.NEAREST)
    return zxingcpp.read_barcodes(picture)[0].text


def test_the_html_is_the_same_on_every_host(settings, site_pages):
    """The page cache keeps a copy per host: each copy names the canonical host only."""
    use_base_url(settings, EXAMPLE_BASE)
    for url in [site_pages["article"].url, site_pages["video"].url, "/sitemap.xml", "/feed/"]:
        answers = {
            Client(HTTP_HOST=host).get(url, secure=secure).content
            for host, secure in [
                ("www.example.cn", True),
                ("127.0.0.1:8000", False),
                (READER_HOST, False),
            ]
        }
        assert len(answers) == 1, url


def test_staff_verification_link_and_qr_code(settings, site_pages):
    use_base_url(settings, EXAMPLE_BASE)
    member = site_pages["staff"]
    expected = f"{EXAMPLE_BASE}/staff/v/{member.verify_token}/"
    assert member.verify_url() == expected
    png = Client(HTTP_HOST=READER_HOST).get(member.verify_path() + "qr.png")
    picture = PILImage.open(io.BytesIO(png.content))
    assert [code.text for code in zxingcpp.read_barcodes(picture)] == [expected]


def test_links_in_e_mails(settings, client):
    """Wagtail's e-mails (password reset here, workflow notifications alike) link to the base."""
    from django.contrib.auth import get_user_model

    use_base_url(settings, EXAMPLE_BASE)
    get_user_model().objects.create_superuser("editor", "editor@example.cn", "Fazhi-editor-2026")
    response = client.post(
        "/" + settings.FAZHI_ADMIN_PATH + "password_reset/",
        {"email": "editor@example.cn"},
        HTTP_HOST=READER_HOST,
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    links = URL.findall(mail.outbox[0].body)
    admin = f"{EXAMPLE_BASE}/{settings.FAZHI_ADMIN_PATH}"
    assert links and all(link.startswith(admin) for link in links), links


# --- the helper ------------------------------------------------------------------------------


def test_absolute_url_helper(settings, site_pages):
    settings.BASE_URL = EXAMPLE_BASE + "/"  # a trailing slash in the setting changes nothing
    assert absolute_url("/media/a.png") == EXAMPLE_BASE + "/media/a.png"
    assert absolute_url("media/a.png") == EXAMPLE_BASE + "/media/a.png"
    assert absolute_url("/") == EXAMPLE_BASE + "/"
    assert absolute_url("") == ""
    assert absolute_url("https://cdn.example.net/a.png") == "https://cdn.example.net/a.png"
    assert absolute_url("//cdn.example.net/a.png") == "//cdn.example.net/a.png"
    article = site_pages["article"]
    assert page_url(article) == EXAMPLE_BASE + article.url
    unsaved = ArticlePage(title="未保存的稿件")  # not in the tree: no URL, no QR code
    assert page_url(unsaved) == "" and page_qr_svg(unsaved) == ""
    assert rebased_url("http://localhost/xjzs/a/?p=2#x") == EXAMPLE_BASE + "/xjzs/a/?p=2#x"
    assert site_address("https://www.example.cn") == ("www.example.cn", 443)
    assert site_address("http://www.example.cn") == ("www.example.cn", 80)
    assert site_address("http://127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert site_address("https://WWW.Example.cn:8443/") == ("www.example.cn", 8443)


# --- keeping the default Site equal ----------------------------------------------------------


MIGRATION = "0003_default_site_from_base_url"


def site_checks() -> list:
    """What ``fazhi check`` says about the address (the other checks are not about it)."""
    return [m for m in run_checks() if m.id and m.id.startswith("fazhi.W00")]


def test_migration_sets_the_default_site_from_the_base_url(settings):
    """The data migration, run with the historical models of its own state."""
    migration = importlib.import_module(f"fazhi.core.migrations.{MIGRATION}")
    historical = MigrationExecutor(connection).loader.project_state(("core", MIGRATION)).apps
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    for base, address in [
        ("https://www.example.cn", ("www.example.cn", 443)),
        ("http://www.example.cn", ("www.example.cn", 80)),
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("https://fazhi.example.cn:8443", ("fazhi.example.cn", 8443)),
    ]:
        settings.BASE_URL = base
        migration.default_site_from_base_url(historical, None)
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == address, base
    # Wagtail's own URLs agree once the Site is equal (its cached root paths were dropped).
    settings.BASE_URL = "https://www.example.cn"
    migration.default_site_from_base_url(historical, None)
    assert Site.objects.get(is_default_site=True).root_url == "https://www.example.cn"
    assert [p.root_url for p in Site.get_site_root_paths()] == ["https://www.example.cn"]


def test_migration_leaves_an_address_another_site_has(settings, home):
    before = site_address()  # what the test database was migrated with
    Site.objects.create(hostname="www.example.cn", port=443, root_page=home)
    settings.BASE_URL = "https://www.example.cn"
    assert sync_default_site() is False
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == before
    assert [m.id for m in site_checks()] == ["fazhi.W002"]


def test_load_demo_sets_the_default_site(settings):
    settings.BASE_URL = "https://www.example.cn"
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "默认站点地址已改为 FAZHI_BASE_URL：https://www.example.cn" in out.getvalue()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "www.example.cn",
        443,
        "https://www.example.cn",
    )
    seed = site.root_page.get_descendants().get(slug="20190828-113351").specific
    assert seed.full_url == page_url(seed) == "https://www.example.cn/xjzs/20190828-113351/"


def fazhi_command(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.update({"FAZHI_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "fazhi", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_fresh_migrate_then_fazhi_check(tmp_path):
    """A real `fazhi migrate` on a new database with FAZHI_BASE_URL set; `fazhi check` is quiet,
    and warns in Chinese once the setting and the Site differ."""
    migrate = fazhi_command(tmp_path, "migrate", "--noinput", FAZHI_BASE_URL=EXAMPLE_BASE)
    assert migrate.returncode == 0, migrate.stderr
    with sqlite3.connect(tmp_path / "fazhi.sqlite3") as db:
        rows = db.execute(
            "SELECT hostname, port FROM wagtailcore_site WHERE is_default_site"
        ).fetchall()
    assert rows == [("www.example.cn", 443)]

    quiet = fazhi_command(tmp_path, "check", FAZHI_BASE_URL=EXAMPLE_BASE)
    assert quiet.returncode == 0 and "no issues" in quiet.stdout, quiet.stdout + quiet.stderr

    moved = fazhi_command(tmp_path, "check", FAZHI_BASE_URL="https://fazhi.example.cn")
    report = moved.stdout + moved.stderr
    assert "fazhi.W002" in report
    assert (
        "默认站点的地址（https://www.example.cn）与 FAZHI_BASE_URL（https://fazhi.example.cn）不一致"
        in report
    )
    assert "主机名改为 fazhi.example.cn、端口改为 443" in report


def test_check_warnings(settings):
    assert site_checks() == []  # the test database was migrated with these settings
    settings.BASE_URL = "https://www.example.cn"
    [warning] = site_checks()
    assert warning.id == "fazhi.W002" and warning.level == 30  # a warning, not an error
    assert "不一致" in warning.msg and "www.example.cn" in warning.hint
    sync_default_site()
    assert site_checks() == []
    settings.BASE_URL = "https://www.example.cn:8443"
    assert sorted(m.id for m in site_checks()) == ["fazhi.W002", "fazhi.W003"]
    for bad in ["www.example.cn", "https://www.example.cn/fazhi/", "ftp://www.example.cn"]:
        settings.BASE_URL = bad
        assert [m.id for m in site_checks()] == ["fazhi.W001"], bad
