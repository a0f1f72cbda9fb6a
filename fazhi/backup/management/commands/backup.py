"""``fazhi backup PATH``: a consistent backup of the running site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.backup.snapshot import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库与媒体文件到一个新目录（站点运行中也可进行），附校验清单。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="备份目录（必须尚不存在）")

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        try:
            manifest = create_backup(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{path}（{manifest.database_vendor} 数据库，媒体文件 {len(manifest.media)} 个）"
            )
        )
