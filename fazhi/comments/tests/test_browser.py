"""A reader and an editor in headless Chromium: digg, anonymous comment with captcha, pending,
approved in the admin, then shown on the article with the count updated."""

from __future__ import annotations

import pytest

from fazhi.comments.models import Comment, DiggCount
from fazhi.comments.tests.conftest import PASSWORD
from fazhi.conftest import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEXT = "基层法治宣传要常抓不懈。\n第二行也要保留。"


def test_digg_comment_moderate_and_show(live_server, seed_article, browser, admin_user):
    reader = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    page = reader.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(live_server.url + seed_article.url)
    page.wait_for_function("document.querySelector('[data-live=digg_count]').textContent === '0'")
    count = page.locator("[data-live=digg_count]")
    # A reader who only reads gets the shared counts: no token, no personal call, no captcha.
    token = "document.querySelector('form.digg input[name=csrfmiddlewaretoken]').value"
    assert page.evaluate(token) == ""
    assert not [url for url in asked if "me=1" in url or "/api/captcha/" in url]
    page.get_by_role("button", name="来顶一下").click()
    page.wait_for_function("document.querySelector('[data-live=digg_count]').textContent === '1'")
    assert page.locator("[data-digg-message]").inner_text() == "谢谢支持！"
    page.get_by_role("button", name="来顶一下").click()
    page.wait_for_function(
        "document.querySelector('[data-digg-message]').textContent === '您已经顶过了。'"
    )
    assert count.inner_text() == "1"
    assert DiggCount.objects.get(page_id=seed_article.pk).count == 1

    assert page.evaluate(token) != ""  # fetched for the click (the personal mode)
    assert len([url for url in asked if "me=1" in url]) == 1

    # Anonymous comment: the captcha image loads once the reader is in the form; test settings
    # accept the answer "passed".
    page.get_by_label("评论内容").focus()
    captcha = page.locator("img[data-captcha]")
    captcha.wait_for(state="visible")
    page.wait_for_function(
        "(img => img.complete && img.naturalWidth > 0)(document.querySelector('img[data-captcha]'))"
    )
    assert page.locator("[data-live=comment_count]").inner_text() == "0"
    page.get_by_label("评论内容").fill(TEXT)
    page.get_by_label("匿名发表").check()
    # First without the captcha: the error shows beside it and the text stays.
    page.get_by_role("button", name="发表评论").click()
    error = page.locator("[data-error-for=captcha]")
    error.wait_for(state="visible")
    assert error.inner_text() == "请输入验证码。"
    assert page.get_by_label("评论内容").input_value() == TEXT
    page.get_by_label("验证码:").fill("passed")
    page.get_by_role("button", name="发表评论").click()
    message = page.locator("[data-comment-message]")
    page.wait_for_function(
        "document.querySelector('[data-comment-message]').textContent === '评论已提交，审核通过后显示。'"
    )
    assert message.inner_text() == "评论已提交，审核通过后显示。"
    assert page.get_by_label("评论内容").input_value() == ""
    comment = Comment.objects.get()
    assert comment.status == "pending" and comment.author_name == "匿名网友"
    assert comment.text == TEXT
    page.reload()
    page.wait_for_selector(".comment-list__empty")
    assert page.locator("[data-live=comment_count]").inner_text() == "0"
    save_screenshot(page, "comment-pending-375")

    # The editor approves it in the Wagtail admin.
    editor_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    editor = editor_context.new_page()
    editor.goto(live_server.url + "/admin/login/")
    editor.fill("input[name=username]", admin_user.username)
    editor.fill("input[name=password]", PASSWORD)
    editor.locator("button[type=submit]").click()
    editor.wait_for_url("**/admin/")
    editor.goto(live_server.url + "/admin/comments/")
    row = editor.locator(f"tr[data-comment-row='{comment.pk}']")
    assert "基层法治宣传要常抓不懈" in row.inner_text()
    save_screenshot(editor, "comment-queue")
    row.get_by_role("button", name="通过").click()
    editor.wait_for_selector("text=已通过 1 条评论。")
    assert editor.locator(f"tr[data-comment-row='{comment.pk}']").count() == 0  # left the queue
    comment.refresh_from_db()
    assert comment.status == "approved" and comment.moderated_by == admin_user
    editor_context.close()

    # Back on the article: shown, line break kept, count updated.
    page.reload()
    page.wait_for_selector(".comment-list .comment__text")
    assert page.locator(".comment-list .comment__text").first.inner_text() == TEXT
    assert page.locator(".comment-list .comment__author").first.inner_text() == "匿名网友"
    page.wait_for_function(
        "document.querySelector('[data-live=comment_count]').textContent === '1'"
    )
    assert page.locator("[data-live=digg_count]").inner_text() == "1"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    save_screenshot(page, "comment-approved-375")
    reader.close()


def test_digg_without_javascript(live_server, seed_article, browser):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + seed_article.url)
    page.get_by_role("button", name="来顶一下").click()
    page.get_by_role("button", name="确认顶一下").click()
    page.wait_for_url(f"**{seed_article.url}#digg")
    assert DiggCount.objects.get(page_id=seed_article.pk).count == 1
    context.close()
