"""Demo data for ``fazhi load_demo``: the demo reader account (the comments' demo uses it)."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model

from fazhi.accounts.readers import create_reader
from fazhi.comments.demo import READER


def load_demo(stdout: Any) -> None:
    if get_user_model().objects.filter(username=READER).exists():
        stdout.write(f"演示读者账号：{READER}（已存在，密码不变）")
        return
    password = secrets.token_urlsafe(9)
    create_reader(READER, password, nickname="法治读者")
    stdout.write(f"演示读者账号：{READER}  密码：{password}（只显示这一次）")
