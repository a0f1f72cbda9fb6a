"""Which image a shared link shows: the cover, else the first picture in the body."""

from __future__ import annotations

from typing import Any


def share_image(page: Any) -> Any | None:
    """The Wagtail image WeChat and Open Graph readers show beside the title, or None."""
    cover = getattr(page, "cover_image", None)
    if cover is not None:
        return cover
    for block in getattr(page, "body", None) or []:
        value = block.value
        image = value.get("image") if hasattr(value, "get") else None
        if image is not None:
            return image
    return None
