"""EmpireCMS 7.5 / 8.0 (帝国CMS): tables under the ``phome_`` prefix.

Column sets differ a little between versions (and between sites that added fields), so every
SELECT names only the columns the table has; values that may live in the main or the data table
(``writer``, ``befrom``, ``newstext``, ``diggtop``) are taken from whichever has them.
"""

from __future__ import annotations

import re
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

MAIN_COLUMNS = [
    "id", "classid", "title", "ftitle", "titlepic", "smalltext", "keyboard", "newstime",
    "username", "onclick", "diggtop", "plnum", "newspath", "filename", "stb", "restb",
    "writer", "befrom", "newstext",
]  # fmt: skip
DATA_COLUMNS = ["id", "writer", "befrom", "newstext", "diggtop"]
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class EmpireCMSReader(MySQLReader):
    source = "empirecms"
    default_prefix = "phome_"

    def __init__(self, connection, prefix: str | None = None) -> None:
        super().__init__(connection, prefix)
        self._classes: dict[int, Row] | None = None

    # --- what is there ---------------------------------------------------------------------

    def version(self) -> str:
        """``8.0`` when the tables have 8.0's columns, else ``7.5``."""
        member = self.columns(self.t("enewsmember"))
        return "8.0" if "registertime" in member and "rnd" not in member else "7.5"

    def classes(self) -> dict[int, Row]:
        if self._classes is None:
            table = self.t("enewsclass")
            select = self.select_list(
                table,
                ["classid", "bclassid", "classname", "classpath", "myorder", "tbname", "filetype"],
            )
            rows = self.query(f"SELECT {select} FROM `{table}` ORDER BY classid")
            self._classes = {number(r["classid"]): r for r in rows}
        return self._classes

    def models(self) -> list[str]:
        """Model table names (``news``, ``article``…) used by channels, via ``enewsclass.tbname``."""
        names = {text(r.get("tbname")) or "news" for r in self.classes().values()}
        return sorted(n for n in names if self.has_table(self.t(f"ecms_{n}")))

    def file_tables(self) -> list[str]:
        pattern = re.compile(re.escape(self.t("enewsfile_")) + r"(\d+|other|public|member)$")
        return sorted(t for t in self.tables() if pattern.match(t))

    def comment_tables(self) -> list[str]:
        pattern = re.compile(re.escape(self.t("enewspl_")) + r"\d+$")
        return sorted(t for t in self.tables() if pattern.match(t))

    def old_counts(self) -> dict[str, int]:
        counts = {self.t("enewsclass"): len(self.classes())}
        for model in self.models():
            for suffix in ("", "_check"):
                table = self.t(f"ecms_{model}{suffix}")
                if self.has_table(table):
                    counts[table] = self.count(table)
        for table in [
            self.t("enewsmember"),
            self.t("enewsuser"),
            *self.file_tables(),
            *self.comment_tables(),
        ]:
            counts[table] = self.count(table)
        return counts

    def article_total(self) -> int:
        counts = self.old_counts()
        return sum(n for t, n in counts.items() if t.startswith(self.t("ecms_")))

    # --- channels ----------------------------------------------------------------------------

    def channels(self) -> list[LegacyChannel]:
        return [
            LegacyChannel(
                table=self.t("enewsclass"),
                old_id=classid,
                parent_id=number(r.get("bclassid")) or None,
                title=text(r.get("classname")).strip(),
                path=convert.clean_dir(text(r.get("classpath"))),
                order=number(r.get("myorder")),
            )
            for classid, r in self.classes().items()
        ]

    # --- articles ----------------------------------------------------------------------------

    def articles(self, batch_size: int) -> Iterator[list[LegacyArticle | Skipped]]:
        for model in self.models():
            main = self.t(f"ecms_{model}")
            for table, pending in ((main, False), (f"{main}_check", True)):
                if not self.has_table(table):
                    continue
                select = self.select_list(table, MAIN_COLUMNS)
                for rows in self.keyset(table, "id", select, batch_size):
                    yield self._article_batch(main, table, rows, pending)

    def _data_rows(self, main: str, table: str, rows: list[Row], pending: bool) -> dict[int, Row]:
        """Data-table rows by id: ``{main}_data_{stb}`` (shown) or ``{main}_check_data`` (pending)."""
        if pending:
            data = f"{main}_check_data"
            return self.by_ids(
                data, "id", self.select_list(data, DATA_COLUMNS), [r["id"] for r in rows]
            )
        found: dict[int, Row] = {}
        by_stb: dict[int, list[int]] = {}
        for row in rows:
            by_stb.setdefault(number(row.get("stb")) or 1, []).append(row["id"])
        for stb, ids in by_stb.items():
            data = f"{main}_data_{stb}"
            if self.has_table(data):
                found.update(self.by_ids(data, "id", self.select_list(data, DATA_COLUMNS), ids))
        return found

    def _article_batch(
        self, main: str, table: str, rows: list[Row], pending: bool
    ) -> list[LegacyArticle | Skipped]:
        data = self._data_rows(main, table, rows, pending)
        main_has_text = "newstext" in self.columns(table)
        out: list[LegacyArticle | Skipped] = []
        for row in rows:
            old_id = number(row["id"])
            classid = number(row.get("classid"))
            cls = self.classes().get(classid)
            extra = data.get(old_id)
            if cls is None:
                out.append(Skipped(table, str(old_id), f"所属栏目 classid={classid} 不存在"))
                continue
            if extra is None and not main_has_text:
                out.append(Skipped(table, str(old_id), "正文表中没有这篇文章（副表记录缺失）"))
                continue
            extra = extra or {}

            def field(name: str, row=row, extra=extra) -> object:
                return row[name] if name in row and row[name] not in (None, "") else extra.get(name)

            title = text(row.get("title")).strip()
            if not title:
                out.append(Skipped(table, str(old_id), "标题为空"))
                continue
            published = convert.unix_to_datetime(row.get("newstime")) or EPOCH
            out.append(
                LegacyArticle(
                    table=main,
                    from_table=table,
                    old_id=old_id,
                    channel_id=classid,
                    title=title,
                    subtitle=text(row.get("ftitle")).strip(),
                    body_html=text(field("newstext")),
                    publish_time=published,
                    pending=pending,
                    lead=text(row.get("smalltext")).strip(),
                    keywords=text(row.get("keyboard")),
                    author=text(field("writer")).strip(),
                    source=text(field("befrom")).strip(),
                    publisher=text(row.get("username")).strip(),
                    title_pic=text(row.get("titlepic")).strip(),
                    views=number(row.get("onclick")),
                    digg=number(field("diggtop")),
                    comment_count=number(row.get("plnum")),
                    old_paths=convert.empire_article_paths(
                        text(cls.get("classpath")),
                        text(row.get("newspath")),
                        text(row.get("filename")),
                        text(cls.get("filetype")) or ".html",
                        classid,
                        old_id,
                    ),
                    slug_hint=text(row.get("filename")),
                )
            )
        return out

    # --- people ------------------------------------------------------------------------------

    def members(self, batch_size: int) -> Iterator[list[LegacyUser | Skipped]]:
        table = self.t("enewsmember")
        if not self.has_table(table):
            return
        add = self.t("enewsmemberadd")
        select = self.select_list(
            table, ["userid", "username", "password", "salt", "email", "registertime", "checked"]
        )
        for rows in self.keyset(table, "userid", select, batch_size):
            extra = (
                self.by_ids(add, "userid", self.select_list(add, ["userid", "truename"]),
                            [r["userid"] for r in rows])
                if self.has_table(add) else {}
            )  # fmt: skip
            out: list[LegacyUser | Skipped] = []
            for row in rows:
                username = text(row.get("username")).strip()
                if not username:
                    out.append(Skipped(table, str(row["userid"]), "用户名为空"))
                    continue
                out.append(
                    LegacyUser(
                        table=table,
                        old_id=number(row["userid"]),
                        username=username,
                        password=convert.empire_member_password(
                            text(row.get("password")), text(row.get("salt"))
                        ),
                        email=text(row.get("email")).strip(),
                        joined=convert.unix_to_datetime(row.get("registertime")),
                        active=number(row.get("checked")) == 1,
                        real_name=text(extra.get(number(row["userid"]), {}).get("truename")),
                    )
                )
            yield out

    def staff(self, batch_size: int) -> Iterator[list[LegacyUser | Skipped]]:
        """Administrators: their password scheme differs by version, so they get none (reset)."""
        table = self.t("enewsuser")
        if not self.has_table(table):
            return
        select = self.select_list(table, ["userid", "username", "email", "truename", "checked"])
        for rows in self.keyset(table, "userid", select, batch_size):
            yield [
                LegacyUser(
                    table=table,
                    old_id=number(row["userid"]),
                    username=text(row.get("username")).strip(),
                    password="",
                    email=text(row.get("email")).strip(),
                    active=number(row.get("checked")) == 0,  # enewsuser.checked=1: 禁止登录
                    staff=True,
                    real_name=text(row.get("truename")).strip(),
                )
                for row in rows
            ]

    # --- files -------------------------------------------------------------------------------

    def attachments(self, batch_size: int) -> Iterator[list[LegacyAttachment | Skipped]]:
        for table in self.file_tables():
            select = self.select_list(
                table, ["fileid", "filename", "path", "no", "type", "fpath", "classid"]
            )
            for rows in self.keyset(table, "fileid", select, batch_size):
                out: list[LegacyAttachment | Skipped] = []
                for row in rows:
                    name = text(row.get("filename")).strip()
                    if not name:
                        out.append(Skipped(table, str(row["fileid"]), "文件名为空"))
                        continue
                    folder = text(row.get("path")).strip("/")
                    prefix = "/d/file/p/" if number(row.get("fpath")) == 1 else "/d/file/"
                    path = convert.normalise_file_path(
                        prefix + "/".join(p for p in (folder, name) if p)
                    )
                    out.append(
                        LegacyAttachment(
                            table=table,
                            old_id=str(row["fileid"]),
                            path=path,
                            title=text(row.get("no")).strip() or name,
                            is_image=number(row.get("type")) == 1 or convert.is_image_path(path),
                        )
                    )
                yield out

    # --- comments ----------------------------------------------------------------------------

    def comments(self, batch_size: int) -> Iterator[list[LegacyComment | Skipped]]:
        classes = self.classes()
        for table in self.comment_tables():
            select = self.select_list(
                table,
                [
                    "plid",
                    "id",
                    "classid",
                    "userid",
                    "username",
                    "sayip",
                    "saytime",
                    "checked",
                    "saytext",
                ],
            )
            for rows in self.keyset(table, "plid", select, batch_size):
                out: list[LegacyComment | Skipped] = []
                for row in rows:
                    cls = classes.get(number(row.get("classid")))
                    model = text(cls.get("tbname")) if cls else "news"
                    out.append(
                        LegacyComment(
                            table=table,
                            old_id=number(row["plid"]),
                            article_table=self.t(f"ecms_{model or 'news'}"),
                            article_id=number(row.get("id")),
                            user_id=convert.comment_user_id(row.get("userid")),
                            username=text(row.get("username")).strip(),
                            ip=text(row.get("sayip")).strip(),
                            time=convert.unix_to_datetime(row.get("saytime")) or EPOCH,
                            shown=convert.empire_comment_shown(number(row.get("checked"))),
                            text=convert.comment_plain_text(text(row.get("saytext"))),
                        )
                    )
                yield out
