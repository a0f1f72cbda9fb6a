"""Production settings pass Django's deployment checks, and the nginx site renders from settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command

from fazhi.serving.deploy import render_site, render_standalone
from fazhi.serving.tests.test_nginx import NGINX


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("FAZHI_") and name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env = {
        **inherited,
        "FAZHI_ENV": "production",
        "FAZHI_SECRET_KEY": secrets.token_urlsafe(50),
        "FAZHI_ALLOWED_HOSTS": "www.example.cn",
        "FAZHI_DATABASE_URL": "postgres://fazhi@127.0.0.1:5432/fazhi",
        "FAZHI_REDIS_URL": "redis://127.0.0.1:6379/0",
        "FAZHI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "fazhi.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "fazhi", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_nginx_config_command_fills_in_the_paths(settings, capsys, tmp_path):
    settings.FAZHI_EXPORT_DIR = str(tmp_path / "export")
    call_command(
        "nginx_config",
        "--server-name",
        "www.example.cn",
        "--listen",
        "443",
        "--ssl-certificate",
        "/etc/ssl/fazhi.pem",
        "--ssl-certificate-key",
        "/etc/ssl/fazhi.key",
    )
    out = capsys.readouterr().out
    assert f"root {tmp_path / 'export'};" in out
    assert f"alias {settings.MEDIA_ROOT}/;" in out
    assert "listen 443 ssl;" in out and "ssl_certificate /etc/ssl/fazhi.pem;" in out
    assert "try_files $uri $uri/index.html $uri/index.rss @app;" in out  # nginx's own variables
    assert not [
        line for line in out.splitlines() if "${" in line and not line.lstrip().startswith("#")
    ]


@pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed")
def test_nginx_accepts_the_site(tmp_path):
    site = render_site(listen="127.0.0.1:18009", export_dir=tmp_path)
    (tmp_path / "nginx.conf").write_text(render_standalone(site, tmp_path))
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "warn" not in result.stderr
