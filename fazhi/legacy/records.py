"""What the readers yield: one plain dataclass per kind of old row, independent of the old system.

Readers fill these from SQL rows; converters (``convert.py``) and the writer never see a cursor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Skipped:
    """An old row that could not be migrated, and why (listed in the final report)."""

    table: str
    old_id: str
    reason: str


@dataclass
class LegacyChannel:
    table: str
    old_id: int
    parent_id: int | None
    title: str
    path: str  # old directory (classpath / typedir) without surrounding slashes
    order: int = 0


@dataclass
class LegacyArticle:
    table: str  # the model's main table (mapping key): "phome_ecms_news", "dede_archives"
    old_id: int
    channel_id: int
    title: str
    body_html: str
    publish_time: datetime
    pending: bool = False
    subtitle: str = ""
    lead: str = ""
    keywords: str = ""
    author: str = ""
    source: str = ""
    publisher: str = ""
    responsible_editor: str = ""
    title_pic: str = ""
    views: int = 0
    digg: int = 0
    comment_count: int = 0
    old_paths: list[str] = field(default_factory=list)  # every URL the old site served it at
    slug_hint: str = ""
    from_table: str = ""  # where the row was read, e.g. "phome_ecms_news_check" (for the report)


@dataclass
class LegacyUser:
    """A member (reader account) or an administrator of the old site."""

    table: str
    old_id: int
    username: str
    password: str  # already in Django's encoded form ("empirecms$salt$hash"), or "" = unusable
    email: str = ""
    joined: datetime | None = None
    active: bool = True
    staff: bool = False
    real_name: str = ""


@dataclass
class LegacyAttachment:
    table: str
    old_id: str
    path: str  # URL path on the old site, e.g. "/d/file/2019-08-28/a.jpg"
    title: str = ""
    is_image: bool = False


@dataclass
class LegacyComment:
    """A comment, already converted to plain text; stored by the comments app's hook."""

    table: str
    old_id: int
    article_table: str
    article_id: int
    user_id: int | None  # None = anonymous (old userid 0)
    username: str
    ip: str
    time: datetime
    shown: bool
    text: str
