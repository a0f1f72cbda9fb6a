"""Extension points the legacy migration calls; ``fazhi/legacy/wagtail_hooks.py`` registers the
comments app's side of them (legacy may know comments; comments never imports legacy).

``fazhi_migrate_comments``: ``fn(comments: list[LegacyComment], articles: dict[tuple[str, int], int],
users: dict[tuple[str, int], int], *, source: str) -> Tally | int`` — stores one batch of converted
comments. ``articles`` maps (old main table, old article id) → new ArticlePage id; ``users`` maps
(old member table, old user id) → new User id; ``source`` is ``empirecms`` or ``dedecms``. It runs
inside the batch's transaction and must be idempotent (key on ``(source, comment.table,
comment.old_id)`` through ``fazhi.legacy.models.LegacyRecord``). It returns a
:class:`fazhi.legacy.writer.Tally` (created / updated / unchanged / skipped with reasons) or just
how many it stored. Without a registered hook, comments are read, converted and reported as not
migrated ("评论应用未安装").

``fazhi_migrate_article_counts``: ``fn(counts: list[tuple[int, int, int | None]]) -> None`` — for
each article written in a batch: (new page id, old digg count, the old digg count migrated
before or None for a new page). Runs inside the article batch's transaction.
"""

MIGRATE_COMMENTS = "fazhi_migrate_comments"
MIGRATE_ARTICLE_COUNTS = "fazhi_migrate_article_counts"
