"""``fazhi restore PATH``: put a backup back, after checking every file of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.backup.snapshot import BackupError, restore_backup


class Command(BaseCommand):
    help = "从 fazhi backup 生成的目录恢复数据库与媒体文件；损坏或不匹配的备份会被拒绝。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="备份目录")
        parser.add_argument("--force", action="store_true", help="当前站点已有内容时仍然覆盖")

    def handle(self, *args: Any, path: str, force: bool, **options: Any) -> None:
        try:
            result = restore_backup(Path(path), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result["manifest"]
        self.stdout.write(
            self.style.SUCCESS(f"已从 {path} 恢复（备份时间 {manifest.created_at}）。")
        )
        if result["media_moved_to"]:
            self.stdout.write(f"原有媒体文件已移到 {result['media_moved_to']}。")
