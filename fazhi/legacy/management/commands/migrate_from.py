"""``fazhi migrate_from empirecms|dedecms``: move an old EmpireCMS/DedeCMS site into fazhi.

Only wiring: sources.py opens the database (or loads the dump), a reader yields records, the
writer stores them, pipeline.run drives the batches and returns the report.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from fazhi.adapters.django_commands import output_stream
from fazhi.importers.pages import default_home
from fazhi.legacy import sources
from fazhi.legacy.pipeline import BatchFailed, run
from fazhi.legacy.readers.dedecms import DedeCMSReader
from fazhi.legacy.readers.empirecms import EmpireCMSReader
from fazhi.legacy.writer import Writer

READERS = {"empirecms": EmpireCMSReader, "dedecms": DedeCMSReader}


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = "从帝国CMS（EmpireCMS 7.5/8.0）或织梦CMS（DedeCMS 5.7）迁移栏目、文章、会员、附件与旧网址跳转"

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", choices=sorted(READERS), help="旧站系统")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--db", help="旧站数据库，如 mysql://用户:密码@127.0.0.1/empirecms")
        where.add_argument("--sql", help="mysqldump 导出的 .sql 文件（先载入临时库再读取）")
        parser.add_argument("--prefix", help="表前缀，默认 phome_（帝国）/ dede_（织梦）")
        parser.add_argument("--files", help="旧站网站根目录（含 d/file 或 uploads），用于迁移附件")
        parser.add_argument("--dry-run", action="store_true", help="只报告将会迁移什么，不写入")
        parser.add_argument("--batch-size", type=int, default=settings.LEGACY_BATCH_SIZE)
        parser.add_argument(
            "--scratch-db",
            default=settings.LEGACY_SCRATCH_URL,
            help="载入 .sql 文件用的 MariaDB/MySQL 服务器（默认取 FAZHI_LEGACY_SCRATCH_URL）",
        )
        parser.add_argument("--keep-scratch", action="store_true", help="保留载入 .sql 的临时库")
        parser.add_argument("--report", help="把迁移报告另存到这个文件")

    def handle(self, *args, **options) -> None:
        files = Path(options["files"]).expanduser() if options["files"] else None
        if files is not None and not files.is_dir():
            raise CommandError(f"--files 指定的目录不存在：{files}")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size 必须大于 0")
        scratch: tuple[sources.MySQLURL, str] | None = None
        try:
            if options["sql"]:
                server = sources.parse_mysql_url(options["scratch_db"])
                dump = Path(options["sql"]).expanduser()
                name = sources.scratch_name(dump, settings.LEGACY_SCRATCH_PREFIX)
                self.stderr.write(f"正在把 {dump} 载入临时库 {name}…")
                sources.load_dump(dump, server, name)
                scratch = (server, name)
                url = sources.MySQLURL(server.host, server.port, server.user, server.password, name)
            else:
                url = sources.parse_mysql_url(options["db"])
            connection = sources.connect(url)
        except sources.SourceError as error:
            raise CommandError(str(error)) from error
        try:
            report = self._migrate(connection, options, files)
        finally:
            connection.close()
            if scratch and not options["keep_scratch"]:
                sources.drop_database(*scratch)
        text = report.render()
        self.stdout.write(text)
        if options["report"]:
            Path(options["report"]).write_text(text + "\n", encoding="utf-8")

    def _migrate(self, connection, options, files: Path | None):
        reader = READERS[options["source"]](connection, options["prefix"])
        if not reader.has_table(
            reader.t("enewsclass" if reader.source == "empirecms" else "arctype")
        ):
            raise CommandError(
                f"数据库里没有 {reader.source} 的栏目表（前缀 {reader.prefix!r}）：请检查 --prefix 或数据库"
            )
        writer = Writer(
            reader.source,
            default_home(),
            channel_table=reader.t("enewsclass" if reader.source == "empirecms" else "arctype"),
            member_table=reader.t("enewsmember" if reader.source == "empirecms" else "member"),
            files_root=files,
        )
        progress = output_stream(self.stderr)
        try:
            if not options["dry_run"]:
                return run(reader, writer, batch_size=options["batch_size"], progress=progress)
            outcome = {}
            try:
                with transaction.atomic():
                    outcome["report"] = run(
                        reader, writer, batch_size=options["batch_size"], dry_run=True,
                        progress=progress,
                    )  # fmt: skip
                    raise DryRunRollback
            except DryRunRollback:
                return outcome["report"]
        except BatchFailed as error:
            raise CommandError(
                f"{error}。已完成的批次保留；修正问题后再次运行会从中断处继续。"
            ) from error
