"""The staff registry (人员库): who may say they report for the outlet."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from fazhi.core.urls_absolute import absolute_url
from fazhi.staff.status import ACTIVE, STATUS_CHOICES, CardState, card_state

ROLE_CHOICES = [
    (r, r)
    for r in ("记者", "通讯员", "编辑", "责任编辑", "主编", "副主编", "摄影记者", "特约撰稿人")
]


def new_verify_token() -> str:
    """192 random bits: the verification URL cannot be guessed or enumerated."""
    return secrets.token_urlsafe(24)


def normalize_card_number(value: str) -> str:
    """Card numbers compare without spaces, dashes or case (people type them by hand)."""
    return "".join(ch for ch in value.upper() if ch.isalnum())


def normalize_name(value: str) -> str:
    return "".join(value.split())


class StaffMember(models.Model):
    name = models.CharField("姓名", max_length=50, db_index=True)
    role = models.CharField("岗位", max_length=20, choices=ROLE_CHOICES)
    department = models.CharField("部门", max_length=100, blank=True)
    card_number = models.CharField(
        "工作证号", max_length=40, unique=True, help_text="只保留字母和数字，大小写不敏感。"
    )
    press_card_number = models.CharField(
        "记者证号",
        max_length=40,
        blank=True,
        help_text="国家新闻出版署核发的新闻记者证编号；没有则留空。",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="照片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    valid_from = models.DateField("有效期起", default=timezone.localdate)
    valid_until = models.DateField(
        "有效期止", null=True, blank=True, help_text="留空表示长期有效。"
    )
    status = models.CharField("状态", max_length=10, choices=STATUS_CHOICES, default=ACTIVE)
    status_reason = models.CharField(
        "状态说明", max_length=200, blank=True, help_text="暂停或注销的原因，会公开显示。"
    )
    public_note = models.TextField("公开备注", blank=True)
    verify_token = models.CharField(
        "核验码", max_length=64, unique=True, default=new_verify_token, editable=False
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("department"),
        FieldRowPanel([FieldPanel("card_number"), FieldPanel("press_card_number")]),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        MultiFieldPanel(
            [FieldPanel("status"), FieldPanel("status_reason"), FieldPanel("public_note")],
            heading="状态",
        ),
    ]

    class Meta:
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"
        ordering = ["name", "card_number"]

    def __str__(self) -> str:
        return f"{self.role} {self.name}（{self.card_number}）"

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        super().save(*args, **kwargs)

    def normalize(self) -> None:
        self.card_number = normalize_card_number(self.card_number)
        self.name = normalize_name(self.name)

    def clean(self) -> None:
        # Before the uniqueness check, so "fz-0001" is found to clash with a stored "FZ0001".
        self.normalize()
        if not self.card_number:
            raise ValidationError({"card_number": "工作证号至少要有一个字母或数字。"})
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": "有效期止不能早于有效期起。"})

    def state(self) -> CardState:
        return card_state(self.status, self.valid_from, self.valid_until, timezone.localdate())

    @property
    def is_verified(self) -> bool:
        return self.state().valid

    def verify_path(self) -> str:
        return reverse("staff:verify", args=[self.verify_token])

    def verify_links(self) -> str:
        """Links to the verification page and its QR images (for the admin)."""
        from django.utils.html import format_html

        return format_html(
            '<a href="{0}" target="_blank">{1}</a><br><img src="{0}qr.svg" width="160" height="160" alt="二维码">'
            ' <a href="{0}qr.png" download>PNG</a> · <a href="{0}qr.svg" download>SVG</a>',
            self.verify_path(),
            self.verify_url(),
        )

    verify_links.short_description = "核验链接与二维码"  # type: ignore[attr-defined]

    def verify_url(self) -> str:
        """Absolute URL (on FAZHI_BASE_URL) printed as a QR code on the work card."""
        return absolute_url(self.verify_path())
