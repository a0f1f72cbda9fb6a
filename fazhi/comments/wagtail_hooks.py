"""How comments plug into the site and the admin: live counts, demo data, the queue, the word list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from fazhi.comments import admin_views, live
from fazhi.comments.models import SensitiveWord
from fazhi.core.hooks import LOAD_DEMO, PAGE_LIVE_DATA, PERSONAL_DATA


@hooks.register(PAGE_LIVE_DATA)
def comment_live_data(page: Page) -> dict[str, Any]:
    return live.shared_comment_data(page)


@hooks.register(PERSONAL_DATA)
def comment_personal_data(request: HttpRequest, page_id: int) -> dict[str, Any]:
    return live.personal_comment_data(request, page_id)


@hooks.register(LOAD_DEMO)
def load_demo_comments(stdout: Any) -> None:
    from fazhi.comments.demo import load_demo

    load_demo(stdout)


class SensitiveWordViewSet(ModelViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = "敏感词"
    add_to_admin_menu = False
    form_fields = ["word", "action"]
    list_display = ["word", "action", "updated_at"]
    list_filter = ["action"]
    search_fields = ["word"]
    url_prefix = "comments/words/list"
    name = "sensitive_words"


sensitive_word_viewset = SensitiveWordViewSet()


@hooks.register("register_admin_viewset")
def register_sensitive_words() -> ModelViewSet:
    return sensitive_word_viewset


@hooks.register("register_admin_urls")
def register_comment_admin_urls() -> list:
    urls = [
        path("", admin_views.queue, name="queue"),
        path("act/", admin_views.act, name="act"),
        path("words/", admin_views.words_import_export, name="words"),
        path("words/export/", admin_views.words_export, name="words_export"),
    ]
    return [path("comments/", include((urls, "comments_admin"), namespace="comments_admin"))]


class PermittedItem(MenuItem):
    def __init__(self, *args: Any, perm: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.perm = perm

    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.perm)


@hooks.register("register_admin_menu_item")
def register_comments_menu() -> SubmenuMenuItem:
    from wagtail.admin.menu import Menu

    menu = Menu(
        items=[
            PermittedItem(
                "审核队列",
                reverse("comments_admin:queue"),
                icon_name="comment",
                order=100,
                perm="comments.moderate_comment",
            ),
            PermittedItem(
                "敏感词",
                reverse(sensitive_word_viewset.get_url_name("index")),
                icon_name="warning",
                order=200,
                perm="comments.view_sensitiveword",
            ),
            PermittedItem(
                "敏感词导入/导出",
                reverse("comments_admin:words"),
                icon_name="download",
                order=300,
                perm="comments.add_sensitiveword",
            ),
        ]
    )
    return SubmenuMenuItem("评论", menu, icon_name="comment", order=250)


@hooks.register("register_permissions")
def comment_permissions():
    """Let the admin's group editor grant 审核评论 and the word list to editors' groups."""
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="comments",
        codename__in=[
            "moderate_comment",
            "delete_comment",
            "view_sensitiveword",
            "add_sensitiveword",
            "change_sensitiveword",
            "delete_sensitiveword",
        ],
    )
