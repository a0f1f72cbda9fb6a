"""Reader sign-up and sign-in forms: Django's own, with Chinese messages and the site's limits."""

from __future__ import annotations

import re
from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from fazhi.accounts.names import clean_display_name
from fazhi.accounts.validators import ReaderNameValidator
from fazhi.comments.forms import LOCKED_MESSAGE, HoneypotMixin, check_sign_in_limits
from fazhi.comments.wordlist import check_text

PHONE = re.compile(r"^1\d{10}$")


class RegisterForm(HoneypotMixin, UserCreationForm):
    email = forms.EmailField(
        label="电子邮箱（可不填）",
        required=False,
        error_messages={"invalid": "请输入有效的电子邮箱地址。"},
    )
    phone = forms.CharField(label="手机号（可不填）", required=False, max_length=20)
    nickname = forms.CharField(label="昵称（可不填，评论时显示）", required=False, max_length=30)
    captcha = CaptchaField(
        label="验证码",
        error_messages={"invalid": "验证码错误，请重新输入。", "required": "请输入验证码。"},
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username",)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = "150 个字符以内，只能包含字母、数字和 @ . + - _。"
        self.fields["username"].error_messages["unique"] = "这个用户名已经有人用了。"
        self.fields["username"].validators.append(ReaderNameValidator())

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip().replace(" ", "").replace("-", "")
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("请输入 11 位手机号码。")
        return phone

    def clean_nickname(self) -> str:
        raw = self.cleaned_data["nickname"]
        if raw:
            ReaderNameValidator()(raw)
        nickname = clean_display_name(raw)  # bidi controls and invisible characters dropped
        if nickname and check_text(nickname).blocked:
            raise forms.ValidationError("昵称含有不允许使用的内容。")
        return nickname


class ReaderLoginForm(AuthenticationForm):
    """Sign-in for readers: rate limited, axes-protected, and closed to admin accounts."""

    error_messages = {
        "invalid_login": "用户名或密码错误。",
        "inactive": "这个账号已停用。",
        "staff": "管理员账号请从后台登录，不能在此处使用。",
        "locked": LOCKED_MESSAGE,
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if username:
            check_sign_in_limits(self.request, username)
        try:
            return super().clean()
        finally:
            if getattr(self.request, "axes_locked_out", False):
                self.errors.clear()
                self.add_error(None, LOCKED_MESSAGE)

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.is_staff or user.is_superuser:
            raise forms.ValidationError(self.error_messages["staff"], code="staff")
