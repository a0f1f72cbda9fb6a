"""``fazhi compile_translations``: rebuild the committed ``.mo`` files from fazhi's ``.po`` files.

Unlike Django's ``compilemessages`` it needs no GNU gettext (``msgfmt``), only polib. It also
rewrites the Wagtail template overrides listed in ``fazhi.core.i18n.TEMPLATE_FIXES`` (run it
after upgrading Wagtail).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fazhi.core.i18n import (
    compile_catalogue,
    compiled_is_current,
    po_files,
    stale_template_fixes,
    write_template_fixes,
)


class Command(BaseCommand):
    help = (
        "把 LOCALE_PATHS 下的 .po 翻译文件编译为 .mo（无需 GNU gettext），并更新 Wagtail 模板覆盖。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="只检查 .mo 是否为最新，过期则以状态码 1 退出。"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale = []
        for po_path in po_files(settings.LOCALE_PATHS):
            if compiled_is_current(po_path):
                self.stdout.write(f"已是最新：{po_path}")
            elif options["check"]:
                stale.append(po_path)
                self.stderr.write(f"需要重新编译：{po_path}")
            else:
                self.stdout.write(f"已编译：{compile_catalogue(po_path)}")
        if options["check"]:
            for name in stale_template_fixes():
                stale.append(name)
                self.stderr.write(f"Wagtail 模板覆盖需要更新：{name}")
        else:
            for path in write_template_fixes():
                self.stdout.write(f"已更新 Wagtail 模板覆盖：{path}")
        if stale:
            raise CommandError(
                f"{len(stale)} 个翻译或模板文件已过期，请运行 fazhi compile_translations。"
            )
