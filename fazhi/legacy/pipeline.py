"""The migration, step by step: read a batch, convert, write it in one transaction, report.

Steps run in this order so later ones can point at earlier ones: channels, attachments (body
links are rewritten to them), members and staff (comments point at them), articles, comments.
Comments are stored by whatever registers the ``fazhi_migrate_comments`` hook (the comments
app); without one they are read and converted, and reported as not migrated.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from tqdm import tqdm
from wagtail import hooks

from fazhi.legacy.hooks import MIGRATE_COMMENTS
from fazhi.legacy.records import LegacyComment, Skipped
from fazhi.legacy.writer import Tally, Writer

STEPS = ("channels", "attachments", "members", "staff", "articles", "comments")


class BatchFailed(Exception):
    """A batch raised: its transaction was rolled back; earlier batches stay, a re-run resumes."""

    def __init__(self, step: str, number: int, error: BaseException) -> None:
        super().__init__(f"{step} 第 {number} 批失败（该批已回滚）：{error}")
        self.step, self.number, self.error = step, number, error


@dataclass
class Report:
    source: str
    version: str
    old_counts: dict[str, int]
    dry_run: bool = False
    tally: Tally = field(default_factory=Tally)
    comments_read: Counter[str] = field(default_factory=Counter)
    comments_stored: Counter[str] = field(default_factory=Counter)
    comment_sink: bool = False
    comment_tables: set[str] = field(default_factory=set)

    def migrated(self, table: str) -> int:
        t = self.tally
        return t.created[table] + t.updated[table] + t.unchanged[table]

    def skipped_count(self, table: str) -> int:
        return sum(1 for s in self.tally.skipped if s.table == table)

    @property
    def complete(self) -> bool:
        return not self.tally.skipped and all(
            self.comments_stored[t] == n for t, n in self.comments_read.items()
        )

    def rows(self) -> list[tuple[str, int, int, int, int, int, int]]:
        """(table, old rows, created, updated, unchanged, migrated total, not migrated)."""
        t = self.tally
        tables = list(self.old_counts)
        tables += sorted(
            {*t.created, *t.updated, *t.unchanged, *(s.table for s in t.skipped)} - set(tables)
        )
        out = []
        for table in tables:
            if table in self.comment_tables and not self.comment_sink:
                stored = self.comments_stored[table]
                read = self.comments_read[table]
                out.append(
                    (table, self.old_counts.get(table, read), stored, 0, 0, stored, read - stored)
                )
                continue
            out.append(
                (
                    table,
                    self.old_counts.get(table, 0),
                    t.created[table],
                    t.updated[table],
                    t.unchanged[table],
                    self.migrated(table),
                    self.skipped_count(table),
                )
            )
        return out

    def render(self) -> str:
        title = {"empirecms": "帝国CMS", "dedecms": "织梦CMS"}.get(self.source, self.source)
        lines = [
            f"迁移报告：{title} {self.version}"
            + ("（试运行，未写入任何数据）" if self.dry_run else ""),
            _row("表", "旧站", "新建", "更新", "未变", "已迁移", "未迁移"),
        ]
        lines.extend(_row(*row) for row in self.rows())
        if self.comments_read and not self.comment_sink:
            total = sum(self.comments_read.values())
            lines.append(
                f"评论 {total} 条已读取并转换，但未迁移：评论应用未安装（没有 {MIGRATE_COMMENTS} 钩子）。"
            )
        if self.comment_sink:
            lines.extend(
                f"评论 {table}：读取 {self.comments_read[table]} 条，已存储 {self.comments_stored[table]} 条"
                for table in sorted(self.comment_tables)
            )
        if self.tally.skipped:
            lines.append(f"未迁移的记录（{len(self.tally.skipped)} 条）：")
            lines.extend(f"  {s.table} #{s.old_id}：{s.reason}" for s in self.tally.skipped)
        elif self.comments_read and not self.comment_sink:
            lines.append("除评论外，没有未迁移的记录。")
        else:
            lines.append("没有未迁移的记录。")
        return "\n".join(lines)


def _pad(value: object, width: int, left: bool = False) -> str:
    """Pad to a display width: CJK characters take two columns in a terminal."""
    text = str(value)
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    space = " " * max(width - shown, 0)
    return text + space if left else space + text


def _row(table: object, *numbers: object) -> str:
    return _pad(table, 30, left=True) + "".join(_pad(n, 8) for n in numbers)


def _split(batch: list[Any]) -> tuple[list[Any], list[Skipped]]:
    return [r for r in batch if not isinstance(r, Skipped)], [
        r for r in batch if isinstance(r, Skipped)
    ]


def run(
    reader: Any,
    writer: Writer,
    *,
    batch_size: int = 500,
    dry_run: bool = False,
    progress: TextIO | None = None,
    steps: tuple[str, ...] = STEPS,
) -> Report:
    """Run the steps; raises BatchFailed after rolling back the failing batch."""
    report = Report(
        source=reader.source,
        version=reader.version(),
        old_counts=reader.old_counts(),
        dry_run=dry_run,
    )
    report.comment_tables = set(reader.comment_tables())
    writer.dry_run = dry_run
    writer.load_files()
    if "channels" in steps:
        report.tally.merge(
            _guard("channels", 1, writer, lambda: writer.write_channels(reader.channels()))
        )
    if "attachments" in steps:
        _batches(
            "attachments", reader.attachments(batch_size), writer.write_attachments, writer, report
        )
    if "members" in steps:
        _batches("members", reader.members(batch_size), writer.write_users, writer, report)
    if "staff" in steps:
        _batches("staff", reader.staff(batch_size), writer.write_users, writer, report)
    if "articles" in steps:
        with tqdm(
            total=reader.article_total(),
            unit="篇",
            desc="文章",
            file=progress,
            disable=progress is None,
        ) as bar:
            for number, batch in enumerate(reader.articles(batch_size), 1):
                records, skipped = _split(batch)
                report.tally.skipped.extend(skipped)
                report.tally.merge(
                    _guard("articles", number, writer, lambda r=records: writer.write_articles(r))
                )
                bar.update(len(batch))
    if "comments" in steps:
        _comments(reader, writer, report, batch_size)
    return report


def _batches(
    step: str,
    batches: Iterator[list[Any]],
    write: Callable[[list[Any]], Tally],
    writer: Writer,
    report: Report,
) -> None:
    for number, batch in enumerate(batches, 1):
        records, skipped = _split(batch)
        report.tally.skipped.extend(skipped)
        report.tally.merge(_guard(step, number, writer, lambda r=records: write(r)))


def _guard(step: str, number: int, writer: Writer, call: Callable[[], Tally]) -> Tally:
    try:
        return call()
    except Exception as error:
        writer.forget()
        raise BatchFailed(step, number, error) from error


def store_comments(comments: list[LegacyComment], writer: Writer) -> Tally:
    """THE comments extension point: hand a converted batch to the comments app's hook(s).

    Returns what they did (nothing when no app registered ``fazhi_migrate_comments``); a hook that
    answers with a bare count has the rest of the batch reported as not stored.
    """
    tally = Tally()
    sinks = hooks.get_hooks(MIGRATE_COMMENTS)
    if not sinks or not comments:
        return tally
    articles = {
        (c.article_table, c.article_id): writer.mapping.get(c.article_table, c.article_id)
        for c in comments
    }
    users = {
        (writer.member_table, c.user_id): writer.mapping.get(writer.member_table, c.user_id)
        for c in comments
        if c.user_id is not None
    }
    articles = {k: v for k, v in articles.items() if v is not None}
    users = {k: v for k, v in users.items() if v is not None}
    for sink in sinks:
        result = sink(comments, articles, users, source=writer.source)
        if isinstance(result, Tally):
            tally.merge(result)
            continue
        stored = int(result or 0)
        table = comments[0].table
        tally.created[table] += stored
        if stored < len(comments):
            tally.skipped.append(
                Skipped(table, f"{comments[0].old_id}–{comments[-1].old_id}",
                        f"评论应用只存储了本批 {len(comments)} 条中的 {stored} 条")
            )  # fmt: skip
    return tally


def _comments(reader: Any, writer: Writer, report: Report, batch_size: int) -> None:
    from django.db import transaction

    report.comment_sink = bool(hooks.get_hooks(MIGRATE_COMMENTS))
    for number, batch in enumerate(reader.comments(batch_size), 1):
        comments, skipped = _split(batch)
        report.tally.skipped.extend(skipped)
        for comment in comments:
            report.comments_read[comment.table] += 1

        def store(comments: list[LegacyComment] = comments) -> Tally:
            with transaction.atomic():
                return store_comments(comments, writer)

        tally = _guard("comments", number, writer, store)
        for table in report.comment_tables:
            report.comments_stored[table] += (
                tally.created[table] + tally.updated[table] + tally.unchanged[table]
            )
        report.tally.merge(tally)
