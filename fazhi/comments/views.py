"""Reader endpoints: digg, the comment list and form, reports, captcha. Rules live in plain
modules (filtering, moderation, digg; rate limits: fazhi.limits); these views only wire them to HTTP.

Each endpoint answers JSON to the page script (``Accept: application/json``) and plain HTML to a
browser without JavaScript. The article HTML carries no CSRF token, so a no-JS POST fails the
CSRF check; it is then answered with a small page holding a token and what the reader typed,
where one more click completes the action (see README, "CSRF without JavaScript").
"""

from __future__ import annotations

from typing import Any

from captcha.helpers import captcha_image_url
from captcha.models import CaptchaStore
from django.conf import settings
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from fazhi.comments import digg as digg_rules
from fazhi.comments import moderation
from fazhi.comments.forms import CommentForm, ReportForm
from fazhi.comments.models import Comment, CommentReport, CommentStatus
from fazhi.comments.wordlist import check_text
from fazhi.limits import rates

BLOCKED_MESSAGE = "评论含有不允许发表的内容，请修改后再发表。"
PENDING_MESSAGE = "评论已提交，审核通过后显示。"
APPROVED_MESSAGE = "评论已发表。"


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        "application/json" in accept
        or request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or ("text/html" not in accept and request.method == "GET")
    )


def csrf_passes(request: HttpRequest) -> bool:
    """Django's own CSRF check, run by hand for views that answer a failure with a form."""
    checker = CsrfViewMiddleware(lambda r: HttpResponse())
    checker.process_request(request)
    return checker.process_view(request, None, (), {}) is None


