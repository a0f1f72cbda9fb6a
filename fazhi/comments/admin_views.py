"""The moderation queue and the word-list import/export, in the Wagtail admin."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.comments import moderation
from fazhi.comments.filtering import BLOCK, HOLD, highlight_spans, parse_word_list
from fazhi.comments.models import Comment, CommentReport, CommentStatus, SensitiveWord
from fazhi.comments.wordlist import current_filter, export_words, import_words

PER_PAGE = 50


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


class QueueFilter(forms.Form):
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部"), *CommentStatus.choices],
        initial=CommentStatus.PENDING,
    )
    q = forms.CharField(label="文章标题或评论内容", required=False, max_length=100)
    page = forms.IntegerField(label="页面 ID", required=False, min_value=1)
    reported = forms.BooleanField(label="只看被举报的", required=False)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def filter_queue(data: dict[str, Any]) -> Any:
    comments = Comment.objects.select_related("page", "user", "parent").prefetch_related(
        Prefetch("reports", queryset=CommentReport.objects.order_by("-created_at"))
    )
    if data.get("status"):
        comments = comments.filter(status=data["status"])
    if data.get("q"):
        comments = comments.filter(
            Q(page__title__icontains=data["q"]) | Q(text__icontains=data["q"])
        )
    if data.get("page"):
        comments = comments.filter(page_id=data["page"])
    if data.get("reported"):
        comments = comments.filter(report_count__gt=0)
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        comments = comments.filter(
            created_at__gte=datetime.combine(data["date_from"], time.min, tz)
        )
    if data.get("date_to"):
        comments = comments.filter(created_at__lte=datetime.combine(data["date_to"], time.max, tz))
    return comments.order_by("-report_count", "-created_at") if data.get("reported") else comments


def queue(request: HttpRequest) -> HttpResponse:
    _require(request, "comments.moderate_comment")
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = CommentStatus.PENDING
    filter_form = QueueFilter(params)
    data = filter_form.cleaned_data if filter_form.is_valid() else {"status": CommentStatus.PENDING}
    paginator = Paginator(filter_queue(data), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("p"))
    word_filter = current_filter()
    rows = [
        {"comment": c, "parts": highlight_spans(c.text, word_filter.check(c.text))}
        for c in page_obj
    ]
    query = params.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "comments/admin/queue.html",
        {
            "filter_form": filter_form,
            "rows": rows,
            "page_obj": page_obj,
            "query": query.urlencode(),
            "next": request.get_full_path(),
            "counts": {
                "pending": Comment.objects.filter(status=CommentStatus.PENDING).count(),
                "reported": Comment.objects.filter(report_count__gt=0).count(),
            },
        },
    )


ACTIONS = {"approve": "通过", "reject": "拒绝", "delete": "删除"}


@require_POST
def act(request: HttpRequest) -> HttpResponse:
    """Approve, reject or delete one or many comments (the form's checked rows)."""
    _require(request, "comments.moderate_comment")
    action = request.POST.get("action", "")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    queue_url = reverse("comments_admin:queue")  # under FAZHI_ADMIN_PATH
    back = request.POST.get("next") or queue_url
    if not back.startswith(queue_url):
        back = queue_url
    if action not in ACTIONS:
        messages.error(request, "请选择要执行的操作。")
    elif not ids:
        messages.error(request, "请先勾选评论。")
    else:
        if action == "approve":
            done = moderation.approve(ids, request.user)
        elif action == "reject":
            done = moderation.reject(ids, request.user)
        else:
            _require(request, "comments.delete_comment")
            done = moderation.delete(ids)
        messages.success(request, f"已{ACTIONS[action]} {done} 条评论。")
    return redirect(back)


class ImportWordsForm(forms.Form):
    file = forms.FileField(label="词表文件（UTF-8 文本，每行一个词）")
    action = forms.ChoiceField(label="处理方式", choices=SensitiveWord.ACTIONS, initial=BLOCK)

    def clean_file(self) -> list[str]:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError("文件太大（最多 2 MB）。")
        raw = upload.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                words = parse_word_list(raw.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            raise forms.ValidationError("无法识别文件编码，请保存为 UTF-8 文本。")
        if not words:
            raise forms.ValidationError("文件里没有词（每行一个词，# 开头的行是注释）。")
        return words


def words_import_export(request: HttpRequest) -> HttpResponse:
    _require(request, "comments.add_sensitiveword")
    if request.method == "POST":
        form = ImportWordsForm(request.POST, request.FILES)
        if form.is_valid():
            added, changed = import_words(form.cleaned_data["file"], form.cleaned_data["action"])
            messages.success(request, f"导入完成：新增 {added} 个词，修改 {changed} 个词。")
            return redirect("comments_admin:words")
    else:
        form = ImportWordsForm()
    counts = {
        "block": SensitiveWord.objects.filter(action=BLOCK).count(),
        "hold": SensitiveWord.objects.filter(action=HOLD).count(),
    }
    return TemplateResponse(request, "comments/admin/words.html", {"form": form, "counts": counts})


def words_export(request: HttpRequest) -> HttpResponse:
    _require(request, "comments.view_sensitiveword")
    action = request.GET.get("action") or None
    if action not in (None, BLOCK, HOLD):
        action = None
    response = HttpResponse(export_words(action), content_type="text/plain; charset=utf-8")
    name = f"sensitive-words-{action or 'all'}.txt"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
