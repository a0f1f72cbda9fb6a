"""Reader accounts are Django users in the 读者 group, with a small profile."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReaderProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reader_profile",
        verbose_name="账号",
    )
    nickname = models.CharField("昵称", max_length=30, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)

    class Meta:
        verbose_name = "读者资料"
        verbose_name_plural = "读者资料"

    def __str__(self) -> str:
        return self.nickname or self.user.get_username()
