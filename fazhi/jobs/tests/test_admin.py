"""后台任务 in the admin: the failed jobs with their arguments, error and time, read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.jobs.models import JobFailure
from fazhi.jobs.tests import tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def failure() -> JobFailure:
    tasks.always_fails.enqueue("导出目录不可写")  # the tests' queue runs it at once
    return JobFailure.objects.get()


def test_failures_are_listed_in_chinese_under_settings(admin_client, failure):
    response = admin_client.get(reverse("job_failures:index"))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("后台任务", "任务", "参数", "错误", "失败时间", "测试：总是失败（第 1 次）"):
        assert text in page, text
    assert "导出目录不可写" in page  # the argument and the error message
    assert "不再重试" in page
    menu = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("job_failures:index") in menu


def test_a_failure_can_be_read_whole_but_not_edited(admin_client, failure):
    inspect = admin_client.get(reverse("job_failures:inspect", args=[failure.pk]))
    assert inspect.status_code == 200
    assert "Traceback" in inspect.content.decode()
    assert admin_client.get(reverse("job_failures:add")).status_code in (302, 403)
    assert admin_client.get(reverse("job_failures:edit", args=[failure.pk])).status_code in (
        302,
        403,
    )
    assert JobFailure.objects.count() == 1


def test_editors_without_the_permission_do_not_see_it(client, failure, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("bianji", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(reverse("job_failures:index")).status_code in (302, 403)
