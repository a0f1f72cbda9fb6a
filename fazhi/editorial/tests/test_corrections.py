"""更正: added by an editor to a published article, shown with its time; revisions stay."""

from __future__ import annotations

import pytest

from fazhi.conftest import count_queries
from fazhi.editorial.tests.conftest import (
    approve_all,
    client_for,
    create_article,
    decide,
    edit_article,
)
from fazhi.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_a_correction_goes_through_review_and_shows_with_its_time(newsroom, client):
    reporter = client_for(newsroom.reporter)
    create_article(reporter, newsroom.fzyw, slug="gengzheng", text="<p>受理案件1200件。</p>")
    page = ArticlePage.objects.get(slug="gengzheng")
    approve_all(newsroom, page)
    assert "更正" not in client.get(page.url).content.decode()
    revisions_before = page.revisions.count()
    assert count_queries(client, page.url) <= 30
    queries_without = count_queries(client, page.url)

    # The editor corrects the figure and adds a 更正 note; it is reviewed like any change.
    response = edit_article(
        client_for(newsroom.editor),
        page,
        text="<p>受理案件1300件。</p>",
        corrections=[
            {"time": "2026-01-06 09:30", "text": "原文“受理案件1200件”有误，应为1300件。"}
        ],
    )
    assert response.status_code == 302
    assert "1200件" in client.get(page.url).content.decode()  # not public before review
    other_editor_page = ArticlePage.objects.get(pk=page.pk)
    # The editor submitted this change, so another editor passes its 初审.
    from fazhi.editorial.roles import EDITOR
    from fazhi.editorial.tests.conftest import make_user

    for person in (make_user("bianji2", EDITOR), newsroom.director, newsroom.chief):
        decide(client_for(person), other_editor_page)

    html = client.get(page.url).content.decode()
    assert "受理案件1300件" in html
    assert "更正" in html and "2026-01-06 09:30" in html
    assert "原文“受理案件1200件”有误，应为1300件。" in html
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.revisions.count() > revisions_before
    first = page.revisions.order_by("created_at", "pk").first().as_object()
    assert "1200件" in first.plain_text()  # the history keeps the original text
    assert count_queries(client, page.url) == queries_without  # one query for 更正, with or without
