"""fazhi varnish_config: print the Varnish VCL for this install (deploy/varnish/fazhi.vcl, filled
in), or with ``--systemd`` the drop-in that runs Debian's varnish.service with it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fazhi.serving.deploy import LOCALHOST, render_varnish_service, render_vcl


def _addresses(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class Command(BaseCommand):
    help = (
        "输出本站的 Varnish 配置（VCL：只缓存所有匿名读者共用的页面，接受应用发来的 PURGE/BAN）；"
        "加 --systemd 输出 varnish.service 的覆盖配置。"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--backend",
            default="127.0.0.1:8000",
            help="后端地址：granian 或 nginx，例如 127.0.0.1:8000（默认）",
        )
        parser.add_argument(
            "--probe-host",
            default="",
            help="健康检查请求的 Host（默认取 FAZHI_BASE_URL 的主机名，须在 FAZHI_ALLOWED_HOSTS 中）",
        )
        parser.add_argument(
            "--purge-from",
            default=",".join(LOCALHOST),
            help="允许发送 PURGE/BAN 的地址或网段，逗号分隔（默认只有本机）",
        )
        parser.add_argument(
            "--trust-proxy",
            default=",".join(LOCALHOST),
            help="前面负责 HTTPS 的代理地址，逗号分隔；只采信它们的 X-Forwarded-Proto（默认本机）",
        )
        parser.add_argument(
            "--systemd",
            action="store_true",
            help="改为输出 /etc/systemd/system/varnish.service.d/override.conf",
        )
        parser.add_argument(
            "--listen", default=":6081", help="（--systemd）监听地址，例如 :80 或 127.0.0.1:6081"
        )
        parser.add_argument(
            "--vcl", default="/etc/varnish/fazhi.vcl", help="（--systemd）VCL 文件的位置"
        )
        parser.add_argument(
            "--storage", default="256m", help="（--systemd）缓存占用的内存，例如 256m、2g"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["systemd"]:
                text = render_varnish_service(
                    listen=options["listen"], vcl=options["vcl"], storage=options["storage"]
                )
            else:
                text = render_vcl(
                    backend=options["backend"],
                    probe_host=options["probe_host"] or None,
                    purgers=_addresses(options["purge_from"]),
                    tls_proxies=_addresses(options["trust_proxy"]),
                )
        except ValueError as exc:
            raise CommandError(f"参数有误：{exc}") from exc
        self.stdout.write(text, ending="")
