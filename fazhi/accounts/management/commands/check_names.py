"""``fazhi check_names``: which existing reader names the name rules would now refuse."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from fazhi.accounts.names import name_problem, staff_names


class Command(BaseCommand):
    help = "列出现有读者用户名和昵称中，按新的名称规则会被拒绝的（冒充、不可见、含控制字符）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fail", action="store_true", help="发现问题时以退出码 1 结束（供定期检查使用）"
        )

    def handle(self, *args: Any, fail: bool, **options: Any) -> None:
        staff = staff_names()
        found = 0
        users = (
            get_user_model()
            .objects.filter(is_staff=False, is_superuser=False)
            .select_related("reader_profile")
            .order_by("pk")
        )
        for user in users.iterator(chunk_size=2000):
            names = [("用户名", user.get_username())]
            profile = getattr(user, "reader_profile", None)
            if profile is not None and profile.nickname:
                names.append(("昵称", profile.nickname))
            for label, name in names:
                problem = name_problem(name, staff=staff)
                if problem is not None:
                    found += 1
                    self.stdout.write(
                        f"账号 {user.pk}\t{label}\t{name!a}\t{problem.code}\t{problem.message}"
                    )
        self.stdout.write(f"共检查 {users.count()} 个读者账号，{found} 个名称不符合新规则。")
        if found and fail:
            raise SystemExit(1)
