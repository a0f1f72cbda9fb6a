"""fazhi nginx_config: print the nginx site for this install (deploy/nginx/fazhi.conf, filled in)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fazhi.serving.deploy import DEFAULT_MICROCACHE_DIR, DEFAULT_UPSTREAM, render_site


class Command(BaseCommand):
    help = "输出本站的 nginx 站点配置（静态生成文件优先，其余交给应用）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--listen", default="80", help="监听端口或地址，例如 443 或 127.0.0.1:8080"
        )
        parser.add_argument("--server-name", default="_", help="域名，例如 www.example.cn")
        parser.add_argument(
            "--upstream",
            action="append",
            default=[],
            metavar="HOST:PORT",
            help=(
                f"应用服务器（granian）的地址，默认 {DEFAULT_UPSTREAM}；可重复给出多台，"
                "例如 --upstream 127.0.0.1:8000 --upstream 127.0.0.1:8001"
            ),
        )
        parser.add_argument("--ssl-certificate", default="", help="证书文件（启用 HTTPS）")
        parser.add_argument("--ssl-certificate-key", default="", help="证书私钥文件")
        parser.add_argument(
            "--microcache-dir",
            default=DEFAULT_MICROCACHE_DIR,
            help=f"nginx 微缓存（可共享页面保存半秒）的目录，nginx 进程须可写；默认 {DEFAULT_MICROCACHE_DIR}",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            site = render_site(
                listen=options["listen"],
                server_name=options["server_name"],
                upstream=options["upstream"] or [DEFAULT_UPSTREAM],
                ssl_certificate=options["ssl_certificate"],
                ssl_certificate_key=options["ssl_certificate_key"],
                microcache_dir=options["microcache_dir"],
            )
        except ValueError as error:
            option = "--microcache-dir" if "微缓存" in str(error) else "--upstream"
            raise CommandError(f"{option}：{error}") from error
        self.stdout.write(site, ending="")
