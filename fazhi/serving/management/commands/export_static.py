"""fazhi export_static OUTDIR: write the public site as static files (生成HTML)."""

from __future__ import annotations

import errno
import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.serving.export import ExportError, export_site


class Command(BaseCommand):
    help = "把公开页面生成为静态文件（默认只生成上次以来变化的页面）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "outdir", nargs="?", default=None, help="输出目录（默认 FAZHI_EXPORT_DIR）"
        )
        parser.add_argument("--all", action="store_true", help="重新生成全部页面")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")
        parser.add_argument(
            "--processes",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="并行生成的进程数（默认 CPU 核数，最多 4）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        outdir = options["outdir"] or settings.FAZHI_EXPORT_DIR
        try:
            result = export_site(
                outdir,
                everything=options["all"],
                progress=not options["no_progress"],
                processes=max(1, options["processes"]),
            )
        except OSError as error:
            if error.errno in (errno.ENOSPC, errno.EDQUOT):
                raise CommandError(
                    f"生成失败：输出目录 {outdir} 所在磁盘已满（或超出配额）。已写好的页面完整，"
                    "其余页面仍是上次生成的版本；请清理磁盘空间后重新运行本命令。"
                ) from error
            raise CommandError(f"生成失败：{error}") from error
        except ExportError as error:
            raise CommandError(f"生成失败：{error}") from error
        kind = "全部" if result.everything else "增量"
        self.stdout.write(
            f"{kind}生成 {result.pages} 个地址，用时 {result.seconds:.1f} 秒："
            f"写入 {result.written}，未变 {result.unchanged}，删除 {result.removed}，"
            f"静态文件 {result.static_copied}。输出目录：{outdir}"
        )
        for skipped in result.skipped:
            self.stderr.write(f"跳过 {skipped}")
