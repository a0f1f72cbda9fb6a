"""The hostile corpus through every importer: ``fazhi import_pages`` with each string in a page's
title, lead, body, author and source (plain-text dumps and saved HTML). Whatever is imported renders
inert on the article page, the channel list, search and the admin; what is refused is refused in
Chinese; the command never dies with a traceback. (Legacy databases: test_hostile_legacy.py; the
same pages in Chromium: test_hostile_imports_browser.py.)"""

from __future__ import annotations

import html
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from fazhi.conftest import save_screenshot
from fazhi.news.models import ArticlePage
from fazhi.security.tests.hostile import HOSTILE, XSS, assert_inert, has_chinese
from fazhi.security.tests.test_hostile_browser import SENTINEL, watch

pytestmark = pytest.mark.django_db

CHANNEL = "敌意输入"
COMBINED = "敌意输入合集"
PASSWORD = "Hostile-importer-2026"


def text_page(number: int, payload: str) -> str:
    """A page as the old site's text dump shows it, the payload in every field."""
    minute, second = divmod(number, 60)
    return (
        "法治报道\n\n"
        f"您当前的位置:首页 > {CHANNEL}\n\n"
        f"第{number}号{payload}标题\n\n"
        f"时间:2019-08-28 10:{minute:02d}:{second:02d}  来源:来源{payload}  作者:作者{payload}\n"
        f"导读:导读{payload}导读。\n\n"
        f"法治报道讯 正文第一段{payload}。\n\n"
        f"{payload}\n\n"
        "正文最后一段，法律援助。\n\n"
        f"责任编辑:编辑{payload}\n"
        "来顶一下\n返回首页\n"
        "京ICP备10039517号\n"
    )


def html_page(number: int, payload: str) -> str:
    """A saved page: the payload as the old site stored it, HTML-escaped in title and meta, raw
    (markup and all) in the body, as a CMS's body field holds it."""
    minute, second = divmod(number, 60)
    escaped = html.escape(payload)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>第{number}号{escaped}标题_{CHANNEL}_法治报道</title></head><body>"
        f'<div class="position">您当前的位置:<a href="/">首页</a> &gt; <a href="/x/">{CHANNEL}</a></div>'
        f"<h1>第{number}号{escaped}标题</h1>"
        f'<div class="info">时间:2019-08-29 10:{minute:02d}:{second:02d} 来源:来源{escaped} 作者:作者{escaped}</div>'
        f'<div class="lead">导读:导读{escaped}导读。</div>'
        f'<div class="content"><p>法治报道讯 正文第一段{payload}。</p><p>{payload}</p>'
        "<p>正文最后一段，法律援助。</p><p>责任编辑:编辑</p></div>"
        '<div class="footer">京ICP备10039517号</div></body></html>'
    )


def write_corpus(folder: Path) -> list[Path]:
    """Every payload as a text dump; the markup payloads also as saved HTML pages."""
    paths = []
    for number, payload in enumerate(HOSTILE):
        kinds = [("txt", text_page)] + ([("html", html_page)] if payload in XSS else [])
        for kind, render in kinds:
            path = folder / f"{number:04d}.{kind}"
            path.write_text(render(number, payload), "utf-8", newline="\n")
            paths.append(path)
    return paths


def combined_page() -> str:
    """One saved page holding the whole corpus: every payload raw in the body and escaped in the
    lead, so one browser load shows what the sanitiser and the templates make of all of them."""
    # Without the control-character payloads: with them the page is taken for a binary file.
    printable = [p for p in HOSTILE if not any(ord(c) < 32 and c not in "\t\n\r" for c in p)]
    body = "".join(f"<p>第{n}条：{payload}</p>" for n, payload in enumerate(printable))
    lead = html.escape(" ".join(printable[:120]))
    return (
        f'<html><head><meta charset="utf-8"><title>{COMBINED}</title></head><body>'
        f"<div>您当前的位置:首页 &gt; {CHANNEL}</div><h1>{COMBINED}</h1>"
        "<div>时间:2019-08-30 08:00:00 来源:法治报道 作者:敌意</div>"
        f'<div>导读:{lead}</div><div class="content">{body}<p>责任编辑:编辑</p></div></body></html>'
    )


def import_hostile_pages(folder: Path) -> tuple[int, list[str]]:
    """Runs ``fazhi import_pages`` on the corpus; returns the files written and the refusals."""
    paths = write_corpus(folder)
    (folder / "combined.html").write_text(combined_page(), "utf-8")
    out, err = StringIO(), StringIO()
    try:
        call_command("import_pages", str(folder), stdout=out, stderr=err, verbosity=1)
    except CommandError as error:  # some files refused: each said why, in Chinese
        assert has_chinese(str(error))
    refusals = [line for line in err.getvalue().splitlines() if line.startswith("失败")]
    assert "Traceback" not in err.getvalue()
    for line in refusals:
        assert has_chinese(line.rsplit(": ", 1)[1]), line
    return len(paths) + 1, refusals


