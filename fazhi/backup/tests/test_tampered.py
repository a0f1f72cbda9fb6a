"""A tampered backup never writes or reads outside its folders (issue 23, part 4).

The manifest is untrusted input: its entries are checked as paths (absolute, ``..``, NUL, links)
and by where they resolve, before anything is restored. The attack from the issue — an entry
``../secret_key`` that overwrote ``var/secret_key`` — is replayed through ``fazhi restore``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from fazhi.backup.snapshot import BackupError, checked_path, entry_path_problem
from fazhi.backup.tests.test_backup import MEDIA, fazhi, site_env

UNSAFE = [
    "",
    "/etc/passwd",
    "../secret_key",
    "images/../../secret_key",
    "images/./a.png",
    "images//a.png",
    "a.png/",
    "..",
    "a\x00.png",
    "..\\secret_key",
    "C:/Windows/win.ini",
    "C:secret",
]


@pytest.mark.parametrize("relative", UNSAFE)
def test_unsafe_entry_paths_are_named(relative, tmp_path):
    assert entry_path_problem(relative) is not None
    with pytest.raises(BackupError, match="不安全"):
        checked_path(tmp_path, relative)


@pytest.mark.parametrize("relative", ["a.png", "images/original_images/判决书.png", "x..y/..z"])
def test_plain_entry_paths_pass(relative, tmp_path):
    assert entry_path_problem(relative) is None
    assert checked_path(tmp_path, relative) == tmp_path.joinpath(*relative.split("/"))


def test_a_link_on_the_way_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text("s")
    root = tmp_path / "root"
    root.mkdir()
    (root / "linked").symlink_to(outside)  # a folder link
    (root / "file.txt").symlink_to(outside / "secret")  # a file link
    (root / "dangling").symlink_to(tmp_path / "nowhere")
    for relative in ("linked/secret", "file.txt", "dangling", "dangling/x"):
        with pytest.raises(BackupError, match="符号链接"):
            checked_path(root, relative)


def test_a_root_reached_through_a_link_is_fine(tmp_path):
    real = tmp_path / "real"
    (real / "images").mkdir(parents=True)
    alias = tmp_path / "alias"
    alias.symlink_to(real)
    assert checked_path(alias, "images/a.png") == alias / "images" / "a.png"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add_entry(backup: Path, relative: str, data: bytes) -> None:
    manifest_path = backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["media"].append({"path": relative, "sha256": _sha256(data), "size": len(data)})
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False))


@pytest.mark.django_db(transaction=True)
def test_fazhi_restore_refuses_tampered_manifests_and_planted_links(tmp_path):
    site = site_env(tmp_path, "a")
    fazhi(site, "migrate", "--noinput", "-v0")
    fazhi(site, "shell", "--no-imports", "-c", MEDIA)
    backup = tmp_path / "backup"
    fazhi(site, "backup", str(backup))
    pristine = (backup / "manifest.json").read_text()
    secret_key = tmp_path / "a" / "secret_key"
    key_before = secret_key.read_bytes()
    media = tmp_path / "a" / "media"
    media_before = sorted(p.relative_to(media).as_posix() for p in media.rglob("*"))

    def refused(expected: str) -> None:
        result = fazhi(site, "restore", "--force", str(backup), check=False)
        assert result.returncode != 0, result.stdout
        assert expected in result.stderr, result.stderr
        # Nothing was touched: the key, the media folder (not even moved aside), no new files.
        assert secret_key.read_bytes() == key_before
        assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*")) == media_before
        assert not [p for p in (tmp_path / "a").iterdir() if "before-restore" in p.name]
        (backup / "manifest.json").write_text(pristine)

    # The attack: the payload is in the backup, its checksum in the manifest.
    evil = b"attacker-chosen secret key"
    (backup / "secret_key").write_bytes(evil)
    _add_entry(backup, "../secret_key", evil)
    refused("不安全")
    for relative in (str(secret_key), "images/../../secret_key", "a\x00b"):
        _add_entry(backup, relative, evil)
        refused("不安全")

    manifest = json.loads(pristine)
    manifest["database_file"]["path"] = "../backup/" + manifest["database_file"]["path"]
    (backup / "manifest.json").write_text(json.dumps(manifest))
    refused("不安全")

    # A link planted in the backup, with the checksum of what it points to.
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"a file outside the backup")
    (backup / "media" / "planted.txt").symlink_to(outside)
    _add_entry(backup, "planted.txt", outside.read_bytes())
    refused("符号链接")
    (backup / "media" / "documents").rename(backup / "documents.real")
    (backup / "media" / "documents").symlink_to(backup / "documents.real")
    refused("符号链接")
    (backup / "media" / "documents").unlink()
    (backup / "documents.real").rename(backup / "media" / "documents")
    (backup / "media" / "planted.txt").unlink()

    # The untouched backup still restores, and the key is still the site's own.
    fazhi(site, "restore", "--force", str(backup))
    assert secret_key.read_bytes() == key_before
    assert os.path.isdir(media)
