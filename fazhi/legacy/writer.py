"""Stores converted old rows in fazhi: channels, attachments, accounts, articles, redirects.

Articles are written in bulk (a few queries per batch, not per article) straight into Wagtail's
page tables: treebeard paths are computed here, pages are live (or drafts) without a revision,
exactly as if published once. Every batch runs in one transaction; the old ids go to
:class:`LegacyRecord`, so a re-run updates instead of doubling and skips unchanged rows.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import connections, models, router, transaction
from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

from fazhi.adapters.treebeard_paths import child_path, step_of
from fazhi.importers.pages import channel_slug, unique_child_slug
from fazhi.legacy import convert
from fazhi.legacy.hooks import MIGRATE_ARTICLE_COUNTS
from fazhi.legacy.models import LegacyArticleStats, LegacyRecord
from fazhi.legacy.records import (
    LegacyArticle,
    LegacyAttachment,
    LegacyChannel,
    LegacyUser,
    Skipped,
)
from fazhi.news.models import ArticlePage, ArticlePageTag, ChannelPage

FILE_TABLE = "file"  # attachments are keyed by their old path, whatever table listed them
LEGACY_PASSWORD_PREFIXES = ("empirecms$", "dedecms$", UNUSABLE_PASSWORD_PREFIX)

_RAW_FIELDS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)


def _prepared(
    model: type[models.Model], rows: list[dict[str, object]]
) -> tuple[list[models.Field], list[list[object]]]:
    """The concrete non-auto fields of ``model`` and each row's values ready for the database."""
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.local_concrete_fields if not isinstance(f, models.AutoField)]
    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default() or not f.null:
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None
    raw = [isinstance(f, _RAW_FIELDS) and not isinstance(f, models.JSONField) for f in fields]
    params = []
    for row in rows:
        values = []
        for f, is_raw in zip(fields, raw, strict=True):
            value = row[f.attname] if f.attname in row else defaults[f.attname]
            values.append(
                value if is_raw or value is None else f.get_db_prep_save(value, connection)
            )
        params.append(values)
    return fields, params


