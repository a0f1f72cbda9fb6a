"""Channel desks and their assignment in the admin; the demo users of `fazhi load_demo`."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import GroupPagePermission

from fazhi.editorial.desks import channels_of
from fazhi.editorial.models import ChannelDesk
from fazhi.editorial.roles import REPORTER
from fazhi.editorial.tests.conftest import client_for, make_user
from fazhi.news.factories import make_channel

pytestmark = pytest.mark.django_db


def test_every_new_channel_gets_a_writers_desk(home):
    channel = make_channel(home, "以案说法", "yasf")
    desk = ChannelDesk.objects.get(channel=channel)
    assert desk.group.name == "撰稿：以案说法"
    perms = GroupPagePermission.objects.filter(group=desk.group)
    assert [(p.page_id, p.permission.codename) for p in perms] == [(channel.pk, "add_page")]


def test_manager_assigns_channels_in_the_admin(newsroom):
    manager = client_for(newsroom.manager)
    listing = manager.get("/admin/editorial/assignments/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "jizhe" in html and "法治要闻" in html

    url = f"/admin/editorial/assignments/{newsroom.reporter.pk}/"
    assert manager.get(url).status_code == 200
    response = manager.post(url, {"channels": [newsroom.xjzs.pk]})
    assert response.status_code == 302
    assert channels_of(newsroom.reporter) == [newsroom.xjzs]
    assert newsroom.reporter.groups.filter(name=REPORTER).exists()  # role kept
    # Bad input: a clear message, nothing changed.
    response = manager.post(url, {"channels": ["不存在"]})
    assert response.status_code == 200
    assert "栏目分配未保存" in response.content.decode()
    assert channels_of(newsroom.reporter) == [newsroom.xjzs]


def test_only_user_managers_assign_channels(newsroom):
    for person in (newsroom.reporter, newsroom.editor, newsroom.chief):
        assert client_for(person).get("/admin/editorial/assignments/").status_code == 302


def test_load_demo_creates_a_user_per_role_once(home, settings):
    settings.DEMO_PASSWORD = ""
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    text = out.getvalue()
    assert "演示用户的密码：" in text
    User = get_user_model()
    for username, role in [
        ("jizhe", "通讯员/记者"),
        ("bianji", "编辑"),
        ("zhuren", "部门主任/值班主编"),
        ("zongbian", "总编辑"),
        ("guanli", "管理员"),
    ]:
        assert User.objects.get(username=username).groups.filter(name=role).exists()
    password = text.split("演示用户的密码：")[1].split("（")[0]
    assert User.objects.get(username="zongbian").check_password(password)
    assert [c.slug for c in channels_of(User.objects.get(username="jizhe"))] == ["fzyw", "xjzs"]
    assert "等待初审" in text

    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "演示用户的密码" not in again.getvalue()
    assert User.objects.filter(username="jizhe").count() == 1


def test_demo_password_from_the_environment(home, settings):
    settings.DEMO_PASSWORD = "fazhi-demo-2026"
    call_command("load_demo", stdout=io.StringIO())
    assert get_user_model().objects.get(username="bianji").check_password("fazhi-demo-2026")


def test_demo_walkthrough_piece_awaits_first_review(home, settings):
    settings.DEMO_PASSWORD = "x"
    call_command("load_demo", stdout=io.StringIO())
    from fazhi.news.models import ArticlePage

    piece = ArticlePage.objects.get(slug="demo-awaiting-review")
    assert piece.current_workflow_task.name == "初审"
    editor = get_user_model().objects.get(username="bianji")
    assert "初审通过" in client_for(editor).get(f"/admin/pages/{piece.pk}/edit/").content.decode()


def test_make_user_helper_uses_real_groups(home):
    user = make_user("x", REPORTER)
    assert user.has_perm("wagtailadmin.access_admin")
