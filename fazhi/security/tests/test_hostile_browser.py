"""The hostile corpus rendered in real Chromium: comments and names under an article, articles
imported with hostile titles and bodies, search results, the staff lookup and the admin's
comment queue. A payload that ran would set ``window.__xss`` or open a dialog: neither happens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from fazhi.comments.models import Comment, CommentReport
from fazhi.conftest import save_screenshot
from fazhi.importers.pages import import_article
from fazhi.importers.parsing import PageParseError, parse_bytes
from fazhi.security.tests.hostile import SHORT, XSS, assert_inert
from fazhi.security.tests.test_hostile import hostile_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Hostile-editor-2026"
SENTINEL = "window.__xss = undefined; window.__dialogs = 0;"


def watch(page) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        if dialog.type == "beforeunload":
            # Wagtail's edit page guarding unsaved changes (the editor may normalise the body
            # on load); dismissing it would abort the next navigation. Not a payload's dialog.
            dialog.accept()
            return
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def assert_nothing_ran(page, dialogs: list[str]) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # handlers such as onload/onerror/ontoggle fire by now
    assert page.evaluate("window.__xss") is None, page.url
    assert dialogs == [], (page.url, dialogs)


def test_hostile_input_is_inert_in_the_browser(live_server, live_home, seed_article, browser):
    # Comments: every short payload as text and as the shown name, approved, some reported.
    comments = [
        Comment(
            page_id=seed_article.pk,
            text=payload,
            author_name=payload[:150],
            status="approved",
            is_anonymous=True,
        )
        for payload in SHORT
        # Forms refuse NUL (Django's null-character validator) and PostgreSQL cannot store it.
        if "\x00" not in payload
    ]
    Comment.objects.bulk_create(comments)
    for comment in Comment.objects.order_by("pk")[:50]:
        CommentReport.objects.create(comment=comment, reason=comment.text[:200])
    # Articles imported with hostile titles, bylines and bodies.
    imported = []
    for payload in XSS[:12]:
        try:
            parsed = parse_bytes(hostile_document("html", payload).encode(), filename="x.html")
        except PageParseError:
            continue
        imported.append(import_article(parsed, live_home).page)
    assert len(imported) >= 10

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(SENTINEL)
    page = context.new_page()
    dialogs = watch(page)
    page.goto(live_server.url + seed_article.url)
    page.wait_for_selector(".comment-list .comment__text")
    for n in range(1, 1 + len(SHORT) // 10 + 1, 6):  # the comments' own pages, JavaScript-rendered
        page.goto(f"{live_server.url}/api/pages/{seed_article.pk}/comments/?page={n}")
        assert_inert(page.content())
        assert_nothing_ran(page, dialogs)
    page.goto(live_server.url + seed_article.url)
    assert_nothing_ran(page, dialogs)
    save_screenshot(page, "hostile-comments")
    for article in imported:
        page.goto(live_server.url + article.url)
        assert_inert(page.content())
        assert_nothing_ran(page, dialogs)
    for payload in XSS[:30]:
        page.goto(live_server.url + "/search/?" + _query(payload))
        assert_nothing_ran(page, dialogs)
    page.goto(live_server.url + "/search/?" + _query(XSS[8]))
    save_screenshot(page, "hostile-search")
    page.goto(live_server.url + "/staff/")
    page.fill("input[name=name]", XSS[0])
    page.fill("input[name=card_number]", XSS[8][:50])
    # form[method=post]: the header's search form comes first and has a submit button too.
    page.locator("form[method=post] button[type=submit]").first.click()
    assert_nothing_ran(page, dialogs)
    assert "/staff/" in page.url and ("查无此人" in page.content() or "请" in page.content())
    # Sign-in and registration answer a hostile name with the form again: shown as text.
    for payload in (XSS[0], XSS[8], XSS[12]):
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", payload)
        page.fill("input[name=password]", payload)
        page.locator("form[method=post] button[type=submit]").first.click()
        assert_nothing_ran(page, dialogs)
        assert "/accounts/login/" in page.url
        page.goto(live_server.url + "/accounts/register/")
        for name, value in [
            ("username", payload[:150]),
            ("nickname", payload[:30]),
            ("password1", "Fazhi-reader-2026"),
            ("password2", "Fazhi-reader-2026"),
            ("captcha_1", "passed"),
        ]:
            if page.locator(f"input[name={name}]").count():
                page.fill(f"input[name={name}]", value)
        page.locator("form[method=post] button[type=submit]").first.click()
        assert_nothing_ran(page, dialogs)
        assert "/accounts/register/" in page.url
        assert_inert(page.content())
    save_screenshot(page, "hostile-register")

    # The editor's comment queue and the reported filter.
    User.objects.create_superuser("hostile-editor", "h@example.cn", PASSWORD)
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "hostile-editor")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
    for query in ["", "?status=approved", "?reported=1", "?status=approved&page=2"]:
        page.goto(f"{live_server.url}/admin/comments/{query}")
        assert_nothing_ran(page, dialogs)
    save_screenshot(page, "hostile-admin-queue")
    page.goto(f"{live_server.url}/admin/pages/{imported[0].pk}/edit/")
    assert_nothing_ran(page, dialogs)
    context.close()


def _query(payload: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": payload})
