"""Fixtures of the legacy tests: the real MariaDB server, old sites loaded from SQL scripts, an
old web root with attachment files. Under CI=true a missing MariaDB fails the tests."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail import hooks

from fazhi.legacy import sources

SQL_DIR = Path(__file__).parent / "sql"


def set_hooks(monkeypatch: pytest.MonkeyPatch, name: str, functions: list) -> None:
    """For the rest of the test, ``hooks.get_hooks(name)`` answers ``functions`` (other hooks are
    left alone): Wagtail's public function is patched, not its private registry."""
    get_hooks = hooks.get_hooks
    monkeypatch.setattr(
        hooks, "get_hooks", lambda hook: list(functions) if hook == name else get_hooks(hook)
    )


@pytest.fixture(scope="session")
def mariadb() -> sources.MySQLURL:
    server = sources.parse_mysql_url(settings.LEGACY_SCRATCH_URL)
    try:
        sources.connect(server, database="").close()
    except sources.SourceError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"MariaDB is required under CI: {error}")
        pytest.skip(f"MariaDB not reachable: {error}")
    return server


@pytest.fixture
def legacy_db(mariadb):
    """``load("empirecms75.sql")`` → a mysql:// URL of a fresh database holding that script."""
    created: list[str] = []

    def load(script: str) -> str:
        name = f"{settings.LEGACY_SCRATCH_PREFIX}t{os.getpid()}_{Path(script).stem}"
        sources.load_dump(SQL_DIR / script, mariadb, name)
        created.append(name)
        auth = mariadb.user + (f":{mariadb.password}" if mariadb.password else "")
        return f"mysql://{auth}@{mariadb.host}:{mariadb.port}/{name}"

    yield load
    for name in created:
        sources.drop_database(mariadb, name)


@pytest.fixture
def old_webroot(tmp_path) -> Path:
    """The old site's files: the images and documents the fixtures' rows and bodies point at."""
    from PIL import Image

    root = tmp_path / "wwwroot"
    files = {
        "d/file/2019-08-28/cover.jpg": ("RGB", (40, 30), "red"),
        "d/file/2019-09-01/photo.png": ("RGB", (20, 20), "blue"),
        "uploads/allimg/190828/1-1ZP1.jpg": ("RGB", (30, 30), "green"),
    }
    for path, (mode, size, colour) in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        Image.new(mode, size, colour).save(root / path)
    (root / "d/file/2019-08-28/report.pdf").write_bytes(b"%PDF-1.4 report")
    (root / "uploads/soft/190828").mkdir(parents=True)
    (root / "uploads/soft/190828/law.docx").write_bytes(b"PK docx")
    return root


def migrate(*args: str) -> str:
    """Run ``fazhi migrate_from`` and return its report."""
    out, err = StringIO(), StringIO()
    call_command("migrate_from", *args, stdout=out, stderr=err)
    return out.getvalue()
