"""Verification links and QR codes, and the verified mark on article bylines."""

from __future__ import annotations

import io
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from fazhi.conftest import count_queries
from fazhi.core.signals import public_content_changed
from fazhi.importers.demo import SEED_PAGE
from fazhi.importers.pages import import_file
from fazhi.news.factories import make_article
from fazhi.staff.factories import make_staff
from fazhi.staff.lookup import byline_names, match_byline_staff
from fazhi.staff.qr import qr_png

pytestmark = pytest.mark.django_db


def decode_png(data: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(results) == 1
    return results[0].text


def byline(response) -> tuple[str, str | None]:
    soup = BeautifulSoup(response.content, "lxml")
    node = soup.select_one(".article__byline")
    mark = node.select_one("a.verified-mark")
    return node.get_text(" ", strip=True), mark["href"] if mark else None


def test_qr_png_round_trip():
    url = "https://www.example.cn/staff/v/abc_DEF-123/"
    assert decode_png(qr_png(url)) == url


def test_verification_url_qr_round_trip_and_revocation(client, settings):
    settings.BASE_URL = "https://www.example.cn"
    member = make_staff("李明", "记者", card_number="FZ1")
    other = make_staff("王芳", "编辑", card_number="FZ2")
    assert member.verify_token != other.verify_token and len(member.verify_token) == 32

    png = client.get(f"/staff/v/{member.verify_token}/qr.png")
    assert png["Content-Type"] == "image/png"
    url = decode_png(png.content)
    assert url == f"https://www.example.cn/staff/v/{member.verify_token}/"
    svg = client.get(f"/staff/v/{member.verify_token}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content

    page = client.get(urlsplit(url).path)
    assert page.status_code == 200
    assert "李明" in page.content.decode() and "有效" in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]

    member.status, member.status_reason = "revoked", "已离职"
    member.save()
    text = client.get(urlsplit(url).path).content.decode()
    assert "已注销" in text and "已离职" in text

    assert client.get("/staff/v/not-a-real-token/").status_code == 404
    assert client.get("/staff/v/not-a-real-token/qr.png").status_code == 404


def test_byline_names():
    assert byline_names("通讯员 董定权") == ["董定权"]
    assert byline_names("记者 张三 李四") == ["张三", "李四"]
    assert byline_names("(记者 王五)") == ["王五"]
    assert byline_names("") == []


def test_match_by_name_only_when_exactly_one_active_record():
    assert match_byline_staff("通讯员 董定权") is None
    dong = make_staff("董定权")
    assert match_byline_staff("通讯员 董定权") == dong
    assert match_byline_staff("记者 张三 董定权") is None  # two names: an editor decides
    make_staff("董定权", "记者")
    assert match_byline_staff("通讯员 董定权") is None  # two people of that name
    make_staff("孙某", status="revoked")
    assert match_byline_staff("通讯员 孙某") is None


@contextmanager
def capture_public_changes():
    changes: list[tuple[int, str, list[str]]] = []

    def listener(sender, page, action, url_paths, **kwargs):
        changes.append((page.pk, action, url_paths))

    public_content_changed.connect(listener)
    try:
        yield changes
    finally:
        public_content_changed.disconnect(listener)


def test_importer_links_byline_and_mark_follows_status(
    client, home, django_capture_on_commit_callbacks
):
    dong = make_staff("董定权", card_number="FZ20190815")
    result, _ = import_file(SEED_PAGE, home)
    article = result.page
    assert article.byline_staff == dong
    text, href = byline(client.get(article.url))
    assert text.startswith("通讯员 董定权")
    assert href == dong.verify_path()
    assert client.get(href).status_code == 200

    dong.status = "revoked"
    with capture_public_changes() as changes:
        with django_capture_on_commit_callbacks(execute=True):
            dong.save()
    # The page cache and search hear that the article's public HTML changed.
    assert changes == [(article.pk, "published", [article.url_path])]
    text, href = byline(client.get(article.url))
    assert text == "通讯员 董定权" and href is None

    # Re-importing keeps the link an editor (or an earlier import) made.
    import_file(SEED_PAGE, home)
    article.refresh_from_db()
    assert article.byline_staff == dong


def test_no_staff_record_no_mark(client, seed_article):
    assert seed_article.byline_staff is None
    assert byline(client.get(seed_article.url)) == ("通讯员 董定权", None)


def test_verified_byline_costs_one_query(client, home):
    make_staff("董定权", card_number="FZ20190815")
    article = import_file(SEED_PAGE, home)[0].page
    plain = make_article(article.get_parent().specific, "无署名的短文")
    # Exactly one more query than an article without a linked byline: the staff record.
    assert count_queries(client, article.url) == count_queries(client, plain.url) + 1
