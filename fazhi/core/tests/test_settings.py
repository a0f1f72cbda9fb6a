"""Settings come from FAZHI_* variables, with safe defaults; production insists on a secret key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def settings_in_subprocess(tmp_path: Path, expr: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    clean.update({"FAZHI_VAR_DIR": str(tmp_path), **env})
    code = f"import fazhi.settings as s; print(repr(({expr})))"
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )


def test_defaults(tmp_path):
    result = settings_in_subprocess(
        tmp_path, "s.DEBUG, s.DATABASES['default']['NAME'], s.LANGUAGE_CODE, s.TIME_ZONE"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(
        (False, str(tmp_path / "fazhi.sqlite3"), "zh-hans", "Asia/Shanghai")
    )
    # The development secret key is generated once and kept.
    key_file = tmp_path / "secret_key"
    assert key_file.exists() and oct(key_file.stat().st_mode)[-3:] == "600"
    again = settings_in_subprocess(tmp_path, "s.SECRET_KEY")
    assert again.stdout.strip() == repr(key_file.read_text())


def test_production_requires_a_secret_key(tmp_path):
    result = settings_in_subprocess(tmp_path, "s.SECRET_KEY", FAZHI_ENV="production")
    assert result.returncode != 0
    assert "FAZHI_SECRET_KEY must be set" in result.stderr
    ok = settings_in_subprocess(
        tmp_path,
        "s.SECRET_KEY, s.SESSION_COOKIE_SECURE",
        FAZHI_ENV="production",
        FAZHI_SECRET_KEY="x" * 50,
    )
    assert ok.stdout.strip() == str(("x" * 50, True))


def test_environment_overrides(tmp_path):
    result = settings_in_subprocess(
        tmp_path,
        "s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], str(s.MEDIA_ROOT)",
        FAZHI_DEBUG="1",
        FAZHI_ALLOWED_HOSTS="www.example.cn, example.cn",
        FAZHI_DATABASE_URL="postgres://u@db.example/fazhi",
        FAZHI_REDIS_URL="redis://127.0.0.1:6379/1",
        FAZHI_MEDIA_ROOT="/srv/media",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(
        (
            True,
            ["www.example.cn", "example.cn"],
            "django.db.backends.postgresql",
            "fazhi.security.cache.ResilientRedisCache",  # Redis, surviving its outages
            "/srv/media",
        )
    )


def test_default_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection as c; "
        "cur = c.cursor(); cur.execute('PRAGMA journal_mode'); print(cur.fetchone()[0]); "
        "cur.execute('PRAGMA busy_timeout'); print(cur.fetchone()[0])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FAZHI_")}
    clean.update({"FAZHI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "fazhi.settings"})
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    journal_mode, busy_timeout_ms = result.stdout.split()
    assert journal_mode == "wal"
    assert int(busy_timeout_ms) >= 5000
