"""The comment and report forms: who is posting (member, inline login, guest), and what."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest

from fazhi.comments.models import Comment, CommentSettings, CommentStatus
from fazhi.limits import rates

LOCKED_MESSAGE = "登录失败次数过多，已暂时锁定，请稍后再试。"
HONEYPOT_MESSAGE = "提交失败，请刷新页面后重试。"


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by tab): only bots fill it in."""

    website = forms.CharField(
        label="网站（请留空）",
        required=False,
        # Out of the tab order: an aria-hidden field must not take keyboard focus (WCAG 4.1.2).
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(HONEYPOT_MESSAGE)
        return ""


def check_sign_in_limits(request: HttpRequest, username: str) -> None:
    """Per-IP and per-account limits on sign-in attempts, for every sign-in path."""
    if rates.any_exceeded(
        [("login_ip", rates.client_ip(request)), ("login_user", username.lower())]
    ):
        raise forms.ValidationError(rates.LIMIT_MESSAGE, code="rate_limited")


def sign_in_reader(request: HttpRequest, username: str, password: str) -> Any:
    """Check a reader's username and password (through axes); the user, or a ValidationError."""
    check_sign_in_limits(request, username)
    user = authenticate(request=request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
    if user is None:
        raise forms.ValidationError("用户名或密码错误。", code="invalid_login")
    if user.is_staff or user.is_superuser:
        raise forms.ValidationError("管理员账号请从后台登录，不能在此处使用。", code="staff")
    return user


class CommentForm(HoneypotMixin):
    text = forms.CharField(
        label="评论内容",
        min_length=2,
        max_length=settings.COMMENT_MAX_LENGTH,
        error_messages={
            "required": "请填写评论内容。",
            "min_length": "评论内容太短了（至少 %(limit_value)d 个字）。",
            "max_length": "评论内容不能超过 %(limit_value)d 个字（现在 %(show_value)d 个字）。",
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    username = forms.CharField(label="用户名", max_length=150, required=False)
    password = forms.CharField(
        label="密码", max_length=128, required=False, widget=forms.PasswordInput
    )
    anonymous = forms.BooleanField(label="匿名发表", required=False)
    captcha = CaptchaField(
        label="验证码",
        required=False,
        error_messages={"invalid": "验证码错误，请重新输入。"},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, request: HttpRequest, page: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.request = request
        self.page = page
        self.site_settings = CommentSettings.for_request(request)
        self.author = None  # the member account, once known
        self.signed_in_now = False  # True when the inline 用户名/密码 signed the reader in

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) < 2:
            raise forms.ValidationError("评论内容太短了（至少 2 个字）。")
        return text

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.filter(
                pk=parent_id, page_id=self.page.pk, status=CommentStatus.APPROVED
            )
            .select_related("parent")
            .first()
        )
        if parent is None:
            raise forms.ValidationError("要回复的评论不存在或尚未通过审核。")
        return parent

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors.get("website"):
            return data
        user = self.request.user
        anonymous = data.get("anonymous", False)
        username = (data.get("username") or "").strip()
        password = data.get("password") or ""
        if user.is_authenticated:
            self.author = user
            if anonymous and not self.site_settings.members_may_be_anonymous:
                self.add_error("anonymous", "本站不允许会员匿名发表。")
        elif username or password:
            if not username:
                self.add_error("username", "请输入用户名。")
            elif not password:
                self.add_error("password", "请输入密码。")
            else:
                try:
                    self.author = sign_in_reader(self.request, username, password)
                    self.signed_in_now = True
                except forms.ValidationError as error:
                    self.add_error("password", error)
            if anonymous and self.author and not self.site_settings.members_may_be_anonymous:
                self.add_error("anonymous", "本站不允许会员匿名发表。")
        else:
            if not self.site_settings.guests_may_post:
                self.add_error("username", "请先登录（输入用户名和密码）后发表评论。")
            elif not anonymous:
                self.add_error("anonymous", "请输入用户名和密码，或勾选“匿名发表”。")
            elif "captcha" not in self.errors and not (self.data.get("captcha_1") or "").strip():
                self.add_error("captcha", "请输入验证码。")
        return data


class ReportForm(HoneypotMixin):
    reason = forms.CharField(
        label="举报理由",
        max_length=200,
        required=False,
        error_messages={"max_length": "举报理由不能超过 %(limit_value)d 个字。"},
    )
