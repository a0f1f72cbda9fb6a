"""Where uploads are written: Django's file system storage, with names that every file system takes.

Django cleans an uploaded name (no path, only letters, digits, ``-``, ``_`` and ``.``) and cuts it
to the field's length in *characters*; but a file system limits a name to 255 *bytes*, and a name of
CJK extension characters (4 bytes each in UTF-8) passes the first check and fails the second: the
upload died with ``OSError: File name too long`` (a 500 in the admin). Here the name is also cut to
a byte budget that leaves room for the suffix Django adds when a name is taken.
"""

from __future__ import annotations

import os

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage

# 255 bytes is the limit of ext4, XFS, Btrfs and tmpfs; Django may add "_" + 7 characters.
MAX_NAME_BYTES = 200


def fit_name(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """``name`` cut (in its stem, at a character boundary) to at most ``limit`` UTF-8 bytes, no
    leading dots (no hidden files, nothing nginx's ``location ~ /\\.`` refuses to serve)."""
    # ".txt", ".htaccess", "..png": a hidden file or no stem; give it one.
    stem, ext = os.path.splitext("file" + name if name.startswith(".") else name)
    ext = ext.encode()[: limit // 4].decode("utf-8", "ignore")
    budget = limit - len(ext.encode())
    stem = stem.encode()[:budget].decode("utf-8", "ignore").rstrip(".") or "file"
    return stem + ext


class SafeFileSystemStorage(FileSystemStorage):
    def get_valid_name(self, name: str) -> str:
        try:
            cleaned = super().get_valid_name(name)
        except SuspiciousFileOperation:  # nothing left of it ("<>", "..")
            cleaned = "file"
        return fit_name(cleaned)
