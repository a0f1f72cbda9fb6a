"""Where uploads (and renditions, migrated attachments) are written: Django's file system storage,
with names every file system takes, files written whole or not at all, and a full disk reported to
the editor in Chinese instead of a 500.

Names: Django cleans an uploaded name (no path, only letters, digits, ``-``, ``_`` and ``.``) and
cuts it to the field's length in *characters*; but a file system limits a name to 255 *bytes*, and a
name of CJK extension characters (4 bytes each in UTF-8) passes the first check and fails the
second (``OSError: File name too long``, a 500 in the admin). Names are also cut to a byte budget
that leaves room for the suffix Django adds when a name is taken.

Whole files: Django's FileSystemStorage writes straight into the final name: a full disk (or a
killed worker) leaves a truncated file there, which nginx serves and which a later save may even
point a row at. MediaStorage writes a dot-named temporary in the same directory (nginx denies dot
files), fsyncs it, and links it into place; on any error the temporary goes and nothing else
changed. The model row is inserted only after the file is saved, so no row points at a partial file.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
from collections.abc import Callable
from typing import Any

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
DISK_FULL_MESSAGE = (
    "存储空间已满，文件没有保存（已有的文件不受影响）。请联系管理员清理磁盘空间后再上传。"
)
TMP_PREFIX = ".upload-"
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


def is_disk_full(error: BaseException | None) -> bool:
    """True for "no space left" / "quota exceeded", also when wrapped in another exception."""
    while error is not None:
        if isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS:
            return True
        error = error.__cause__ or error.__context__
    return False


class MediaStorage(FileSystemStorage):
    """FileSystemStorage that takes only names a file system takes and never leaves a partial
    file under a real name."""

    def __init__(
        self,
        location: str | None = None,
        base_url: str | None = None,
        file_permissions_mode: int | None = None,
        directory_permissions_mode: int | None = None,
        allow_overwrite: bool = False,
    ) -> None:
        super().__init__(
            location, base_url, file_permissions_mode, directory_permissions_mode, allow_overwrite
        )
        self.overwrites = allow_overwrite  # Django keeps it only in a private attribute

    def get_valid_name(self, name: str) -> str:
        try:
            cleaned = super().get_valid_name(name)
        except SuspiciousFileOperation:  # nothing left of it ("<>", "..")
            cleaned = "file"
        return fit_name(cleaned)

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        tmp = os.path.join(directory, TMP_PREFIX + secrets.token_hex(8))
        # 0o666 less the umask, as FileSystemStorage creates files (mkstemp would make 0600).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in content.chunks():
                    handle.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())  # a full disk may only tell at write-back
            if self.file_permissions_mode is not None:
                os.chmod(tmp, self.file_permissions_mode)
            if self.overwrites:
                os.replace(tmp, full_path)
            else:
                full_path = self._link_free_name(tmp, name)
        finally:
            if os.path.lexists(tmp):
                os.unlink(tmp)
        self._give_location_group(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _give_location_group(self, full_path: str) -> None:
        """The file gets the storage root's group, as FileSystemStorage gives its files (POSIX)."""
        if os.name != "posix":
            return
        location_gid = os.stat(self.location).st_gid
        if os.stat(full_path).st_gid != location_gid:
            try:
                os.chown(full_path, uid=-1, gid=location_gid)
            except PermissionError:
                pass

    def _link_free_name(self, tmp: str, name: str) -> str:
        """Link the finished temporary under ``name`` or the next free name; never overwrites
        (link fails when the name exists, like FileSystemStorage's O_EXCL)."""
        while True:
            full_path = self.path(name)
            try:
                os.link(tmp, full_path)
                return full_path
            except FileExistsError:
                name = self.get_available_name(name)


def disk_full_response(request: HttpRequest) -> HttpResponse:
    """What the person who was saving sees: the upload widgets of the Wagtail admin read
    ``error_message`` from a JSON answer; anything else gets a plain Chinese page (507)."""
    if request.headers.get("X-Requested-With") == "XMLHttpRequest" or "application/json" in (
        request.headers.get("Accept", "")
    ):
        # Wagtail's multiple upload shows error_message only on a 2xx answer.
        return JsonResponse({"success": False, "error_message": DISK_FULL_MESSAGE})
    html = render_to_string("security/disk_full.html", {"message": DISK_FULL_MESSAGE})
    return HttpResponse(html, status=507, content_type="text/html; charset=utf-8")


class DiskFullMiddleware:
    """A view that fills the disk answers with a clear Chinese message, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_disk_full(exception):
            return None
        logger.error("磁盘已满：%s %s：%s", request.method, request.path, exception)
        return disk_full_response(request)
