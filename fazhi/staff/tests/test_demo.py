"""`fazhi load_demo` brings the staff registry and the demo video, and runs twice without duplicates."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from fazhi.news.models import ArticlePage
from fazhi.staff.demo import DEMO_CORRESPONDENT_CARD
from fazhi.staff.models import StaffMember
from fazhi.video.models import VideoPage

pytestmark = pytest.mark.django_db


def test_load_demo_twice(client):
    first = io.StringIO()
    call_command("load_demo", stdout=first)
    assert f"工作证号 {DEMO_CORRESPONDENT_CARD}" in first.getvalue()
    call_command("load_demo", stdout=io.StringIO())
    assert StaffMember.objects.filter(name="董定权").count() == 1
    assert VideoPage.objects.count() == 1

    seed = ArticlePage.objects.get(byline="通讯员 董定权")
    assert seed.byline_staff.card_number == DEMO_CORRESPONDENT_CARD
    assert "✔ 已核验" in client.get(seed.url).content.decode()
    response = client.post("/staff/", {"name": "董定权", "card_number": DEMO_CORRESPONDENT_CARD})
    assert "staff-card" in response.content.decode()
    video = VideoPage.objects.get()
    assert video.live and video.get_parent().slug == "video"
    assert client.get(video.video_file.url, HTTP_RANGE="bytes=0-9").status_code == 206
