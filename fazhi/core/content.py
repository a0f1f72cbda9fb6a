"""What a public page says, in plain text: the one shape search, feeds and exports read.

A page type opts in by defining ``public_content(self) -> PublicContent``. Readers of this shape
(search indexing, for one) never import the page models, so new page types plug in without
changes elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class PublicContent:
    title: str
    publish_time: datetime
    lead: str = ""
    body: str = ""
    author: str = ""
    source: str = ""
    channel: str = ""
    tags: list[str] = field(default_factory=list)


def public_content_of(page: object) -> PublicContent | None:
    """The page's public content, or None for page types that have none (home, channels)."""
    method = getattr(page, "public_content", None)
    return method() if callable(method) else None
