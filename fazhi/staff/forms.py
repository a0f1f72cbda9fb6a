from __future__ import annotations

from captcha.fields import CaptchaField
from django import forms


class LookupForm(forms.Form):
    name = forms.CharField(
        label="姓名",
        max_length=50,
        error_messages={"required": "请填写姓名。"},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    card_number = forms.CharField(
        label="工作证号",
        max_length=40,
        error_messages={"required": "请填写工作证号。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "latin"}),
    )


class CaptchaLookupForm(LookupForm):
    """Shown after a few failed lookups from the same address."""

    captcha = CaptchaField(
        label="验证码",
        error_messages={"invalid": "验证码不正确，请重新输入。", "required": "请填写验证码。"},
    )


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="人员表（CSV 或 XLSX）",
        help_text="第一行为表头：姓名、岗位、部门、工作证号、记者证号、有效期起、有效期止、状态、状态说明、公开备注。",
    )
