"""Consistent backups of a running site (database + media, with a checksum manifest) and restores.

A backup is a folder::

    PATH/manifest.json     written last: its presence means the backup is complete
    PATH/database.sqlite3  SQLite's online backup API (a consistent copy while writers go on), or
    PATH/database.pgdump   pg_dump's custom format (one transaction snapshot)
    PATH/media/...         the media files, each listed in the manifest with its SHA-256

Restore verifies every checksum before it touches anything, and refuses a damaged backup, one from
another database kind, or one made by a newer fazhi than this one. A manifest is untrusted input: an
entry that is absolute, has a ``..`` part, a NUL, a backslash or a drive, that goes through a link, or
that resolves outside its folder is refused before anything is read or written (``checked_path``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path, PureWindowsPath
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "fazhi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for the operator, in Chinese."""


@dataclass(frozen=True)
class FileEntry:
    path: str
    sha256: str
    size: int


@dataclass
class Manifest:
    created_at: str
    database_vendor: str
    database_file: FileEntry
    migrations: list[str]
    media: list[FileEntry] = field(default_factory=list)
    format: str = FORMAT
    version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise BackupError("不是 fazhi 备份（manifest.json 格式不符）。")
        if data.get("version") != FORMAT_VERSION:
            raise BackupError(f"不支持的备份格式版本：{data.get('version')}。")
        data["database_file"] = FileEntry(**data["database_file"])
        data["media"] = [FileEntry(**entry) for entry in data["media"]]
        return cls(**data)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_entry(path: Path, root: Path) -> FileEntry:
    return FileEntry(
        path=path.relative_to(root).as_posix(), sha256=sha256_of(path), size=path.stat().st_size
    )


def iter_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def entry_path_problem(relative: str) -> str | None:
    """Why a manifest entry's path is unsafe (in Chinese), or None when it is a plain relative path."""
    if not isinstance(relative, str) or not relative:
        return "路径为空"
    if "\x00" in relative:
        return "路径含有 NUL 字符"
    if "\\" in relative:
        return "路径含有反斜杠"
    if relative.startswith("/") or PureWindowsPath(relative).drive:
        return "路径是绝对路径"
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "路径含有 “..”、“.” 或空的部分"
    return None


def checked_path(root: Path, relative: str) -> Path:
    """``root / relative`` once it is certain to stay inside ``root`` without following a link.

    Refuses (BackupError) an absolute path, ``..``, a NUL, a link anywhere on the way (the file
    itself or a folder under ``root``), and anything that resolves outside ``root``.
    """
    problem = entry_path_problem(relative)
    if problem:
        raise BackupError(f"备份清单中的路径不安全（{problem}）：{relative!r}。拒绝恢复。")
    root = Path(root)
    candidate = root.joinpath(*relative.split("/"))
    step = root
    for part in relative.split("/"):
        step = step / part
        if step.is_symlink():
            raise BackupError(f"备份中的路径经过符号链接：{relative!r}。拒绝恢复。")
    real_root = root.resolve()
    if not candidate.resolve().is_relative_to(real_root):
        raise BackupError(f"备份清单中的路径指向目标目录之外：{relative!r}。拒绝恢复。")
    return candidate


# --- database ------------------------------------------------------------------------------


def database_vendor() -> str:
    return connection.vendor


def applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(
            f"找不到 {command[0]}：请安装 PostgreSQL 客户端工具（postgresql-client）。"
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[:500]}")


def dump_database(dest_dir: Path) -> Path:
    """A consistent snapshot of the live database into ``dest_dir``."""
    vendor = database_vendor()
    if vendor == "sqlite":
        target = dest_dir / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            # The online backup API copies a consistent snapshot while other writers carry on.
            connection.connection.backup(copy)
        return target
    if vendor == "postgresql":
        target = dest_dir / "database.pgdump"
        env, args = _pg_env_and_args()
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args], env)
        return target
    raise BackupError(f"不支持备份此数据库：{vendor}")


def load_database(backup_file: Path) -> None:
    vendor = database_vendor()
    if vendor == "sqlite":
        connection.close()
        with sqlite3.connect(backup_file) as source:
            connection.ensure_connection()
            source.backup(connection.connection)
        connection.close()
        return
    env, args = _pg_env_and_args()
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(backup_file),
        ],
        env,
    )


