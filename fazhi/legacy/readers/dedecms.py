"""DedeCMS 5.7 (织梦): tables under the ``dede_`` prefix."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from fazhi.legacy import convert
from fazhi.legacy.readers.base import MySQLReader, Row, number, text
from fazhi.legacy.records import (
    LegacyArticle,
    LegacyAttachment,
    LegacyChannel,
    LegacyComment,
    LegacyUser,
    Skipped,
)

ARCHIVE_COLUMNS = [
    "id", "typeid", "channel", "arcrank", "title", "shorttitle", "writer", "source", "litpic",
    "pubdate", "keywords", "description", "click", "goodpost", "filename", "dutyadmin", "mid",
]  # fmt: skip
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SHOWN, PENDING, RECYCLED = 0, -1, -2


class DedeCMSReader(MySQLReader):
    source = "dedecms"
    default_prefix = "dede_"

    def __init__(self, connection, prefix: str | None = None) -> None:
        super().__init__(connection, prefix)
        self._types: dict[int, Row] | None = None
        self._addtables: dict[int, str] | None = None
        self._admins: dict[int, Row] | None = None

    def version(self) -> str:
        return "5.7"

    def types(self) -> dict[int, Row]:
        if self._types is None:
            table = self.t("arctype")
            select = self.select_list(
                table, ["id", "reid", "typename", "typedir", "sortrank", "namerule", "channeltype"]
            )
            self._types = {
                number(r["id"]): r
                for r in self.query(f"SELECT {select} FROM `{table}` ORDER BY id")
            }
        return self._types

    def addtables(self) -> dict[int, str]:
        """Content model id → its addon table (``dede_channeltype.addtable``)."""
        if self._addtables is None:
            table = self.t("channeltype")
            rows = (
                self.query(f"SELECT id, addtable FROM `{table}`") if self.has_table(table) else []
            )
            found = {
                number(r["id"]): text(r["addtable"]).replace("#@__", self.prefix) for r in rows
            }
            found.setdefault(1, self.t("addonarticle"))
            self._addtables = found
        return self._addtables

    def admins(self) -> dict[int, Row]:
        if self._admins is None:
            table = self.t("admin")
            select = self.select_list(table, ["id", "userid", "uname", "pwd", "email", "usertype"])
            self._admins = (
                {number(r["id"]): r for r in self.query(f"SELECT {select} FROM `{table}`")}
                if self.has_table(table)
                else {}
            )
        return self._admins

    def comment_tables(self) -> list[str]:
        return [self.t("feedback")] if self.has_table(self.t("feedback")) else []

    def old_counts(self) -> dict[str, int]:
        return {
            table: self.count(table)
            for table in (
                self.t("arctype"),
                self.t("archives"),
                self.t("member"),
                self.t("admin"),
                self.t("uploads"),
                self.t("feedback"),
            )
        }

    def article_total(self) -> int:
        return self.count(self.t("archives"))

    def channels(self) -> list[LegacyChannel]:
        return [
            LegacyChannel(
                table=self.t("arctype"),
                old_id=type_id,
                parent_id=number(r.get("reid")) or None,
                title=text(r.get("typename")).strip(),
                path=convert.clean_dir(text(r.get("typedir"))),
                order=number(r.get("sortrank")),
            )
            for type_id, r in self.types().items()
        ]

    def articles(self, batch_size: int) -> Iterator[list[LegacyArticle | Skipped]]:
        table = self.t("archives")
        select = self.select_list(table, ARCHIVE_COLUMNS)
        for rows in self.keyset(table, "id", select, batch_size):
            yield self._article_batch(table, rows)

    def _bodies(self, rows: list[Row]) -> dict[int, Row]:
        by_table: dict[str, list[int]] = {}
        for row in rows:
            addtable = self.addtables().get(number(row.get("channel")) or 1, "")
            by_table.setdefault(addtable, []).append(row["id"])
        found: dict[int, Row] = {}
        for addtable, ids in by_table.items():
            if addtable and self.has_table(addtable) and "body" in self.columns(addtable):
                found.update(self.by_ids(addtable, "aid", "aid, body", ids))
        return found

    def _article_batch(self, table: str, rows: list[Row]) -> list[LegacyArticle | Skipped]:
        bodies = self._bodies(rows)
        out: list[LegacyArticle | Skipped] = []
        for row in rows:
            old_id = number(row["id"])
            type_row = self.types().get(number(row.get("typeid")))
            if type_row is None:
                out.append(
                    Skipped(table, str(old_id), f"所属栏目 typeid={row.get('typeid')} 不存在")
                )
                continue
            body = bodies.get(old_id)
            if body is None:
                addtable = self.addtables().get(number(row.get("channel")) or 1, "?")
                out.append(
                    Skipped(
                        table,
                        str(old_id),
                        f"附加表 {addtable} 中没有正文（或该内容模型没有 body 字段）",
                    )
                )
                continue
            title = text(row.get("title")).strip()
            if not title:
                out.append(Skipped(table, str(old_id), "标题为空"))
                continue
            published = convert.unix_to_datetime(row.get("pubdate")) or EPOCH
            duty = self.admins().get(number(row.get("dutyadmin")))
            out.append(
                LegacyArticle(
                    table=table,
                    from_table=table,
                    old_id=old_id,
                    channel_id=number(row.get("typeid")),
                    title=title,
                    subtitle=text(row.get("shorttitle")).strip(),
                    body_html=text(body.get("body")),
                    publish_time=published,
                    pending=number(row.get("arcrank")) in (PENDING, RECYCLED),
                    lead=text(row.get("description")).strip(),
                    keywords=text(row.get("keywords")),
                    author=text(row.get("writer")).strip(),
                    source=text(row.get("source")).strip(),
                    responsible_editor=(
                        (text(duty.get("uname")) or text(duty.get("userid"))).strip()
                        if duty
                        else ""
                    ),
                    title_pic=text(row.get("litpic")).strip(),
                    views=number(row.get("click")),
                    digg=number(row.get("goodpost")),
                    slug_hint=text(row.get("filename")),
                    old_paths=convert.dede_article_paths(
                        text(type_row.get("typedir")),
                        text(type_row.get("namerule")),
                        old_id,
                        published,
                        text(row.get("filename")),
                    ),
                )
            )
        return out

    def members(self, batch_size: int) -> Iterator[list[LegacyUser | Skipped]]:
        table = self.t("member")
        if not self.has_table(table):
            return
        select = self.select_list(
            table, ["mid", "userid", "uname", "pwd", "email", "jointime", "spacesta"]
        )
        for rows in self.keyset(table, "mid", select, batch_size):
            out: list[LegacyUser | Skipped] = []
            for row in rows:
                username = text(row.get("userid")).strip()
                if not username:
                    out.append(Skipped(table, str(row["mid"]), "用户名为空"))
                    continue
                out.append(
                    LegacyUser(
                        table=table,
                        old_id=number(row["mid"]),
                        username=username,
                        password=convert.dede_password(text(row.get("pwd"))),
                        email=text(row.get("email")).strip(),
                        joined=convert.unix_to_datetime(row.get("jointime")),
                        active=number(row.get("spacesta")) > -10,  # -10: 未通过审核
                        real_name=text(row.get("uname")).strip(),
                    )
                )
            yield out

    def staff(self, batch_size: int) -> Iterator[list[LegacyUser | Skipped]]:
        admins = sorted(self.admins().items())
        for start in range(0, len(admins), batch_size):
            yield [
                LegacyUser(
                    table=self.t("admin"),
                    old_id=admin_id,
                    username=text(row.get("userid")).strip(),
                    password=convert.dede_password(text(row.get("pwd"))),
                    email=text(row.get("email")).strip(),
                    staff=True,
                    real_name=text(row.get("uname")).strip(),
                )
                for admin_id, row in admins[start : start + batch_size]
            ]

    def attachments(self, batch_size: int) -> Iterator[list[LegacyAttachment | Skipped]]:
        table = self.t("uploads")
        if not self.has_table(table):
            return
        select = self.select_list(table, ["aid", "title", "url", "mediatype"])
        for rows in self.keyset(table, "aid", select, batch_size):
            out: list[LegacyAttachment | Skipped] = []
            for row in rows:
                url = text(row.get("url")).strip()
                if not url:
                    out.append(Skipped(table, str(row["aid"]), "文件地址为空"))
                    continue
                path = convert.normalise_file_path(url)
                out.append(
                    LegacyAttachment(
                        table=table,
                        old_id=str(row["aid"]),
                        path=path,
                        title=text(row.get("title")).strip() or path.rsplit("/", 1)[-1],
                        is_image=number(row.get("mediatype")) == 1 or convert.is_image_path(path),
                    )
                )
            yield out

    def comments(self, batch_size: int) -> Iterator[list[LegacyComment | Skipped]]:
        table = self.t("feedback")
        if not self.has_table(table):
            return
        select = self.select_list(
            table, ["id", "aid", "mid", "username", "ip", "ischeck", "dtime", "msg"]
        )
        for rows in self.keyset(table, "id", select, batch_size):
            yield [
                LegacyComment(
                    table=table,
                    old_id=number(row["id"]),
                    article_table=self.t("archives"),
                    article_id=number(row.get("aid")),
                    user_id=convert.comment_user_id(row.get("mid")),
                    username=text(row.get("username")).strip(),
                    ip=text(row.get("ip")).strip(),
                    time=convert.unix_to_datetime(row.get("dtime")) or EPOCH,
                    shown=convert.dede_comment_shown(number(row.get("ischeck"))),
                    text=convert.comment_plain_text(text(row.get("msg"))),
                )
                for row in rows
            ]
