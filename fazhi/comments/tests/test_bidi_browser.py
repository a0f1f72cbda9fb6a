"""A name with a right-to-left override cannot reorder what is printed beside it (issue 23, part 1):
in Chromium, the date after such a name stays after it and reads left to right, on the article
(rendered by comments.js) and on the no-JavaScript comment page (rendered by the template)."""

from __future__ import annotations

import pytest

from fazhi.comments.models import Comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME = "\u202enimda"  # shows as "admin" when not isolated; stored before the rules (an import)


def _date_stays_after_the_name(page, selector: str) -> None:
    meta = page.locator(selector).first
    meta.wait_for()
    author = meta.locator(".comment__author").bounding_box()
    date = meta.locator("time").bounding_box()
    assert date["x"] >= author["x"] + author["width"] - 1, (author, date)
    # Inside the date, the digits come in reading order: its first character is leftmost.
    first, last = meta.locator("time").evaluate(
        """t => {
            const range = document.createRange(), text = t.firstChild;
            const box = i => { range.setStart(text, i); range.setEnd(text, i + 1);
                               return range.getBoundingClientRect().x; };
            return [box(0), box(text.length - 1)];
        }"""
    )
    assert first < last
    assert meta.locator(".comment__author").evaluate(
        "e => getComputedStyle(e).unicodeBidi === 'isolate' || e.localName === 'bdi'"
    )


def test_an_overriding_name_does_not_flip_the_date(live_server, seed_article, browser):
    Comment.objects.create(page=seed_article, text="好文章", author_name=NAME, status="approved")
    context = browser.new_context(viewport={"width": 800, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + seed_article.url)
    _date_stays_after_the_name(page, ".comment__meta")  # filled in by comments.js
    page.goto(f"{live_server.url}/api/pages/{seed_article.pk}/comments/")
    _date_stays_after_the_name(page, ".comment__meta")  # the no-JavaScript page
    context.close()
