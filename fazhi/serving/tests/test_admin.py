"""The admin's purge actions: one page (with the lists showing it), or every page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from fazhi.serving.tests.conftest import cache_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(seed_article):
    user = get_user_model().objects.create_superuser("chief", password="pw-123456")
    client = Client()
    client.force_login(user)
    return client


def warm(*urls: str) -> Client:
    reader = Client()
    for url in urls:
        reader.get(url)
        assert cache_state(reader.get(url)) == "hit"
    return reader


def test_purge_one_page(admin_client, seed_article, home):
    reader = warm(seed_article.url, "/")
    url = reverse("serving_purge_page", args=[seed_article.pk])
    confirm = admin_client.get(url)
    assert confirm.status_code == 200 and "确认清除" in confirm.content.decode()
    response = admin_client.post(url, follow=True)
    assert "已清除" in response.content.decode()
    assert cache_state(reader.get(seed_article.url)) == "miss"
    assert cache_state(reader.get("/")) == "miss"  # the home page lists it


def test_purge_button_is_on_the_page_header(admin_client, seed_article):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[seed_article.pk]))
    assert reverse("serving_purge_page", args=[seed_article.pk]) in edit.content.decode()


def test_purge_everything(admin_client, seed_article):
    reader = warm(seed_article.url, "/feed/")
    url = reverse("serving_purge_all")
    assert url in admin_client.get(reverse("wagtailadmin_home")).content.decode()  # 设置 menu
    admin_client.post(url)
    assert cache_state(reader.get(seed_article.url)) == "miss"
    assert cache_state(reader.get("/feed/")) == "miss"


def test_editors_without_rights_cannot_purge(seed_article):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("intern", password="pw-123456")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    reader = warm(seed_article.url)
    # Wagtail's admin turns PermissionDenied into a redirect with its "no permission" message.
    for url in [
        reverse("serving_purge_all"),
        reverse("serving_purge_page", args=[seed_article.pk]),
    ]:
        response = client.post(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert cache_state(reader.get(seed_article.url)) == "hit"
