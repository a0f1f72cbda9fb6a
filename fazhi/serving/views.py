"""Admin actions: purge one page (and the lists that show it) or every page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Page

from fazhi.serving.purge import purge_all, purge_pages


def can_purge_all(user) -> bool:
    return user.has_perm("serving.purge_all_pages")


def purge_page_view(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    back = reverse(
        "wagtailadmin_explore", args=[page.get_parent().pk if page.depth > 2 else page.pk]
    )
    if request.method == "POST":
        purged = purge_pages([page])
        if purged == ["*"]:
            messages.success(
                request, f"已清除“{page.title}”的缓存：它出现在每个页面上，全部页面缓存已清除。"
            )
        else:
            messages.success(
                request, f"已清除“{page.title}”及列出它的 {len(purged)} 个地址的缓存。"
            )
        return redirect(back)
    return TemplateResponse(
        request,
        "serving/purge_confirm.html",
        {"page": page, "back_url": back, "everything": False, "page_title": "清除页面缓存"},
    )


def purge_all_view(request: HttpRequest) -> HttpResponse:
    if not can_purge_all(request.user):
        raise PermissionDenied
    back = reverse("wagtailadmin_home")
    if request.method == "POST":
        purge_all()
        messages.success(request, "已清除全部页面缓存。")
        return redirect(back)
    return TemplateResponse(
        request,
        "serving/purge_confirm.html",
        {"page": None, "back_url": back, "everything": True, "page_title": "清除全部页面缓存"},
    )