def commentable_page(page_id: int) -> Page:
    """A live, public page whose type has public content (articles, videos, ...), or 404."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    if not callable(getattr(page, "public_content", None)):
        raise Http404("这个页面不能评论。")
    return page


def too_many(request: HttpRequest, redirect_to: str | None = None) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"message": rates.LIMIT_MESSAGE}, status=429)
    return render(
        request,
        "comments/message.html",
        {"message": rates.LIMIT_MESSAGE, "back": redirect_to},
        status=429,
    )


# --- Digg ------------------------------------------------------------------------------------


@csrf_exempt  # checked by csrf_passes(): a failed no-JS post gets the confirmation page
@never_cache
@require_http_methods(["GET", "POST"])
def digg(request: HttpRequest, page_id: int) -> HttpResponse:
    page = commentable_page(page_id)
    digged = digg_rules.digged_pages(request)
    if request.method == "GET" or not csrf_passes(request):
        if request.method == "POST" and wants_json(request):
            return JsonResponse({"message": "页面已过期，请刷新后再试。"}, status=403)
        get_token(request)
        return render(
            request,
            "comments/digg_confirm.html",
            {"page": page, "already": page.pk in digged},
        )
    if page.pk in digged:
        count, message, status = digg_rules.digg_count(page.pk), "您已经顶过了。", 200
    elif rates.exceeded("digg_ip", rates.client_ip(request)):
        return too_many(request, page.url)
    else:
        count, message, status = digg_rules.add_digg(page.pk), "谢谢支持！", 200
    if wants_json(request):
        response: HttpResponse = JsonResponse(
            {"digg_count": count, "digged": True, "message": message}, status=status
        )
    else:
        response = redirect(f"{page.url}#digg", permanent=False)
        response.status_code = 303
    if page.pk not in digged:
        digg_rules.remember_digg(response, digged, page.pk)
    return response


# --- Comments --------------------------------------------------------------------------------


def _comment_json(comment: Comment) -> dict[str, Any]:
    created = timezone.localtime(comment.created_at)
    return {
        "id": comment.pk,
        "author": comment.author_name,
        "text": comment.text,
        "created_at": created.isoformat(),
        "created_display": created.strftime("%Y-%m-%d %H:%M"),
    }


def approved_comments_page(page: Page, number: Any) -> tuple[Any, int]:
    """One page of approved top-level comments (newest first) with their approved replies."""
    approved = Comment.objects.filter(page_id=page.pk, status=CommentStatus.APPROVED)
    replies = approved.exclude(parent=None).order_by("created_at", "pk")
    top = (
        approved.filter(parent=None)
        .order_by("-created_at", "-pk")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="approved_replies"))
    )
    paginator = Paginator(top, settings.COMMENTS_PER_PAGE)
    return paginator.get_page(number), approved.count()


def comments_json(request: HttpRequest, page: Page) -> JsonResponse:
    comments, total = approved_comments_page(page, request.GET.get("page"))
    data = {
        "count": total,
        "page": comments.number,
        "num_pages": comments.paginator.num_pages,
        "comments": [
            {**_comment_json(c), "replies": [_comment_json(r) for r in c.approved_replies]}
            for c in comments
        ],
    }
    return JsonResponse(data)


def render_comment_page(
    request: HttpRequest, page: Page, form: CommentForm | None = None, **extra: Any
) -> HttpResponse:
    """The no-JavaScript comment page: list, form with token and captcha, errors by the fields."""
    get_token(request)
    status = extra.pop("status", 200)
    comments, total = approved_comments_page(page, request.GET.get("page"))
    if form is None:
        form = CommentForm(request=request, page=page)
    context = {"page": page, "form": form, "comments": comments, "total": total, **extra}
    return render(request, "comments/comment_page.html", context, status=status)


def _form_errors(form: CommentForm) -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


@csrf_exempt  # checked by csrf_passes(): a failed no-JS post keeps what the reader typed
@never_cache
@require_http_methods(["GET", "POST"])
def comments(request: HttpRequest, page_id: int) -> HttpResponse:
    page = commentable_page(page_id)
    if request.method == "GET":
        if wants_json(request):
            return comments_json(request, page)
        posted = request.GET.get("posted")
        message = {"pending": PENDING_MESSAGE, "approved": APPROVED_MESSAGE}.get(posted or "")
        return render_comment_page(request, page, message=message)
    if not csrf_passes(request):
        if wants_json(request):
            return JsonResponse({"message": "页面已过期，请刷新后再试。"}, status=403)
        initial = {k: request.POST.get(k, "") for k in ("text", "username", "anonymous")}
        form = CommentForm(initial=initial, request=request, page=page)
        return render_comment_page(
            request, page, form, message="请确认后再次点击“发表评论”。", status=200
        )
    return post_comment(request, page)


def post_comment(request: HttpRequest, page: Page) -> HttpResponse:
    ip = rates.client_ip(request)
    user_key = request.user.pk if request.user.is_authenticated else None
    if rates.any_exceeded([("comment_ip", ip), ("comment_user", user_key)]):
        return too_many(request, page.url)
    form = CommentForm(request.POST, request=request, page=page)
    if form.is_valid():
        data = form.cleaned_data
        result = check_text(data["text"])
        if result.blocked:
            form.add_error("text", BLOCKED_MESSAGE)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse(
                {"message": "请按提示修改后再提交。", "errors": _form_errors(form)}, status=400
            )
        return render_comment_page(request, page, form, status=400)
    mode = form.site_settings.moderation_mode
    anonymous = data["anonymous"]
    with transaction.atomic():
        comment = Comment.objects.create(
            page_id=page.pk,
            parent=moderation.thread_root(data["parent"]),
            user=form.author,
            is_anonymous=anonymous or form.author is None,
            author_name=moderation.display_name(form.author, anonymous),
            text=data["text"],
            status=moderation.initial_status(mode, result),
            held_words=result.words,
            ip_address=ip,
            user_agent=request.headers.get("User-Agent", "")[:500],
        )
    if form.signed_in_now:
        login(request, form.author, backend="django.contrib.auth.backends.ModelBackend")
    approved = comment.status == CommentStatus.APPROVED
    if wants_json(request):
        return JsonResponse(
            {
                "status": comment.status,
                "message": APPROVED_MESSAGE if approved else PENDING_MESSAGE,
                "comment": _comment_json(comment),
                "user": {"username": form.author.get_username()} if form.author else None,
                "csrf_token": get_token(request),
            },
            status=201,
        )
    response = redirect(
        f"/api/pages/{page.pk}/comments/?posted={'approved' if approved else 'pending'}"
    )
    response.status_code = 303
    return response


# --- Reports ---------------------------------------------------------------------------------


@never_cache
@require_POST
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("page"), pk=comment_id, status=CommentStatus.APPROVED
    )
    back = f"/api/pages/{comment.page_id}/comments/"
    ip = rates.client_ip(request)
    user = request.user if request.user.is_authenticated else None
    if rates.any_exceeded([("report_ip", ip), ("report_user", user.pk if user else None)]):
        return too_many(request, back)
    form = ReportForm(request.POST)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"message": "举报未提交。", "errors": form.errors}, status=400)
        return render(
            request,
            "comments/message.html",
            {
                "message": "举报未提交："
                + " ".join(e for errs in form.errors.values() for e in errs),
                "back": back,
            },
            status=400,
        )
    earlier = CommentReport.objects.filter(comment=comment)
    earlier = earlier.filter(user=user) if user else earlier.filter(ip_address=ip, user=None)
    message = "举报已收到，谢谢！"
    if earlier.exists():
        message = "您已经举报过这条评论。"
    else:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment,
                user=user,
                reason=form.cleaned_data["reason"],
                ip_address=ip,
                user_agent=request.headers.get("User-Agent", "")[:500],
            )
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    if wants_json(request):
        return JsonResponse({"message": message})
    return render(request, "comments/message.html", {"message": message, "back": back})


# --- Captcha ---------------------------------------------------------------------------------


@never_cache
def captcha(request: HttpRequest) -> JsonResponse:
    """A fresh captcha for the comment form: the key to send back and the image to show."""
    key = CaptchaStore.generate_key()
    return JsonResponse({"key": key, "image_url": captcha_image_url(key)})
