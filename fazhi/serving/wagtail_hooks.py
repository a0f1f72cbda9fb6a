"""Wagtail wiring: mark served pages as cacheable, and the admin's purge buttons."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from fazhi.core.hooks import PERIODIC_JOBS
from fazhi.jobs.schedule import PeriodicJob
from fazhi.serving import views
from fazhi.serving.cache import PAGE_MARK
from fazhi.serving.tasks import export_backstop


@hooks.register("before_serve_page")
def mark_page_cacheable(page: Page, request: HttpRequest, args: Any, kwargs: Any) -> None:
    # Only Wagtail pages are stored; the response rules (no cookie, no token...) still apply.
    setattr(request, PAGE_MARK, True)


@hooks.register("register_admin_urls")
def admin_urls() -> list:
    return [
        path("serving/purge/page/<int:page_id>/", views.purge_page_view, name="serving_purge_page"),
        path("serving/purge/all/", views.purge_all_view, name="serving_purge_all"),
    ]


class PurgePageButton(PageMenuItem):
    label = "清除缓存"
    icon_name = "rotate"
    url_name = "serving_purge_page"
    priority = 90

    def is_shown(self, user: Any) -> bool:
        return self.page.live and self.page.permissions_for_user(user).can_publish()


@hooks.register("register_page_header_buttons")
def purge_header_button(page: Page, user: Any, view_name: str, next_url: str | None = None):
    yield PurgePageButton(page=page)


@hooks.register("register_page_listing_more_buttons")
def purge_listing_button(page: Page, user: Any, next_url: str | None = None):
    yield PurgePageButton(page=page)


class PurgeAllMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return views.can_purge_all(request.user)


@hooks.register("register_settings_menu_item")
def purge_all_menu_item() -> MenuItem:
    return PurgeAllMenuItem(
        "清除页面缓存",
        reverse("serving_purge_all"),
        name="purge-page-cache",
        icon_name="rotate",
        order=900,
    )


@hooks.register(PERIODIC_JOBS)
def periodic_jobs() -> list[PeriodicJob]:
    # With export on publish, an incremental export every minute catches what a lost task left.
    if not (settings.FAZHI_EXPORT_ON_PUBLISH and settings.FAZHI_EXPORT_DIR):
        return []
    return [PeriodicJob("serving.export_backstop", export_backstop, 60, "生成静态页面（定时补漏）")]
