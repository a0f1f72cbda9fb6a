"""load_demo, create_admin and the `fazhi` console script."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page

from fazhi.core.models import SiteSettings
from fazhi.news.models import ArticlePage, ChannelPage

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_builds_the_demo_site_and_is_idempotent(client, home):
    first = load_demo()
    assert "演示内容已就绪" in first
    pages = Page.objects.count()
    assert [c.title for c in ChannelPage.objects.child_of(home).order_by("path")] == [
        "法治要闻",
        "学界之声",
        "普法园地",
        "视频",
    ]
    seed = ArticlePage.objects.get(title="司法行政机关抓党建应做到“四个聚力”")
    assert seed.url == "/xjzs/20190828-113351/"
    assert ArticlePage.objects.count() >= 5
    assert SiteSettings.for_site(home.get_site()).icp_number == "京ICP备10039517号"

    second = load_demo()
    assert "新建" not in second
    assert Page.objects.count() == pages  # nothing duplicated
    assert client.get(seed.url).status_code == 200


def test_create_admin_prints_a_random_password_once(monkeypatch):
    out = StringIO()
    with override_settings(ADMIN_USERNAME="chief", ADMIN_PASSWORD=""):
        call_command("create_admin", stdout=out)
        printed = out.getvalue()
        password = printed.split("密码：")[1].split("（")[0]
        user = get_user_model().objects.get(username="chief")
        assert user.is_superuser and user.check_password(password)
        again = StringIO()
        call_command("create_admin", stdout=again)
        assert password not in again.getvalue()
        assert "已存在" in again.getvalue()
        user.refresh_from_db()
        assert user.check_password(password)


def test_create_admin_takes_password_from_environment():
    with override_settings(ADMIN_USERNAME="chief", ADMIN_PASSWORD="s3cret-密码"):
        out = StringIO()
        call_command("create_admin", stdout=out)
        assert "s3cret" not in out.getvalue()
        assert get_user_model().objects.get(username="chief").check_password("s3cret-密码")


def test_console_script_works_from_any_folder(tmp_path: Path):
    fazhi = Path(sys.executable).with_name("fazhi")
    env = {**os.environ, "FAZHI_VAR_DIR": str(tmp_path / "var")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [str(fazhi), "help", "import_pages"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "--site-settings" in result.stdout
