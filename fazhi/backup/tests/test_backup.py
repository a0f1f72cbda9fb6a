"""Backup a demo site while it is being written to, restore it into an empty site, compare.

Each site is a real `fazhi` process environment (its own var dir, and its own database on the
server in use), so this is what an operator does, not an in-process shortcut.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

FAZHI = str(Path(sys.executable).with_name("fazhi"))

WRITER = """
import time, itertools, pathlib
from django.contrib.auth import get_user_model
from fazhi.news.models import ChannelPage
from fazhi.news.factories import make_article
stop = pathlib.Path({stop!r})
channel = ChannelPage.objects.get(slug="fzyw")
User = get_user_model()
deadline = time.time() + 60
for n in itertools.count():
    if stop.exists() or time.time() > deadline:
        break
    make_article(channel, f"压力写入{{n}}", paragraphs=["正文" * 50])
    User.objects.create_user(f"reader{{n}}", password="pw")
print(n)
"""

MEDIA = """
from django.core.files.base import ContentFile
from wagtail.images.models import Image
from wagtail.documents.models import Document
import io
from PIL import Image as PILImage
buf = io.BytesIO(); PILImage.new("RGB", (64, 48), (200, 30, 30)).save(buf, "PNG")
Image.objects.create(title="测试图片", file=ContentFile(buf.getvalue(), name="demo.png"))
Document.objects.create(title="判决书", file=ContentFile("判决书全文".encode(), name="panjue.txt"))
"""

INTEGRITY = """
from wagtail.models import Page
bad_alpha, bad_path, orphans, bad_depth, bad_numchild = Page.find_problems()
assert not (bad_alpha or bad_path or orphans or bad_depth or bad_numchild), Page.find_problems()
for page in Page.objects.exclude(latest_revision=None):
    assert page.latest_revision.object_id == str(page.pk)
print("ok")
"""


def database_url(name: str) -> str:
    """A fresh database for one site, on the same kind of server as this test run."""
    if connection.vendor == "postgresql":
        db = settings.DATABASES["default"]
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    return ""  # SQLite: the default file inside the site's own var dir


def site_env(tmp_path: Path, name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DJANGO_"))}
    env["FAZHI_VAR_DIR"] = str(tmp_path / name)
    url = database_url(f"fazhi_backup_test_{name}")
    if url:
        env["FAZHI_DATABASE_URL"] = url
    return env


def fazhi(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([FAZHI, *args], env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def table_dump(env: dict[str, str]) -> dict[str, list]:
    """Every row of every table, in primary-key order: the site's whole state, comparable."""
    code = (
        "import json; from django.apps import apps; out = {}\n"
        "for m in apps.get_models(include_auto_created=True):\n"
        "    if m._meta.managed and not m._meta.proxy:\n"
        "        out[m._meta.db_table] = [list(r) for r in m._base_manager.order_by('pk').values_list()]\n"
        "print(json.dumps(out, default=str, ensure_ascii=False))"
    )
    return json.loads(fazhi(env, "shell", "--no-imports", "-c", code).stdout)


def test_backup_under_write_load_restores_identically(tmp_path):
    site_a = site_env(tmp_path, "a")
    fazhi(site_a, "migrate", "--noinput", "-v0")
    fazhi(site_a, "load_demo")
    fazhi(site_a, "shell", "--no-imports", "-c", MEDIA)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [FAZHI, "shell", "--no-imports", "-c", WRITER.format(stop=str(stop))],
        env=site_a,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(3)  # let the writer get going
        fazhi(site_a, "backup", str(tmp_path / "backup"))
        time.sleep(1)
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert int(out.strip().splitlines()[-1]) > 0  # writes really were going on

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert len(manifest["media"]) >= 2

    site_b = site_env(tmp_path, "b")
    fazhi(site_b, "migrate", "--noinput", "-v0")  # an empty, freshly installed site
    fazhi(site_b, "restore", str(tmp_path / "backup"))
    assert fazhi(site_b, "shell", "--no-imports", "-c", INTEGRITY).stdout.strip() == "ok"

    # The restored site equals the snapshot exactly: a third site restored from the same backup
    # must match row for row, and media files byte for byte.
    restored = table_dump(site_b)
    assert restored["wagtailcore_page"] and restored["wagtailcore_revision"]
    assert restored["auth_user"] and restored["wagtailimages_image"]
    site_c = site_env(tmp_path, "c")
    fazhi(site_c, "restore", str(tmp_path / "backup"))
    assert table_dump(site_c) == restored
    for entry in manifest["media"]:
        restored_file = tmp_path / "b" / "media" / entry["path"]
        assert (
            restored_file.read_bytes()
            == (tmp_path / "backup" / "media" / entry["path"]).read_bytes()
        )

    # The snapshot is a point in time: site A went on writing after it.
    final_a = table_dump(site_a)
    assert len(final_a["auth_user"]) >= len(restored["auth_user"])
    restored_users = {tuple(row) for row in restored["auth_user"]}
    assert restored_users <= {tuple(row) for row in final_a["auth_user"]}


def test_restore_refuses_damaged_or_mismatched_backups(tmp_path):
    site = site_env(tmp_path, "a")
    fazhi(site, "migrate", "--noinput", "-v0")
    fazhi(site, "shell", "--no-imports", "-c", MEDIA)
    backup = tmp_path / "backup"
    fazhi(site, "backup", str(backup))

    again = fazhi(site, "backup", str(backup), check=False)
    assert again.returncode != 0 and "目标已存在" in again.stderr

    # A site with content is not overwritten without --force.
    refused = fazhi(site, "restore", str(backup), check=False)
    assert refused.returncode != 0 and "已有内容" in refused.stderr

    media_file = next(p for p in (backup / "media").rglob("*") if p.is_file())
    original = media_file.read_bytes()
    media_file.write_bytes(original[:-1] + b"X")
    damaged = fazhi(site, "restore", "--force", str(backup), check=False)
    assert damaged.returncode != 0 and "校验和不符" in damaged.stderr
    media_file.write_bytes(original)

    manifest_path = backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"].append("core.9999_from_the_future")
    manifest_path.write_text(json.dumps(manifest))
    newer = fazhi(site, "restore", "--force", str(backup), check=False)
    assert newer.returncode != 0 and "更新版本" in newer.stderr

    manifest_path.write_text("{not json")
    broken = fazhi(site, "restore", "--force", str(backup), check=False)
    assert broken.returncode != 0 and "已损坏" in broken.stderr

    manifest_path.unlink()
    incomplete = fazhi(site, "restore", "--force", str(backup), check=False)
    assert incomplete.returncode != 0 and "不是完整的备份" in incomplete.stderr


def test_forced_restore_keeps_the_old_media_aside(tmp_path):
    site = site_env(tmp_path, "a")
    fazhi(site, "migrate", "--noinput", "-v0")
    backup = tmp_path / "backup"
    fazhi(site, "backup", str(backup))
    fazhi(site, "shell", "--no-imports", "-c", MEDIA)  # new content after the backup
    result = fazhi(site, "restore", "--force", str(backup))
    assert "原有媒体文件已移到" in result.stdout
    aside = [p for p in (tmp_path / "a").iterdir() if p.name.startswith("media.before-restore-")]
    assert aside and any(p.is_file() for p in aside[0].rglob("*"))
