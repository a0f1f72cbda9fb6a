"""Editors create and edit articles in the Wagtail admin, with Chinese labels."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from fazhi.news.models import ArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("editor", "", "pw-123456")
    client.force_login(user)
    return client


def test_add_article_form_is_in_chinese(admin_client, channel):
    response = admin_client.get(f"/admin/pages/add/news/articlepage/{channel.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("导读", "正文", "责任编辑", "来源", "作者", "时间"):
        assert label in html, label


def test_article_types_only_go_under_channels(admin_client, home, channel):
    assert ArticlePage.can_create_at(channel)
    assert not ArticlePage.can_create_at(home)
    # Wagtail refuses the add form there and sends the editor back to the dashboard.
    response = admin_client.get(f"/admin/pages/add/news/articlepage/{home.pk}/")
    assert response.status_code == 302 and response.url == "/admin/"


def test_edit_seed_article_in_admin(admin_client, seed_article):
    response = admin_client.get(f"/admin/pages/{seed_article.pk}/edit/")
    assert response.status_code == 200
    assert "guanliyuan3" in response.content.decode()
