"""``fazhi import_staff FILE``: import the staff registry from a CSV or XLSX file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from fazhi.staff.importing import StaffFileError, import_staff_file


class Command(BaseCommand):
    help = "从 CSV 或 XLSX 文件导入人员（按工作证号更新已有人员）；有错误的行会列出行号，其余照常导入。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="CSV 或 XLSX 文件")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            report = import_staff_file(Path(file).read_bytes())
        except (OSError, StaffFileError) as exc:
            raise CommandError(f"{file}: {exc}") from exc
        for error in report.errors:
            self.stderr.write(str(error))
        self.stdout.write(
            f"新建 {report.created} 人，更新 {report.updated} 人，{len(report.errors)} 行有错误。"
        )
        if report.errors:
            raise SystemExit(1)
