"""An XSS corpus (xss_payloads.txt, 60+ payloads) posted as comments, names and reports: each is
stored as given and rendered inert — in the article (by the page script, in a real browser), in the
no-JavaScript comment page, in the reader's forms, in "my comments", and in the admin queue."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from fazhi.accounts.readers import create_reader
from fazhi.comments.models import Comment, CommentReport
from fazhi.comments.tests.conftest import JSON, PASSWORD, guest_comment
from fazhi.conftest import save_screenshot

PAYLOADS = [
    line
    for line in (Path(__file__).with_name("xss_payloads.txt")).read_text("utf-8").splitlines()
    if line.strip()
]


def test_the_corpus_is_big_enough():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def post_corpus(client: Client, page, reader) -> None:
    """Every payload as a comment (through the endpoint), as a name, and as a report reason."""
    member = Client(REMOTE_ADDR="10.0.0.2")
    member.force_login(reader)
    for i, payload in enumerate(PAYLOADS):
        sender = member if i % 2 else client
        data = {"text": payload} if i % 2 else guest_comment(payload)
        response = sender.post(f"/api/pages/{page.pk}/comments/", data, **JSON)
        assert response.status_code == 201, (payload, response.content)
    # Names: stored as given (as a nickname would be), shown on the comments.
    for comment, payload in zip(Comment.objects.order_by("pk"), PAYLOADS, strict=True):
        comment.author_name = payload[:150]
        comment.save(update_fields=["author_name"])
    Comment.objects.update(status="approved")
    for comment, payload in zip(Comment.objects.order_by("pk"), PAYLOADS, strict=True):
        response = Client(REMOTE_ADDR=f"10.1.{comment.pk % 250}.{comment.pk // 250}").post(
            f"/api/comments/{comment.pk}/report/", {"reason": payload[:200]}, **JSON
        )
        assert response.status_code == 200, response.content
    assert Comment.objects.count() == len(PAYLOADS) == CommentReport.objects.count()
    # Stored exactly as typed: nothing "cleaned" away from the newsroom's record.
    assert sorted(Comment.objects.values_list("text", flat=True)) == sorted(PAYLOADS)


def assert_inert(container, expected: str, allowed: set[str]) -> None:
    """The element holds the payload as text, and no element or attribute came from it."""
    assert container.get_text() == expected
    for child in container.find_all(True):
        assert child.name in allowed, (expected, str(container))
        assert not child.attrs, (expected, str(container))


@pytest.fixture
def corpus(db, client, seed_article, settings):
    settings.COMMENTS_PER_PAGE = 200
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "comment_ip": "1000/h",
        "comment_user": "1000/h",
    }
    reader = create_reader("reader1", PASSWORD)
    post_corpus(client, seed_article, reader)
    return reader


@pytest.mark.django_db
def test_inert_in_the_no_javascript_comment_page(client, seed_article, corpus):
    soup = BeautifulSoup(
        client.get(f"/api/pages/{seed_article.pk}/comments/", HTTP_ACCEPT="text/html").content,
        "lxml",
    )
    texts = soup.select(".comment__text")
    authors = soup.select(".comment__author")
    assert len(texts) == len(PAYLOADS) == len(authors)
    for node in texts:
        # linebreaksbr may add <br> for line breaks; payloads have none.
        assert_inert(node, node.get_text(), {"br"})
    assert sorted(n.get_text() for n in texts) == sorted(PAYLOADS)
    assert sorted(n.get_text() for n in authors) == sorted(p[:150] for p in PAYLOADS)
    # Only the site's own scripts, all from files: nothing inline came from a payload.
    assert all(tag.get("src") and not tag.string for tag in soup.find_all("script"))
    assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)]


@pytest.mark.django_db
def test_inert_in_the_admin_queue(seed_article, corpus, admin_user, monkeypatch):
    from fazhi.comments import admin_views

    monkeypatch.setattr(admin_views, "PER_PAGE", 200)
    admin = Client()
    admin.force_login(admin_user)
    html = admin.get("/admin/comments/", {"status": "", "reported": "on"}).content
    soup = BeautifulSoup(html, "lxml")
    cells = soup.select(".comment-queue__text")
    assert len(cells) == len(PAYLOADS)
    for cell in cells:
        assert_inert(cell, cell.get_text(), {"mark"})
    assert sorted(c.get_text() for c in cells) == sorted(PAYLOADS)
    reasons = [li.get_text() for li in soup.select(".comment-queue__reports li")]
    for payload in PAYLOADS:
        assert any(r.startswith(payload[:200] + " — ") for r in reasons), payload
    for li in soup.select(".comment-queue__reports li"):  # only the <bdi> isolating the name
        assert [t.name for t in li.find_all(True)] == ["bdi"]
    baseline = BeautifulSoup(admin.get("/admin/comments/", {"status": "rejected"}).content, "lxml")
    assert len(soup.find_all("script")) == len(baseline.find_all("script"))
    handlers = lambda s: [t for t in s.find_all(True) if any(a.startswith("on") for a in t.attrs)]  # noqa: E731
    assert len(handlers(soup)) == len(handlers(baseline))


@pytest.mark.django_db
def test_inert_in_my_comments(seed_article, corpus):
    member = Client()
    member.force_login(corpus)
    soup = BeautifulSoup(member.get("/accounts/comments/").content, "lxml")
    for cell in soup.select("td.comment__text"):
        assert_inert(cell, cell.get_text(), set())
    assert len(soup.select("td.comment__text")) == min(20, len(PAYLOADS) // 2)


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS[:: max(1, len(PAYLOADS) // 25)])
def test_inert_when_echoed_back_in_the_register_form(client, payload):
    data = {
        "username": payload[:150],
        "nickname": payload,
        "email": payload,
        "password1": "x",
        "password2": "y",
    }
    response = client.post("/accounts/register/", data)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "lxml")
    assert soup.select_one("input[name=username]")["value"] == payload[:150]
    assert soup.select_one("input[name=nickname]")["value"] == payload
    assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_inert_in_a_real_browser_page_and_admin(
    live_server, seed_article, browser, settings, admin_user, monkeypatch
):
    from fazhi.comments import admin_views

    monkeypatch.setattr(admin_views, "PER_PAGE", 200)
    settings.COMMENTS_PER_PAGE = 200
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "comment_ip": "1000/h",
        "comment_user": "1000/h",
    }
    post_corpus(Client(), seed_article, create_reader("reader1", PASSWORD))
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    # Every payload calls __xss() or alert(): record both, and block every outside request.
    context.add_init_script(
        "window.__xssCalls = []; window.__xss = function (n) { window.__xssCalls.push(n); };"
    )
    context.route(
        "**/*",
        lambda route: (
            route.abort()
            if not route.request.url.startswith(live_server.url)
            else route.continue_()
        ),
    )
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + seed_article.url)
    page.wait_for_function(
        f"document.querySelectorAll('.comment-list .comment__text').length === {len(PAYLOADS)}"
    )
    shown = page.eval_on_selector_all(
        ".comment-list .comment__text", "els => els.map(e => e.textContent)"
    )
    assert sorted(shown) == sorted(PAYLOADS)
    names = page.eval_on_selector_all(
        ".comment-list .comment__author", "els => els.map(e => e.textContent)"
    )
    assert sorted(names) == sorted(p[:150] for p in PAYLOADS)
    assert page.locator("[data-live=comment_count]").first.inner_text() == str(len(PAYLOADS))
    page.locator(".comment-list .comment").first.hover()
    assert page.evaluate("window.__xssCalls") == [] and dialogs == []
    save_screenshot(page, "xss-corpus-article")
    # The admin queue, signed in through the admin's own form.
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/comments/?status=&reported=on")
    assert page.locator(".comment-queue__text").count() == len(PAYLOADS)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xssCalls") == [] and dialogs == []
    save_screenshot(page, "xss-corpus-admin")
    context.close()
