"""三审 through the real admin, as real users of each role (Django test client, real permissions)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowState

from fazhi.editorial.models import ReviewEvent
from fazhi.editorial.roles import CHIEF, DIRECTOR, EDITOR, THREE_STEP_WORKFLOW, TWO_STEP_WORKFLOW
from fazhi.editorial.tests.conftest import (
    client_for,
    create_article,
    decide,
    edit_article,
    make_user,
    messages_of,
)
from fazhi.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def submitted_piece(room, **fields) -> ArticlePage:
    response = create_article(client_for(room.reporter), room.fzyw, **fields)
    assert response.status_code == 302, messages_of(response)
    page = ArticlePage.objects.get(slug=fields.get("slug", "gaojian"))
    assert page.owner == room.reporter
    return page


def step_of(page) -> str | None:
    page = ArticlePage.objects.get(pk=page.pk)
    state = page.current_workflow_task_state
    return state.task.name if state else None


def test_roles_and_workflows_exist(home):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "通讯员/记者",
        "编辑",
        "部门主任/值班主编",
        "总编辑",
        "管理员",
    }
    three = Workflow.objects.get(name=THREE_STEP_WORKFLOW)
    assert [t.name for t in three.tasks] == ["初审", "复审", "终审"]
    assert [t.name for t in Workflow.objects.get(name=TWO_STEP_WORKFLOW).tasks] == ["初审", "终审"]
    assert WorkflowPage.objects.get(page=home).workflow == three
    # Wagtail's sample workflow and its publishing "Moderators" are gone.
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()
    assert not Group.objects.filter(name="Moderators").exists()


def test_only_managers_may_publish_directly(newsroom):
    page = submitted_piece(newsroom)
    for role in ("reporter", "editor", "director", "chief"):
        assert not page.permissions_for_user(getattr(newsroom, role)).can_publish(), role
    assert page.permissions_for_user(newsroom.manager).can_publish()


def test_full_path_from_draft_to_publication_by_three_approvers(newsroom, client):
    page = submitted_piece(newsroom, title="社区普法进万家")
    assert not page.live
    assert step_of(page) == "初审"

    editor = client_for(newsroom.editor)
    edit_page = editor.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert edit_page.status_code == 200
    assert "初审通过" in edit_page.content.decode()
    assert decide(editor, page, comment="事实核对无误").status_code == 302
    assert step_of(page) == "复审"

    assert decide(client_for(newsroom.director), page).status_code == 302
    assert step_of(page) == "终审"
    assert client.get(page.url).status_code == 404  # not public before 终审

    assert decide(client_for(newsroom.chief), page, comment="同意发布").status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live
    assert page.responsible_editor == "刘洋"
    response = client.get(page.url)
    assert response.status_code == 200
    assert "责任编辑:刘洋" in response.content.decode()

    events = list(ReviewEvent.objects.filter(page_id=page.pk).order_by("created_at", "pk"))
    assert [(e.action, e.step, e.user_name) for e in events] == [
        ("submitted", "初审", "张伟"),
        ("approved", "初审", "李娜"),
        ("approved", "复审", "王强"),
        ("approved", "终审", "刘洋"),
        ("published", "", "刘洋"),
    ]
    assert events[1].comment == "事实核对无误"
    assert all(e.channel_title == "法治要闻" for e in events)
    assert "责任编辑：刘洋" in events[-1].comment


def test_nobody_approves_two_steps_of_one_submission(newsroom):
    both = make_user("shuangqian", EDITOR, DIRECTOR, family="周", given="全")
    page = submitted_piece(newsroom)
    both_client = client_for(both)
    assert decide(both_client, page).status_code == 302
    assert step_of(page) == "复审"

    # The edit page says why, and offers no approve button.
    response = both_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    text = " ".join(messages_of(response))
    assert "同一人不能审核同一稿件的两个步骤" in text and "初审" in text
    assert "复审通过" not in response.content.decode()

    # Approving anyway, from the editor form: refused with the reason, nothing saved.
    data = {"action-workflow-action": "1", "workflow-action-name": "approve"}
    response = both_client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), data, follow=True
    )
    assert "同一人不能审核同一稿件的两个步骤" in " ".join(messages_of(response))
    # ... and from the review dialog: refused.
    response = decide(both_client, page)
    assert response.status_code == 302
    assert step_of(page) == "复审"
    assert not ReviewEvent.objects.filter(page_id=page.pk, step="复审").exists()

    # Not offered on the dashboard's "awaiting your review" either.
    from wagtail.models import TaskState

    assert (
        not TaskState.objects.reviewable_by(both)
        .filter(workflow_state__object_id=str(page.pk))
        .exists()
    )
    assert (
        TaskState.objects.reviewable_by(newsroom.director)
        .filter(workflow_state__object_id=str(page.pk))
        .exists()
    )


def test_nobody_approves_his_own_submission(newsroom):
    editor = client_for(newsroom.editor)
    # An editor (add+change everywhere) writes and submits a piece himself...
    response = create_article(editor, newsroom.xjzs, slug="bianji-gao")
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="bianji-gao")
    assert step_of(page) == "初审"
    # ...and cannot pass its 初审.
    response = editor.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert "不能审核自己提交的稿件" in " ".join(messages_of(response))
    decide(editor, page)
    assert step_of(page) == "初审"
    # Another editor can.
    other = make_user("bianji2", EDITOR)
    decide(client_for(other), page)
    assert step_of(page) == "复审"


def test_a_correspondent_cannot_publish(newsroom, client):
    reporter = client_for(newsroom.reporter)
    response = create_article(reporter, newsroom.fzyw, action="action-publish", slug="zifa")
    assert any("没有直接发布的权限" in m for m in messages_of(reporter.get(response.url)))
    page = ArticlePage.objects.get(slug="zifa")
    assert not page.live
    assert client.get("/fzyw/zifa/").status_code == 404
    response = edit_article(reporter, page, action="action-publish")
    assert not ArticlePage.objects.get(pk=page.pk).live
    response = reporter.get(response.url if response.status_code == 302 else "/admin/")
    assert any("没有直接发布的权限" in m for m in messages_of(response))
    # Nor can he approve his way through: he is in none of the review groups.
    edit_article(reporter, page)
    assert step_of(page) == "初审"
    decide(reporter, page)
    assert step_of(page) == "初审"


def test_a_correspondent_cannot_write_in_another_channel(newsroom):
    reporter = client_for(newsroom.reporter)
    add_url = reverse("wagtailadmin_pages:add", args=("news", "articlepage", newsroom.xjzs.pk))
    assert reporter.get(add_url).status_code == 302  # refused: back to the dashboard
    response = create_article(reporter, newsroom.xjzs, slug="yuejie")
    assert response.status_code == 302
    assert not ArticlePage.objects.filter(slug="yuejie").exists()
    # Nor edit a colleague's piece in his own channel.
    colleague_piece = submitted_piece(newsroom, slug="tongshi")
    other = client_for(newsroom.other_reporter)
    response = edit_article(other, colleague_piece, action=None, title="改别人的稿")
    assert response.status_code == 302
    assert (
        ArticlePage.objects.get(pk=colleague_piece.pk).get_latest_revision_as_object().title
        != "改别人的稿"
    )
    # His assigned channel works.
    assert (
        reporter.get(
            reverse("wagtailadmin_pages:add", args=("news", "articlepage", newsroom.fzyw.pk))
        ).status_code
        == 200
    )


def test_rejection_returns_to_author_and_resubmission_restarts_at_first_review(newsroom):
    page = submitted_piece(newsroom)
    decide(client_for(newsroom.editor), page)
    decide(client_for(newsroom.director), page, action="reject", comment="第二段数据需核实出处")
    page = ArticlePage.objects.get(pk=page.pk)
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not page.live

    # The author sees the comment on his piece's admin page.
    reporter = client_for(newsroom.reporter)
    response = reporter.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200
    assert "第二段数据需核实出处" in response.content.decode()

    response = edit_article(reporter, page, text="<p>正文第一段。数据来源：区统计局。</p>")
    assert response.status_code == 302
    assert step_of(page) == "初审"
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.current_workflow_state.pk != state.pk

    # The new submission goes through all three steps again; the earlier 初审 approver may
    # review it again (it is a new submission).
    for person in (newsroom.editor, newsroom.director, newsroom.chief):
        decide(client_for(person), page)
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live
    assert "区统计局" in page.plain_text()
    actions = list(
        ReviewEvent.objects.filter(page_id=page.pk)
        .order_by("created_at", "pk")
        .values_list("action", "step")
    )
    assert actions == [
        ("submitted", "初审"),
        ("approved", "初审"),
        ("rejected", "复审"),
        ("submitted", "初审"),
        ("approved", "初审"),
        ("approved", "复审"),
        ("approved", "终审"),
        ("published", ""),
    ]
    rejected = ReviewEvent.objects.get(page_id=page.pk, action="rejected")
    assert rejected.comment == "第二段数据需核实出处" and rejected.user_name == "王强"


def test_only_the_chief_editor_overrides_responsible_editor(newsroom):
    page = submitted_piece(newsroom, responsible_editor="记者自己填")
    assert (
        ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object().responsible_editor == ""
    )
    decide(client_for(newsroom.editor), page)
    # The 复审 reviewer's edit of the field is ignored (he does not even see it).
    director = client_for(newsroom.director)
    assert (
        "responsible_editor"
        not in director.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    )
    edit_article(director, page, action=None, responsible_editor="王强自己")
    decide(director, page)
    # 总编辑 sees the field and types the name of the person accountable.
    chief = client_for(newsroom.chief)
    assert (
        'name="responsible_editor"'
        in chief.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    )
    edit_article(chief, page, action=None, responsible_editor="孙丽")
    decide(chief, page)
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live and page.responsible_editor == "孙丽"


def test_a_channel_may_use_two_steps(newsroom):
    WorkflowPage.objects.create(
        page=newsroom.fzyw, workflow=Workflow.objects.get(name=TWO_STEP_WORKFLOW)
    )
    page = submitted_piece(newsroom)
    decide(client_for(newsroom.editor), page)
    assert step_of(page) == "终审"
    decide(client_for(newsroom.chief), page)
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live and page.responsible_editor == "刘洋"


def test_final_approval_publishes_without_publish_permission(newsroom):
    chief_group = Group.objects.get(name=CHIEF)
    assert not chief_group.page_permissions.filter(permission__codename="publish_page").exists()
    assert (
        Group.objects.get(name=DIRECTOR)
        .page_permissions.filter(permission__codename="change_page")
        .exists()
    )


def test_the_finish_action_rechecks_the_whole_submission(newsroom):
    """Even bypassing the admin (task_state.approve), one person cannot carry two steps."""
    from django.core.exceptions import PermissionDenied

    page = submitted_piece(newsroom)
    state = ArticlePage.objects.get(pk=page.pk).current_workflow_state
    state.current_task_state.approve(user=newsroom.editor)
    state.refresh_from_db()
    state.current_task_state.approve(user=newsroom.director)
    state.refresh_from_db()
    with pytest.raises(PermissionDenied):
        state.current_task_state.approve(user=newsroom.editor)
    assert not Page.objects.get(pk=page.pk).live
