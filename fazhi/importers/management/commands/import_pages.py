"""``fazhi import_pages PATH...``: turn scraped article pages (text dumps or saved HTML) into articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from fazhi.adapters.django_commands import output_stream
from fazhi.importers.pages import apply_site_footer, collect_files, default_home, import_file
from fazhi.importers.parsing import PageParseError

# Below this many files a progress bar is noise; the per-file lines say enough.
PROGRESS_BAR_THRESHOLD = 10


def failure_reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(f"{k}: {'，'.join(v)}" for k, v in error.message_dict.items())
    if isinstance(error, OSError):
        return f"无法读取文件（{error.strerror or error}）"
    return str(error)


class Command(BaseCommand):
    help = "导入抓取的文章页面（纯文本或 HTML），按面包屑归入栏目；重复导入会更新而不是重复创建。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="文件或文件夹")
        parser.add_argument(
            "--site-settings",
            action="store_true",
            help="同时用页面页脚（许可证、ICP、公安备案、监督电话、总编邮箱）填写站点信息",
        )

    def handle(self, *args: Any, paths: list[str], site_settings: bool, **options: Any) -> None:
        files = collect_files(paths)
        if not files:
            raise CommandError("没有找到可导入的文件：" + "，".join(paths))
        home = default_home()
        created = updated = 0
        failures: list[tuple[Path, str]] = []
        verbose = options["verbosity"] >= 1
        bar = tqdm(files, unit="篇", disable=len(files) < PROGRESS_BAR_THRESHOLD or not verbose)
        for path in bar:
            try:
                result, parsed = import_file(path, home)
            except (PageParseError, ValidationError, OSError) as error:
                failures.append((path, failure_reason(error)))
                bar.write(f"失败 {path}: {failure_reason(error)}", file=output_stream(self.stderr))
                continue
            if site_settings:
                apply_site_footer(parsed.footer)
            created += result.created
            updated += not result.created
            if verbose and bar.disable:
                action = "新建" if result.created else "更新"
                self.stdout.write(f"{action} {path} → {result.page.url}")
        summary = f"导入完成：新建 {created} 篇，更新 {updated} 篇，失败 {len(failures)} 个文件。"
        if failures:
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))
