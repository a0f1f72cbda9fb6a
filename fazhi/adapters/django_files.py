"""Whether a model's file is a new upload (not yet saved to storage) or one already stored.

A file field's validators see a ``FieldFile`` either way; Django marks the difference only in a
private flag. Checking a stored file again would open it from storage on every save.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile

ATTRIBUTES = ("django.db.models.fields.files.FieldFile._committed",)


def is_stored(value: FieldFile) -> bool:
    """True when ``value`` is already in storage; False for a file assigned but not saved yet."""
    return bool(value._committed)
