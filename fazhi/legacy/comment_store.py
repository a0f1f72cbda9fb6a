"""Old comments and digg counts into the comments app (the legacy side of its two hooks).

Comments are written in bulk, a few queries per batch: new ones inserted together, changed ones
updated together, each keyed by its old row through ``LegacyRecord`` so a re-run updates instead of
doubling. What a moderator did in fazhi since (approved, rejected, deleted) is never undone.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone

from fazhi.comments.models import Comment, CommentStatus, DiggCount
from fazhi.comments.moderation import ANONYMOUS_NAME
from fazhi.legacy import convert
from fazhi.legacy.models import LegacyRecord
from fazhi.legacy.records import LegacyComment, Skipped
from fazhi.legacy.writer import Tally, insert_rows, insert_rows_returning

NAME_LENGTH = Comment._meta.get_field("author_name").max_length


def comment_ip(value: str) -> str | None:
    """The old IP column as an address, or None (old sites stored 'unknown', cut IPv6...)."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def comment_fields(comment: LegacyComment, page_id: int, user_id: int | None) -> dict[str, object]:
    """The fazhi Comment a converted old comment becomes (attname → value)."""
    anonymous = comment.user_id is None
    return {
        "page_id": page_id,
        "user_id": None if anonymous else user_id,
        "is_anonymous": anonymous,
        # A member deleted on the old site keeps the name he wrote under; no account to link.
        "author_name": ANONYMOUS_NAME
        if anonymous
        else (comment.username or ANONYMOUS_NAME)[:NAME_LENGTH],
        "text": comment.text,
        "status": CommentStatus.APPROVED if comment.shown else CommentStatus.PENDING,
        "ip_address": comment_ip(comment.ip),
        "created_at": comment.time,
    }


def store_comments(
    comments: list[LegacyComment],
    articles: dict[tuple[str, int], int],
    users: dict[tuple[str, int], int],
    *,
    source: str,
) -> Tally:
    """Store one batch (the ``fazhi_migrate_comments`` hook): new, changed, unchanged, skipped."""
    tally = Tally()
    if not comments:
        return tally
    user_ids = {old_id: new_id for (_table, old_id), new_id in users.items()}
    known: dict[tuple[str, str], tuple[int, str]] = {}
    for table in {c.table for c in comments}:
        rows = LegacyRecord.objects.filter(
            source=source, table=table, old_id__in=[str(c.old_id) for c in comments]
        ).values_list("old_id", "object_id", "checksum")
        known.update({(table, old_id): (oid, checksum) for old_id, oid, checksum in rows})

    new: list[tuple[LegacyComment, dict[str, object], str]] = []
    changed: list[tuple[LegacyComment, dict[str, object], str, int]] = []
    for comment in comments:
        page_id = articles.get((comment.article_table, comment.article_id))
        if page_id is None:
            tally.skipped.append(
                Skipped(comment.table, str(comment.old_id),
                        f"所评论的文章 {comment.article_table} #{comment.article_id} 未迁移")
            )  # fmt: skip
            continue
        user_id = user_ids.get(comment.user_id) if comment.user_id is not None else None
        fields = comment_fields(comment, page_id, user_id)
        checksum = convert.row_checksum(*fields.values())
        mapped = known.get((comment.table, str(comment.old_id)))
        if mapped is None:
            new.append((comment, fields, checksum))
        elif mapped[1] == checksum:
            tally.unchanged[comment.table] += 1
        else:
            changed.append((comment, fields, checksum, mapped[0]))

    records: list[LegacyRecord] = []
    content_type = ContentType.objects.get_for_model(Comment)
    now = timezone.now()

    def record(comment: LegacyComment, object_id: int, checksum: str) -> None:
        records.append(
            LegacyRecord(source=source, table=comment.table, old_id=str(comment.old_id),
                         content_type=content_type, object_id=object_id, checksum=checksum,
                         migrated_at=now)
        )  # fmt: skip

    # New comments and their records: plain multi-row inserts (the bulk of a first run).
    created = insert_rows_returning(Comment, [fields for _, fields, _ in new])
    insert_rows(
        LegacyRecord,
        [
            {"source": source, "table": comment.table, "old_id": str(comment.old_id),
             "content_type_id": content_type.pk, "object_id": pk, "checksum": checksum}
            for (comment, _, checksum), pk in zip(new, created, strict=True)
        ],
    )  # fmt: skip
    for comment, _, _ in new:
        tally.created[comment.table] += 1
    _update(changed, tally, record)
    LegacyRecord.objects.bulk_create(
        records,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["source", "table", "old_id"],
        update_fields=["content_type", "object_id", "checksum", "migrated_at"],
    )
    return tally


def _update(
    changed: list[tuple[LegacyComment, dict[str, object], str, int]],
    tally: Tally,
    record: Callable[[LegacyComment, int, str], None],
) -> None:
    """Changed old rows update their comment in place; a moderator's decision since stands."""
    if not changed:
        return
    existing = Comment.objects.in_bulk([pk for *_, pk in changed])
    to_save: list[Comment] = []
    for comment, fields, checksum, pk in changed:
        stored = existing.get(pk)
        if stored is None:
            tally.skipped.append(
                Skipped(comment.table, str(comment.old_id), "对应评论已在 fazhi 中删除，未恢复")
            )
            continue
        for name, value in fields.items():
            if name == "status" and stored.moderated_at is not None:
                continue
            setattr(stored, name, value)
        to_save.append(stored)
        tally.updated[comment.table] += 1
        record(comment, pk, checksum)
    if to_save:
        Comment.objects.bulk_update(
            to_save,
            ["page", "user", "is_anonymous", "author_name", "text", "status", "ip_address",
             "created_at"],
            batch_size=500,
        )  # fmt: skip


def store_digg_counts(counts: Iterable[tuple[int, int, int | None]]) -> None:
    """The old 顶 count becomes the page's fazhi digg count (the ``fazhi_migrate_article_counts``
    hook). On a re-run only the change of the old count is added, so diggs readers gave in fazhi
    since stay counted."""
    new = {page_id: digg for page_id, digg, before in counts if before is None and digg > 0}
    deltas = [(page_id, digg - before) for page_id, digg, before in counts if before is not None]
    # A page written for the first time has no digg row yet: a plain insert.
    insert_rows(DiggCount, [{"page_id": page_id, "count": digg} for page_id, digg in new.items()])
    for page_id, delta in deltas:
        if delta == 0:
            continue
        updated = DiggCount.objects.filter(page_id=page_id).update(
            count=Greatest(F("count") + delta, 0)
        )
        if not updated and delta > 0:
            DiggCount.objects.create(page_id=page_id, count=delta)
