"""``fazhi create_admin``: the site's first administrator, with a password printed only once."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "创建管理员账户（密码取自 FAZHI_ADMIN_PASSWORD，未设置则随机生成并只显示一次）。"

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        username = settings.ADMIN_USERNAME
        password = settings.ADMIN_PASSWORD
        user = User.objects.filter(username=username).first()
        if user is not None:
            if password:
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(f"管理员 {username} 已存在，密码已按 FAZHI_ADMIN_PASSWORD 更新。")
            else:
                self.stdout.write(f"管理员 {username} 已存在（密码未改变）。")
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"已创建管理员 {username}，密码：{password}（只显示这一次，请妥善保存）"
                )
            )
        else:
            self.stdout.write(f"已创建管理员 {username}，密码取自 FAZHI_ADMIN_PASSWORD。")