def insert_rows(model: type[models.Model], rows: list[dict[str, object]]) -> None:
    """Plain multi-row INSERT of ``rows`` (attname → value) into ``model``'s own table.

    Used for rows known to be new: it skips building model instances and Django's per-value
    SQL compilation, which cost ten times the database's own work on a 100,000-article run.
    Missing values take the field's default; auto_now(_add) fields get now.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    fields, params = _prepared(model, rows)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(params), 500):
            cursor.executemany(sql, params[start : start + 500])


def insert_rows_returning(model: type[models.Model], rows: list[dict[str, object]]) -> list[int]:
    """Like :func:`insert_rows`, and the new primary keys in the order of ``rows``.

    One ``INSERT … VALUES (…), (…) RETURNING pk`` per chunk (SQLite ≥ 3.35 and PostgreSQL return
    the rows in VALUES order; Django's bulk_create relies on that too). Elsewhere: bulk_create.
    """
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        return [o.pk for o in model.objects.bulk_create([model(**row) for row in rows])]
    fields, params = _prepared(model, rows)
    quote = connection.ops.quote_name
    head = "INSERT INTO {} ({}) VALUES ".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    one = "({})".format(", ".join(["%s"] * len(fields)))
    size = max(1, connection.ops.bulk_batch_size(fields, rows))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(params), size):
            chunk = params[start : start + size]
            cursor.execute(
                head + ", ".join([one] * len(chunk)) + f" RETURNING {quote(model._meta.pk.column)}",
                [value for values in chunk for value in values],
            )
            ids.extend(row[0] for row in cursor.fetchall())
    return ids


@dataclass
class Tally:
    """What one step did, per old table."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)

    def merge(self, other: Tally) -> None:
        self.created.update(other.created)
        self.updated.update(other.updated)
        self.unchanged.update(other.unchanged)
        self.skipped.extend(other.skipped)


class Mapping:
    """In-memory view of LegacyRecord for one source: (table, old id) → (object id, checksum)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._tables: dict[str, dict[str, tuple[int, str]]] = {}

    def table(self, table: str) -> dict[str, tuple[int, str]]:
        if table not in self._tables:
            self._tables[table] = {
                old_id: (object_id, checksum)
                for old_id, object_id, checksum in LegacyRecord.objects.filter(
                    source=self.source, table=table
                ).values_list("old_id", "object_id", "checksum")
            }
        return self._tables[table]

    def get(self, table: str, old_id: object) -> int | None:
        found = self.table(table).get(str(old_id))
        return found[0] if found else None

    def forget(self) -> None:
        """Drop the cache (after a failed batch rolled back what it had added)."""
        self._tables.clear()

    def save(
        self, table: str, model: type, rows: list[tuple[str, int, str, str]], fresh: bool = False
    ) -> None:
        """Upsert (old id, object id, checksum, old path) rows for ``table``; ``fresh`` rows
        are known to have no record yet and are inserted directly."""
        if not rows:
            return
        content_type = ContentType.objects.get_for_model(model)
        if fresh:
            insert_rows(
                LegacyRecord,
                [
                    {"source": self.source, "table": table, "old_id": str(old_id),
                     "content_type_id": content_type.pk, "object_id": object_id,
                     "checksum": checksum, "old_path": old_path[:500]}
                    for old_id, object_id, checksum, old_path in rows
                ],
            )  # fmt: skip
        else:
            LegacyRecord.objects.bulk_create(
                [
                    LegacyRecord(
                        source=self.source,
                        table=table,
                        old_id=str(old_id),
                        content_type=content_type,
                        object_id=object_id,
                        checksum=checksum,
                        old_path=old_path[:500],
                        migrated_at=timezone.now(),
                    )
                    for old_id, object_id, checksum, old_path in rows
                ],
                update_conflicts=True,
                unique_fields=["source", "table", "old_id"],
                update_fields=["content_type", "object_id", "checksum", "old_path", "migrated_at"],
            )
        cache = self.table(table)
        for old_id, object_id, checksum, _ in rows:
            cache[str(old_id)] = (object_id, checksum)


class Writer:
    def __init__(
        self,
        source: str,
        home: Page,
        *,
        channel_table: str,
        member_table: str,
        files_root: Path | None = None,
    ) -> None:
        self.source = source
        self.channel_table = channel_table
        self.member_table = member_table
        self.home = home
        self.files_root = files_root
        self._missing: set[str] = set()
        self.dry_run = False  # attachments are checked, not copied (the run is rolled back)
        self.mapping = Mapping(source)
        self.files: dict[str, convert.FileRef] = {}
        self._tags: dict[str, int] = {}
        self._channels: dict[int, ChannelPage] = {}
        self._children: dict[int, tuple[int, set[str]]] = {}  # channel id → (last step, slugs)
        self._article_ct = ContentType.objects.get_for_model(ArticlePage)
        self._locale = Locale.get_default()

    def forget(self) -> None:
        """After a failed batch: forget cached state the rollback undid."""
        self.mapping.forget()
        self.files.clear()
        self._tags.clear()
        self._channels.clear()
        self._children.clear()

    # --- channels ----------------------------------------------------------------------------

    @transaction.atomic
    def write_channels(self, channels: list[LegacyChannel]) -> Tally:
        """The channel tree, parents first; an existing fazhi channel with the same title and
        slug at the same place is adopted, not doubled."""
        tally = Tally()
        by_id = {c.old_id: c for c in channels}
        done: set[int] = set()

        def depth(channel: LegacyChannel, seen: frozenset[int] = frozenset()) -> int:
            parent = by_id.get(channel.parent_id or 0)
            if parent is None or channel.old_id in seen:
                return 0
            return 1 + depth(parent, seen | {channel.old_id})

        for channel in sorted(channels, key=lambda c: (depth(c), c.order, c.old_id)):
            if channel.parent_id and channel.parent_id not in by_id:
                tally.skipped.append(
                    Skipped(
                        channel.table, str(channel.old_id), f"上级栏目 {channel.parent_id} 不存在"
                    )
                )
                continue
            if channel.parent_id and channel.parent_id not in done:
                tally.skipped.append(
                    Skipped(channel.table, str(channel.old_id), "上级栏目未能迁移")
                )
                continue
            parent = self.channel(channel.parent_id) if channel.parent_id else self.home
            title = channel.title or f"栏目{channel.old_id}"
            checksum = convert.row_checksum(title, channel.parent_id, channel.path)
            existing_id = self.mapping.get(channel.table, channel.old_id)
            page = ChannelPage.objects.filter(pk=existing_id).first() if existing_id else None
            slug = channel_slug_for(channel)
            if page is None:
                page = ChannelPage.objects.child_of(parent).filter(slug=slug, title=title).first()
                if page is None:
                    page = ChannelPage(
                        title=title,
                        slug=unique_child_slug(parent, slug),
                        show_in_menus=parent.pk == self.home.pk,
                    )
                    parent.add_child(instance=page)
                    page.save_revision().publish()
                    tally.created[channel.table] += 1
                else:
                    tally.updated[channel.table] += 1
            elif page.title != title:
                page.title = title
                page.save_revision().publish()
                tally.updated[channel.table] += 1
            else:
                tally.unchanged[channel.table] += 1
            self.mapping.save(
                channel.table, ChannelPage, [(str(channel.old_id), page.pk, checksum, channel.path)]
            )
            self._channels[channel.old_id] = page
            self._redirect([(p, page) for p in convert.channel_paths(channel.path)])
            done.add(channel.old_id)
        return tally

    def channel(self, old_id: int) -> ChannelPage | None:
        if old_id not in self._channels:
            page_id = self.mapping.get(self.channel_table, old_id)
            page = ChannelPage.objects.filter(pk=page_id).first() if page_id else None
            if page is None:
                return None
            self._channels[old_id] = page
        return self._channels[old_id]

    # --- attachments -------------------------------------------------------------------------

    def load_files(self) -> None:
        """Every attachment migrated so far (for rewriting body links)."""
        images = dict(get_image_model().objects.values_list("id", "file"))
        documents = dict(get_document_model().objects.values_list("id", "file"))
        from django.core.files.storage import default_storage

        for record in LegacyRecord.objects.filter(source=self.source, table=FILE_TABLE).values(
            "old_id", "object_id", "content_type__model"
        ):
            kind = "image" if record["content_type__model"] == "image" else "document"
            name = (images if kind == "image" else documents).get(record["object_id"])
            if name is None:
                continue
            url = (
                default_storage.url(name)
                if kind == "image"
                else f"/documents/{record['object_id']}/{Path(name).name}"
            )
            self.files[record["old_id"]] = convert.FileRef(kind, record["object_id"], url)

    @transaction.atomic
    def write_attachments(self, batch: list[LegacyAttachment]) -> Tally:
        tally = Tally()
        for attachment in batch:
            if attachment.path in self.files:
                tally.unchanged[attachment.table] += 1
                continue
            reason = self._store_file(attachment)
            if reason:
                self._missing.add(attachment.path)
                tally.skipped.append(Skipped(attachment.table, attachment.old_id, reason))
            else:
                tally.created[attachment.table] += 1
        return tally

    def _store_file(self, attachment: LegacyAttachment) -> str:
        """Copy one old file into a Wagtail image or document; returns a reason when it cannot."""
        if self.files_root is None:
            return "未指定 --files（旧站网站根目录），附件未迁移"
        source = (self.files_root / attachment.path.lstrip("/")).resolve()
        if not source.is_relative_to(self.files_root.resolve()):
            return f"文件路径越出网站根目录：{attachment.path}"
        if not source.is_file():
            return f"文件不存在：{attachment.path}"
        if self.dry_run:
            return ""
        ref: convert.FileRef | None = None
        if attachment.is_image:
            ref = self._store_image(source, attachment)
        if ref is None:
            Document = get_document_model()
            with source.open("rb") as handle:
                document = Document(title=attachment.title[:255] or source.name)
                document.file.save(source.name, File(handle), save=False)
                document.save()
            ref = convert.FileRef("document", document.pk, document.url)
            model = Document
        else:
            model = get_image_model()
        self.mapping.save(FILE_TABLE, model, [(attachment.path, ref.id, "", attachment.path)])
        self.files[attachment.path] = ref
        self._redirect_url(attachment.path, ref.url)
        return ""

    def _store_image(self, source: Path, attachment: LegacyAttachment) -> convert.FileRef | None:
        from PIL import Image as PILImage
        from PIL import UnidentifiedImageError

        try:
            with PILImage.open(source) as probe:
                probe.verify()
        except (UnidentifiedImageError, OSError):
            return None  # not a readable image: kept as a document instead
        Image = get_image_model()
        with source.open("rb") as handle:
            image = Image(title=attachment.title[:255] or source.name)
            image.file.save(source.name, File(handle), save=False)
            image.save()
        return convert.FileRef("image", image.pk, image.file.url)

    def referenced_files(self, articles: list[LegacyArticle]) -> Tally:
        """Files an article body or title picture points at that no file table listed."""
        tally = Tally()
        for article in articles:
            for path in convert.attachment_paths(article.body_html + " " + article.title_pic):
                if path in self.files:
                    continue
                attachment = LegacyAttachment(
                    table=f"{article.from_table}.正文",
                    old_id=path,
                    path=path,
                    title=path.rsplit("/", 1)[-1],
                    is_image=convert.is_image_path(path),
                )
                if self.files_root is None or not (self.files_root / path.lstrip("/")).is_file():
                    continue  # reported once at the end as a missing file? kept as old link
                reason = self._store_file(attachment)
                if reason:
                    tally.skipped.append(Skipped(attachment.table, path, reason))
                else:
                    tally.created[attachment.table] += 1
        return tally

    # --- accounts ----------------------------------------------------------------------------

    @transaction.atomic
    def write_users(self, batch: list[LegacyUser]) -> Tally:
        """Members become users; administrators become staff without any group (no publishing
        until an editor gives them a role). Passwords are replaced only while still old hashes."""
        User = get_user_model()
        tally = Tally()
        names = [u.username for u in batch]
        by_name = {u.username: u for u in User.objects.filter(username__in=names)}
        ours = {
            object_id
            for table in {u.table for u in batch} | {self.member_table}
            for object_id, _ in self.mapping.table(table).values()
        }
        records: dict[str, list[tuple[str, int, str, str]]] = {}
        known = User.objects.in_bulk(
            [m[0] for u in batch if (m := self.mapping.table(u.table).get(str(u.old_id)))]
        )
        fresh: list[tuple[LegacyUser, object, str]] = []
        for legacy in batch:
            checksum = convert.row_checksum(
                legacy.username, legacy.password, legacy.email, legacy.active, legacy.real_name
            )
            mapped = self.mapping.table(legacy.table).get(str(legacy.old_id))
            if mapped and mapped[1] == checksum:
                tally.unchanged[legacy.table] += 1
                continue
            user = known.get(mapped[0]) if mapped else None
            if user is None:
                user = by_name.get(legacy.username)
                if user is not None and user.pk is None:
                    tally.skipped.append(
                        Skipped(
                            legacy.table, str(legacy.old_id), f"旧站中用户名 {legacy.username} 重复"
                        )
                    )
                    continue
                if user is not None and user.pk not in ours:
                    tally.skipped.append(
                        Skipped(legacy.table, str(legacy.old_id),
                                f"用户名 {legacy.username} 已被 fazhi 中的其他账号使用")
                    )  # fmt: skip
                    continue
            created = user is None
            if user is None:
                user = User(username=legacy.username)
            linked = not created and not mapped  # same login name as an account migrated earlier
            if created:
                user.password = legacy.password or f"{UNUSABLE_PASSWORD_PREFIX}{uuid.uuid4().hex}"
            elif legacy.password and (
                not user.has_usable_password()
                or (not linked and user.password.startswith(LEGACY_PASSWORD_PREFIXES))
            ):
                user.password = legacy.password  # never over a password re-hashed at sign-in
            user.email = user.email or legacy.email
            user.first_name = user.first_name or legacy.real_name[:150]
            user.is_active = legacy.active
            user.is_staff = user.is_staff or legacy.staff
            if legacy.joined and created:
                user.date_joined = legacy.joined
            by_name[user.username] = user
            if created:  # inserted together below
                fresh.append((legacy, user, checksum))
                continue
            user.save()
            ours.add(user.pk)
            tally.updated[legacy.table] += 1
            records.setdefault(legacy.table, []).append((str(legacy.old_id), user.pk, checksum, ""))
        User.objects.bulk_create([user for _, user, _ in fresh])
        for legacy, user, checksum in fresh:
            tally.created[legacy.table] += 1
            records.setdefault(legacy.table, []).append((str(legacy.old_id), user.pk, checksum, ""))
        for table, rows in records.items():
            self.mapping.save(table, User, rows)
        return tally

    # --- articles ----------------------------------------------------------------------------

    @transaction.atomic
    def write_articles(self, batch: list[LegacyArticle]) -> Tally:
        tally = self.referenced_files(batch)
        new: list[tuple[LegacyArticle, str, ChannelPage]] = []
        changed: list[tuple[LegacyArticle, str, int]] = []
        for article in batch:
            checksum = article_checksum(article)
            mapped = self.mapping.table(article.table).get(str(article.old_id))
            if mapped and mapped[1] == checksum:
                tally.unchanged[article.from_table] += 1
                continue
            if mapped:
                changed.append((article, checksum, mapped[0]))
                continue
            channel = self.channel(article.channel_id)
            if channel is None:
                tally.skipped.append(
                    Skipped(article.from_table, str(article.old_id),
                            f"所属栏目 {article.channel_id} 未能迁移")
                )  # fmt: skip
                continue
            new.append((article, checksum, channel))
        pages = self._create_pages(new)
        edited = self._update_pages(changed, tally)
        for article, _, _ in new:
            tally.created[article.from_table] += 1
        stored = [(a, c, pages[a.old_id]) for a, c, _ in new] + [
            (a, c, pid) for a, c, pid in changed if pid not in edited
        ]
        for article, _, page_id in changed:
            if page_id not in edited:
                tally.updated[article.from_table] += 1
        fresh = {pages[a.old_id] for a, _, _ in new}
        self._write_tags(stored, fresh)
        self._write_stats(stored, fresh)
        self._write_article_redirects(stored)
        by_table: dict[tuple[str, bool], list[tuple[str, int, str, str]]] = {}
        for article, checksum, page_id in stored:
            first_path = article.old_paths[0] if article.old_paths else ""
            by_table.setdefault((article.table, page_id in fresh), []).append(
                (str(article.old_id), page_id, checksum, first_path)
            )
        for (table, is_new), rows in by_table.items():
            self.mapping.save(table, ArticlePage, rows, fresh=is_new)
        return tally

    def _article_fields(self, article: LegacyArticle) -> dict[str, object]:
        pages = (
            convert.split_dede_pages(article.body_html)
            if self.source == "dedecms"
            else convert.split_empire_pages(article.body_html)
        )
        cover = (
            self.files.get(convert.normalise_file_path(article.title_pic))
            if article.title_pic
            else None
        )
        return {
            "publish_time": article.publish_time,
            "source": article.source[:100],
            "author": article.author[:100],
            "lead": article.lead,
            "body": convert.body_blocks(pages, self.files, key=f"{article.table}:{article.old_id}"),
            "responsible_editor": article.responsible_editor[:100],
            "cover_image_id": cover.id if cover and cover.kind == "image" else None,
        }

    def _page_fields(self, article: LegacyArticle) -> dict[str, object]:
        live = not article.pending
        return {
            "title": article.title[:255],
            "draft_title": article.title[:255],
            "live": live,
            "has_unpublished_changes": not live,
            "first_published_at": article.publish_time if live else None,
            "last_published_at": article.publish_time if live else None,
        }

    def _create_pages(self, new: list[tuple[LegacyArticle, str, ChannelPage]]) -> dict[int, int]:
        """Bulk-insert new ArticlePages below their channels; old id → new page id."""
        if not new:
            return {}
        rows: list[dict[str, object]] = []
        for article, _, channel in new:
            step, slugs = self._child_state(channel)
            step += 1
            slug = self._slug(article, slugs)
            slugs.add(slug)
            self._children[channel.pk] = (step, slugs)
            rows.append(
                {
                    "path": child_path(channel, step),
                    "depth": channel.depth + 1,
                    "numchild": 0,
                    "slug": slug,
                    "url_path": f"{channel.url_path}{slug}/",
                    "content_type_id": self._article_ct.pk,
                    "locale_id": self._locale.pk,
                    "translation_key": uuid.uuid4(),
                    "show_in_menus": False,
                    **self._page_fields(article),
                }
            )
        insert_rows(Page, rows)
        ids: dict[str, int] = {}
        paths = [row["path"] for row in rows]
        for start in range(0, len(paths), 500):
            ids.update(
                Page.objects.filter(path__in=paths[start : start + 500]).values_list("path", "id")
            )
        page_ids = [ids[row["path"]] for row in rows]
        insert_rows(
            ArticlePage,
            [
                {"page_ptr_id": page_id, **self._article_fields(article)}
                for page_id, (article, _, _) in zip(page_ids, new, strict=True)
            ],
        )
        added = Counter(channel.pk for _, _, channel in new)
        for channel_id, n in added.items():
            Page.objects.filter(pk=channel_id).update(numchild=F("numchild") + n)
        return {
            article.old_id: page_id for page_id, (article, _, _) in zip(page_ids, new, strict=True)
        }

    def _update_pages(
        self, changed: list[tuple[LegacyArticle, str, int]], tally: Tally
    ) -> set[int]:
        """Update pages of changed old rows; pages edited in fazhi since (they have a revision)
        are left alone and reported. Returns the ids of those left alone."""
        if not changed:
            return set()
        pages = ArticlePage.objects.in_bulk([pid for _, _, pid in changed])
        edited: set[int] = set()
        to_save: list[ArticlePage] = []
        for article, _, page_id in changed:
            page = pages.get(page_id)
            if page is None or page.latest_revision_id is not None:
                edited.add(page_id)
                tally.skipped.append(
                    Skipped(article.from_table, str(article.old_id),
                            "对应文章已在 fazhi 中编辑或删除，未覆盖" if page else "对应文章已在 fazhi 中删除")
                )  # fmt: skip
                continue
            for name, value in {
                **self._page_fields(article),
                **self._article_fields(article),
            }.items():
                setattr(page, name, value)
            to_save.append(page)
        if to_save:
            fields = [*self._page_fields(changed[0][0]), *self._article_fields(changed[0][0])]
            ArticlePage.objects.bulk_update(to_save, fields)
        return edited

    def _child_state(self, channel: ChannelPage) -> tuple[int, set[str]]:
        if channel.pk not in self._children:
            children = Page.objects.filter(
                path__startswith=channel.path, depth=channel.depth + 1
            ).values_list("path", "slug")
            last = max((step_of(Page, p) for p, _ in children), default=0)
            self._children[channel.pk] = (last, {s for _, s in children})
        return self._children[channel.pk]

    @staticmethod
    def _slug(article: LegacyArticle, taken: set[str]) -> str:
        from django.utils.text import slugify

        hint = slugify(article.slug_hint.rsplit(".", 1)[0]) if article.slug_hint else ""
        base = hint or str(article.old_id)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def _write_tags(self, stored: list[tuple[LegacyArticle, str, int]], fresh: set[int]) -> None:
        ArticlePageTag.objects.filter(
            content_object_id__in=[pid for _, _, pid in stored if pid not in fresh]
        ).delete()
        insert_rows(
            ArticlePageTag,
            [
                {"content_object_id": page_id, "tag_id": self._tag_id(name)}
                for article, _, page_id in stored
                for name in convert.keywords_to_tags(article.keywords)
            ],
        )

    def _tag_id(self, name: str) -> int:
        key = name.lower()
        if key not in self._tags:
            tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
            self._tags[key] = tag.pk
        return self._tags[key]

    def _write_stats(self, stored: list[tuple[LegacyArticle, str, int]], fresh: set[int]) -> None:
        def values(article: LegacyArticle) -> dict[str, object]:
            return {
                "views": article.views,
                "digg": article.digg,
                "comment_count": article.comment_count,
                "publisher": article.publisher[:100],
                "subtitle": article.subtitle[:255],
            }

        before = dict(
            LegacyArticleStats.objects.filter(
                page_id__in=[pid for _, _, pid in stored if pid not in fresh]
            ).values_list("page_id", "digg")
        )
        counts = [
            (pid, a.digg, None if pid in fresh else before.get(pid, 0)) for a, _, pid in stored
        ]
        for sink in hooks.get_hooks(MIGRATE_ARTICLE_COUNTS):
            sink(counts)  # the comments app's digg counts, in this batch's transaction
        insert_rows(
            LegacyArticleStats,
            [{"page_id": pid, **values(a)} for a, _, pid in stored if pid in fresh],
        )
        LegacyArticleStats.objects.bulk_create(
            [
                LegacyArticleStats(page_id=pid, **values(a))
                for a, _, pid in stored
                if pid not in fresh
            ],
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=["views", "digg", "comment_count", "publisher", "subtitle"],
        )

    # --- redirects ---------------------------------------------------------------------------

    def _write_article_redirects(self, stored: list[tuple[LegacyArticle, str, int]]) -> None:
        pairs = [(path, page_id) for article, _, page_id in stored for path in article.old_paths]
        self._redirect_ids(pairs)

    def _redirect(self, pairs: list[tuple[str, Page]]) -> None:
        self._redirect_ids([(path, page.pk) for path, page in pairs])

    def _redirect_ids(self, pairs: list[tuple[str, int]]) -> None:
        """Permanent redirects old path → page (site-wide); existing ones are re-pointed."""
        wanted = {Redirect.normalise_path(path): page_id for path, page_id in pairs}
        if not wanted:
            return
        existing = {
            r.old_path: r for r in Redirect.objects.filter(site=None, old_path__in=list(wanted))
        }
        stale = []
        for old_path, redirect in existing.items():
            if redirect.redirect_page_id != wanted[old_path] or redirect.redirect_link:
                redirect.redirect_page_id = wanted[old_path]
                redirect.redirect_link = ""
                redirect.is_permanent = True
                stale.append(redirect)
        Redirect.objects.bulk_update(stale, ["redirect_page", "redirect_link", "is_permanent"])
        insert_rows(
            Redirect,
            [
                {"old_path": old_path, "redirect_page_id": page_id, "is_permanent": True}
                for old_path, page_id in wanted.items()
                if old_path not in existing
            ],
        )

    def _redirect_url(self, path: str, url: str) -> None:
        old_path = Redirect.normalise_path(path)
        Redirect.objects.update_or_create(
            old_path=old_path,
            site=None,
            defaults={"redirect_link": url, "redirect_page": None, "is_permanent": True},
        )


def channel_slug_for(channel: LegacyChannel) -> str:
    """The old directory's last part (``news/guonei`` → ``guonei``), else pinyin initials."""
    from django.utils.text import slugify

    last = slugify(channel.path.rsplit("/", 1)[-1]) if channel.path else ""
    return last or channel_slug(channel.title)


def article_checksum(article: LegacyArticle) -> str:
    return convert.row_checksum(
        article.title, article.subtitle, article.body_html, article.publish_time, article.pending,
        article.lead, article.keywords, article.author, article.source, article.publisher,
        article.responsible_editor, article.title_pic, article.views, article.digg,
        article.comment_count, article.old_paths, article.channel_id,
    )  # fmt: skip