def assert_nothing_ran(page, dialogs: list[str]) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(150)  # handlers such as onload/onerror/ontoggle fire by now
    assert page.evaluate("window.__xss") is None, page.url
    assert dialogs == [], (page.url, dialogs)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_imported_hostile_pages_render_inert(tmp_path, live_server, live_home, browser):
    written, refusals = import_hostile_pages(tmp_path)
    articles = list(ArticlePage.objects.order_by("pk"))
    # Every file is either an article or a refusal in Chinese (a text dump whose body holds
    # markup is read as HTML and then lacks its date or title: refused, as any unreadable page).
    assert len(articles) + len(refusals) == written
    assert len(articles) >= 0.7 * written, (len(articles), refusals[:20])
    combined = ArticlePage.objects.get(title=COMBINED)
    channel = combined.get_parent().specific
    assert channel.title == CHANNEL
    channel.per_page = 100  # fewer, longer list pages: the same titles in fewer browser loads
    channel.save_revision().publish()

    # Text is kept as text: an escaped payload in a saved page's title comes back as typed
    # (less what the importer's line normalisation folds: whitespace, controls).
    titles = {a.title for a in articles}
    kept = [p for p in HOSTILE if f"第{HOSTILE.index(p)}号{p}标题" in titles]
    assert len(kept) >= 200, (len(kept), len(titles))

    # Server side, every article page, every channel list page, search and the admin listings.
    client = Client()
    for article in articles:
        response = client.get(article.url)
        assert response.status_code == 200, article.title[:80]
        assert_inert(response.content.decode())
    list_pages = -(-len(articles) // channel.per_page)
    for number in range(1, list_pages + 1):
        response = client.get(channel.page_url(number))
        assert response.status_code == 200
        assert_inert(response.content.decode())
    editor = User.objects.create_superuser("hostile-importer", "i@example.cn", PASSWORD)
    admin = Client()
    admin.force_login(editor)
    admin_pages = -(-len(articles) // ADMIN_PER_PAGE)
    for number in range(1, admin_pages + 1):
        response = admin.get(f"/admin/pages/{channel.pk}/", {"p": number})
        assert response.status_code == 200
        assert_admin_inert(response.content.decode())
    marked = [a for a in articles if any(m in a.title for m in ("<", "javascript"))]
    for article in [combined, *marked[:12]]:
        response = admin.get(f"/admin/pages/{article.pk}/edit/")
        assert response.status_code == 200
        assert_admin_inert(response.content.decode())

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(SENTINEL)
    page = context.new_page()
    dialogs = watch(page)
    page.goto(live_server.url + combined.url)
    assert page.locator(".article-body p, article p").count() >= len(HOSTILE) // 2
    assert_nothing_ran(page, dialogs)
    save_screenshot(page, "hostile-import-combined")
    marked = [a for a in articles if any(m in a.title for m in ("<", "javascript"))]
    for article in marked[:: max(1, len(marked) // BROWSER_ARTICLES)]:
        page.goto(live_server.url + article.url)
        assert_nothing_ran(page, dialogs)
    for number in range(1, list_pages + 1):
        page.goto(live_server.url + channel.page_url(number))
        assert_nothing_ran(page, dialogs)
    save_screenshot(page, "hostile-import-channel")
    for number in range(1, 4):
        page.goto(f"{live_server.url}/search/?q=法律援助&page={number}")
        assert_nothing_ran(page, dialogs)
    save_screenshot(page, "hostile-import-search")

    # The admin: the channel's listing, its search, and the edit form of the worst titles.
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "hostile-importer")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
    for number in range(1, admin_pages + 1):
        page.goto(f"{live_server.url}/admin/pages/{channel.pk}/?p={number}")
        assert_nothing_ran(page, dialogs)
    save_screenshot(page, "hostile-import-admin-listing")
    page.goto(f"{live_server.url}/admin/pages/search/?q=法律援助")
    assert_nothing_ran(page, dialogs)
    for article in [combined, *marked[:5]]:
        page.goto(f"{live_server.url}/admin/pages/{article.pk}/edit/")
        page.wait_for_selector("input[name=title]")
        assert page.input_value("input[name=title]") == article.title
        assert_nothing_ran(page, dialogs)
    save_screenshot(page, "hostile-import-admin-edit")
    context.close()


ADMIN_PER_PAGE = 50  # Wagtail's page listing
BROWSER_ARTICLES = 15  # single-payload articles loaded in Chromium (all are checked server-side)


def assert_admin_inert(html: str) -> None:
    """Wagtail's admin has inline scripts of its own (widget set-up); none may hold a payload.
    Beyond that, the same rules as the site's pages."""
    assert_inert(html, allowed_scripts=("/static/", "/admin/jsi18n/"), inline_ok=True)
