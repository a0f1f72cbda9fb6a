"""Scheduled (embargoed) publishing: invisible everywhere until the go-live time, then the worker
publishes it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from fazhi.editorial.models import ReviewEvent
from fazhi.editorial.tests.conftest import approve_all, client_for, create_article
from fazhi.news.models import ArticlePage

TITLE = "EMBARGO2026 禁发稿件"


def public_places(client, page_id: int) -> dict[str, bool]:
    """Whether the piece shows in each public place."""
    slug = "/fzyw/jinfa/"
    found = {}
    response = client.get(slug)
    found["page URL"] = response.status_code == 200
    found["channel list"] = TITLE in client.get("/fzyw/").content.decode()
    found["home"] = TITLE in client.get("/").content.decode()
    found["site feed"] = TITLE in client.get("/feed/").content.decode()
    found["channel feed"] = TITLE in client.get("/fzyw/feed/").content.decode()
    found["sitemap"] = slug in client.get("/sitemap.xml").content.decode()
    # The result links to the page (its title comes back with the match in <mark>).
    found["search"] = (
        '/fzyw/jinfa/"' in client.get("/search/", {"q": "EMBARGO2026"}).content.decode()
    )
    found["API"] = client.get(f"/api/pages/{page_id}/live/").status_code == 200
    return found


@pytest.mark.django_db
def test_embargoed_piece_is_invisible_until_the_worker_publishes_it(
    newsroom, client, django_capture_on_commit_callbacks
):
    go_live = timezone.localtime() + datetime.timedelta(hours=2)
    response = create_article(
        client_for(newsroom.reporter),
        newsroom.fzyw,
        title=TITLE,
        slug="jinfa",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="jinfa")
    approve_all(newsroom, page)

    page = ArticlePage.objects.get(pk=page.pk)
    assert not page.live
    assert page.approved_schedule
    scheduled = ReviewEvent.objects.get(page_id=page.pk, action="scheduled")
    assert go_live.strftime("%Y-%m-%d %H:%M") in scheduled.comment
    assert public_places(client, page.pk) == dict.fromkeys(public_places(client, page.pk), False)

    # The worker runs before the time: nothing changes.
    call_command("run_scheduler", "--once")
    assert not ArticlePage.objects.get(pk=page.pk).live
    assert not any(public_places(client, page.pk).values())

    # The time comes; the worker's next run (within its 30-second period) publishes it.
    with time_machine.travel(go_live + datetime.timedelta(seconds=20), tick=False):
        assert not any(public_places(client, page.pk).values())
        # The worker's publish commits, and search indexes the piece on commit.
        with django_capture_on_commit_callbacks(execute=True):
            call_command("run_scheduler", "--once")
        page = ArticlePage.objects.get(pk=page.pk)
        assert page.live and page.responsible_editor == "刘洋"
        assert public_places(client, page.pk) == dict.fromkeys(public_places(client, page.pk), True)


def test_scheduled_publishing_is_a_periodic_job_within_a_minute():
    from fazhi.editorial.tasks import publish_scheduled_pages
    from fazhi.jobs.schedule import periodic_jobs

    (job,) = [job for job in periodic_jobs() if job.name == "editorial.publish_scheduled"]
    assert job.task is publish_scheduled_pages and 0 < job.every <= 60