# --- backup --------------------------------------------------------------------------------


def create_backup(path: Path, media_root: Path | None = None) -> Manifest:
    """Write a complete backup folder at ``path`` (which must not exist yet)."""
    path = Path(path)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if path.exists():
        raise BackupError(f"目标已存在：{path}。请换一个新的备份目录。")
    partial = path.with_name(path.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True)
    try:
        migrations = applied_migrations()
        db_file = dump_database(partial)
        media_entries = []
        for source in iter_files(media_root):
            target = partial / "media" / source.relative_to(media_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            media_entries.append(file_entry(target, partial / "media"))
        manifest = Manifest(
            created_at=timezone.now().isoformat(),
            database_vendor=database_vendor(),
            database_file=file_entry(db_file, partial),
            migrations=migrations,
            media=media_entries,
        )
        (partial / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        partial.rename(path)  # complete, or not there at all
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


# --- restore -------------------------------------------------------------------------------


def read_manifest(path: Path) -> Manifest:
    manifest_file = Path(path) / MANIFEST
    if not manifest_file.is_file():
        raise BackupError(f"{path} 不是完整的备份：缺少 {MANIFEST}。")
    try:
        return Manifest.from_json(manifest_file.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{MANIFEST} 已损坏：{error}") from error


def verify_backup(path: Path) -> Manifest:
    """Check every file against the manifest and that this fazhi can restore it."""
    path = Path(path)
    manifest = read_manifest(path)
    if manifest.database_vendor != database_vendor():
        raise BackupError(
            f"备份来自 {manifest.database_vendor} 数据库，当前站点使用 {database_vendor()}，无法直接恢复。"
        )
    if path.is_symlink() or (path / "media").is_symlink():
        raise BackupError("备份目录或其 media 目录是符号链接。拒绝恢复。")
    if "/" in str(manifest.database_file.path):
        raise BackupError(
            f"备份清单中的数据库文件名不安全：{manifest.database_file.path!r}。拒绝恢复。"
        )
    entries = [(path, manifest.database_file)] + [(path / "media", e) for e in manifest.media]
    for root, entry in entries:
        file = checked_path(root, entry.path)
        if not file.is_file():
            raise BackupError(f"备份已损坏：缺少文件 {entry.path}。")
        if file.stat().st_size != entry.size or sha256_of(file) != entry.sha256:
            raise BackupError(f"备份已损坏：文件 {entry.path} 的校验和不符。")
    known = {
        f"{app}.{name}"
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    unknown = sorted(set(manifest.migrations) - known)
    if unknown:
        raise BackupError(
            "备份来自更新版本的 fazhi（未知的数据库迁移："
            + "，".join(unknown[:5])
            + "）。请先升级 fazhi。"
        )
    return manifest


def site_has_content(media_root: Path) -> bool:
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError
    from wagtail.models import Page

    if any(True for _ in iter_files(media_root)):
        return True
    try:
        return Page.objects.filter(depth__gt=2).exists() or get_user_model().objects.exists()
    except DatabaseError:  # a database that was never migrated is empty
        return False


def restore_backup(
    path: Path, *, force: bool = False, media_root: Path | None = None
) -> dict[str, Any]:
    """Replace this site's database and media with the backup at ``path``.

    Refuses to overwrite a site that has content unless ``force``; even then the existing media
    folder is moved aside (never deleted), so nothing stored is lost by a mistaken restore.
    """
    path = Path(path)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = verify_backup(path)
    if site_has_content(media_root) and not force:
        raise BackupError(
            "当前站点已有内容。确认要用备份覆盖它，请加 --force（现有媒体文件会被移到一旁保留）。"
        )
    moved_aside = None
    if media_root.exists() and any(True for _ in iter_files(media_root)):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        moved_aside = media_root.with_name(f"{media_root.name}.before-restore-{stamp}")
        media_root.rename(moved_aside)
    load_database(path / manifest.database_file.path)
    for entry in manifest.media:
        source = checked_path(path / "media", entry.path)
        target = checked_path(media_root, entry.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        checked_path(media_root, entry.path)  # no link planted in the folders just made
        shutil.copyfile(source, target, follow_symlinks=False)
        shutil.copystat(source, target, follow_symlinks=False)
    return {"manifest": manifest, "media_moved_to": moved_aside}
