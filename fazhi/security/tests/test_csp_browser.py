"""The Content-Security-Policy breaks nothing: real Chromium reports no violation on the public
pages (seed article, home, search, staff lookup, sign-in) nor in the Wagtail admin's page editor."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from fazhi.conftest import save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Csp-editor-2026"

# Records violations before any page script runs, so none slips past the listener.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def open_context(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=False
    )
    context.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    context.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return context, console


def assert_clean(page, console: list[str]) -> None:
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__cspViolations")
    assert violations == [] and console == [], (page.url, violations, console)


def test_public_pages_run_under_the_policy(live_server, live_home, seed_article, browser):
    context, console = open_context(browser)
    page = context.new_page()
    page.goto(live_server.url + seed_article.url)
    # live.js ran (scripts allowed from static files): the shared counts are filled in, and
    # the CSRF token once the reader enters the comment form (the personal live data).
    # (expect() polls without eval, which the policy forbids.)
    expect(page.locator("[data-live=digg_count]")).to_have_text("0")
    page.get_by_label("评论内容").focus()
    expect(page.locator("form.digg input[name=csrfmiddlewaretoken]")).not_to_have_value("")
    assert page.locator("script[type='application/ld+json']").count() >= 1
    assert_clean(page, console)
    for path in ["/", "/search/?q=法治", "/staff/", "/accounts/login/", "/accounts/register/"]:
        page.goto(live_server.url + path)
        assert_clean(page, console)
    context.close()


def test_admin_page_editor_runs_under_its_policy(live_server, live_home, seed_article, browser):
    User.objects.create_superuser("csp-editor", "csp@example.cn", PASSWORD)
    context, console = open_context(browser)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "csp-editor")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
    assert_clean(page, console)
    page.goto(f"{live_server.url}/admin/pages/{seed_article.pk}/edit/")
    page.wait_for_selector("[data-side-panel-toggle], form#page-edit-form")
    assert_clean(page, console)
    # The editor's scripts work: the draft can be saved from the page.
    page.locator("button[type=submit]:has-text('保存草稿')").first.click()
    page.wait_for_load_state("networkidle")
    assert_clean(page, console)
    save_screenshot(page, "csp-admin-editor")
    page.goto(f"{live_server.url}/admin/comments/")
    assert_clean(page, console)
    context.close()
