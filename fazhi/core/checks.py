"""System checks of the site's address: ``fazhi check`` warns (in Chinese) when ``FAZHI_BASE_URL``
is not a plain ``http(s)://host[:port]``, or when the default Wagtail Site names another address.

Not tagged ``database`` although it reads the default Site: Django runs database-tagged checks only
when asked for a database, and a plain ``fazhi check`` should say it. Before ``migrate`` (no
table yet) or with the database away, the Site part is skipped.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register
from django.db import DatabaseError

from fazhi.core.urls_absolute import site_address


@register()
def check_base_url_and_default_site(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if app_configs is not None and not any(c.label == "core" for c in app_configs):
        return []
    url = settings.BASE_URL
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
        bad_port = False
    except ValueError:
        bad_port = True
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or bad_port
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        return [
            Warning(
                f"FAZHI_BASE_URL（{url}）不是“http(s)://主机名[:端口]”形式的网址。",
                hint="例如 https://www.example.cn，不带路径和参数：站内所有绝对网址都由它生成。",
                id="fazhi.W001",
            )
        ]
    hostname, port = site_address()
    messages: list[CheckMessage] = []
    if (parts.scheme == "https") != (port == 443):
        messages.append(
            Warning(
                f"Wagtail 按端口判断协议（只有 443 端口是 https），默认站点无法表示 FAZHI_BASE_URL（{url}）。",
                hint="https 请使用 443 端口（http 不要用 443）；否则后台“查看线上页面”等 Wagtail 生成的链接会是 http。",
                id="fazhi.W003",
            )
        )
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    except DatabaseError:
        return messages  # not migrated yet, or the database is away: nothing to compare
    if site is None:
        messages.append(
            Warning(
                "没有默认站点（Wagtail Site）。",
                hint="请在管理后台“设置 > 站点”中把一个站点设为默认站点。",
                id="fazhi.W004",
            )
        )
    elif (site.hostname, site.port) != (hostname, port):
        messages.append(
            Warning(
                f"默认站点的地址（{site.root_url}）与 FAZHI_BASE_URL（{url}）不一致。",
                hint=(
                    f"页面里的网址按 FAZHI_BASE_URL 生成，而 Wagtail 后台的链接按默认站点生成。"
                    f"请在管理后台“设置 > 站点”把默认站点的主机名改为 {hostname}、端口改为 {port}，"
                    f"或改正 FAZHI_BASE_URL。"
                ),
                id="fazhi.W002",
            )
        )
    return messages
