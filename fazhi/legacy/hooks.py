"""Extension point for the comments app (issue 3).

``fazhi_migrate_comments``: ``fn(comments: list[LegacyComment], articles: dict[tuple[str, int], int],
users: dict[tuple[str, int], int]) -> int`` — stores one batch of converted comments and returns how
many it stored. ``articles`` maps (old main table, old article id) → new ArticlePage id; ``users``
maps (old member table, old user id) → new User id. It runs inside the batch's transaction, and must
be idempotent (key on ``(comment.table, comment.old_id)``), e.g. through
``fazhi.legacy.models.LegacyRecord``. Without a registered hook, comments are read, converted and
reported as not migrated ("评论应用未安装").
"""

MIGRATE_COMMENTS = "fazhi_migrate_comments"
