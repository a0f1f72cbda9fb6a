"""Production settings pass Django's deployment checks, and the nginx site renders from settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from bench.failover import read_upstream_log
from fazhi.serving.deploy import FAIL_TIMEOUT, render_site, render_standalone, upstream_servers
from fazhi.serving.tests.test_nginx import NGINX
from fazhi.testing.processes import free_ports, http_get, nginx_server


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


def directives(conf: str) -> list[str]:
    """The lines of an nginx file that are not comments, stripped."""
    return [line.strip() for line in conf.splitlines() if line.strip() and line.strip()[0] != "#"]


def upstream_block(conf: str) -> list[str]:
    lines = directives(conf)
    start = lines.index("upstream fazhi_app {")
    return lines[start + 1 : lines.index("}", start)]


def test_one_app_server_by_default(capsys):
    call_command("nginx_config")
    out = capsys.readouterr().out
    assert upstream_block(out) == [
        "server 127.0.0.1:8000 max_fails=2 fail_timeout=5s;",
        "keepalive 16;",
    ]
    assert out.count("proxy_pass http://fazhi_app;") == 2


def test_nginx_config_with_several_app_servers(capsys):
    call_command("nginx_config", "--upstream", "127.0.0.1:8000", "--upstream", "10.0.0.2:8001")
    out = capsys.readouterr().out
    assert upstream_block(out) == [
        "server 127.0.0.1:8000 max_fails=2 fail_timeout=5s;",
        "server 10.0.0.2:8001 max_fails=2 fail_timeout=5s;",
        # Tried only once nginx has marked every server failed (never "no live upstreams").
        "server 127.0.0.1:8000 backup max_fails=0;",
        "server 10.0.0.2:8001 backup max_fails=0;",
        "keepalive 16;",
    ]
    lines = directives(out)
    # Reads move to the next server on a dead or hung one; the app's own 503 (database away)
    # does not, and a POST that reached a server is never resent: no `non_idempotent`.
    assert "proxy_next_upstream error timeout http_502 http_504;" in lines
    assert not [line for line in lines if "non_idempotent" in line or "http_503" in line]
    assert "proxy_connect_timeout 1s;" in lines
    assert "proxy_http_version 1.1;" in lines and 'proxy_set_header Connection "";' in lines


@pytest.mark.parametrize(
    "upstreams, message",
    [
        (["127.0.0.1:8000", "127.0.0.1:8000"], "given twice"),
        (["127.0.0.1:8000; include /etc/passwd"], "not an upstream address"),
        ([], "no upstream address"),
    ],
)
def test_bad_upstreams_are_refused(upstreams, message):
    with pytest.raises(ValueError, match=message):
        upstream_servers(upstreams)
    if upstreams:
        args = [arg for address in upstreams for arg in ("--upstream", address)]
        with pytest.raises(CommandError, match=message):
            call_command("nginx_config", *args)


@pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed")
@pytest.mark.parametrize(
    "upstream", ["127.0.0.1:8000", ["127.0.0.1:8000", "127.0.0.1:8001", "127.0.0.1:8002"]]
)
def test_nginx_accepts_the_site(tmp_path, upstream):
    site = render_site(listen="127.0.0.1:18009", export_dir=tmp_path, upstream=upstream)
    (tmp_path / "nginx.conf").write_text(render_standalone(site, tmp_path))
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "warn" not in result.stderr


class _Answer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is not installed")
def test_nginx_tries_the_servers_again_when_it_marked_them_all_failed(tmp_path):
    """Both app servers down, so nginx marks both failed; then one is back: it is answered at
    once, not with 502 "no live upstreams" until fail_timeout ends (the backup lines). An HTTP
    server of the standard library stands in for the server that is back: it starts well inside
    fail_timeout, which granian with the site does not."""
    nginx_port, first, second = free_ports(3)
    upstreams = [f"127.0.0.1:{first}", f"127.0.0.1:{second}"]
    site = render_site(
        listen=f"127.0.0.1:{nginx_port}", export_dir=tmp_path / "export", upstream=upstreams
    )
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    log = prefix / "upstream.log"
    (prefix / "nginx.conf").write_text(render_standalone(site, prefix, upstream_log=log))
    with nginx_server(prefix / "nginx.conf", nginx_port, NGINX):
        assert [http_get(nginx_port, "/")[0] for _ in range(4)] == [502] * 4
        errors = (prefix / "error.log").read_text()
        assert errors.count("upstream server temporarily disabled") >= 2, errors
        marked = time.monotonic()
        server = ThreadingHTTPServer(("127.0.0.1", second), _Answer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            statuses = [http_get(nginx_port, "/")[0] for _ in range(4)]
        finally:
            server.shutdown()
            server.server_close()
        assert time.monotonic() - marked < int(FAIL_TIMEOUT.rstrip("s"))  # still marked
    assert statuses == [200] * 4, (statuses, log.read_text())
    answered = [row["upstreams"][-1] for row in read_upstream_log(log)[-4:]]
    assert answered == [upstreams[1]] * 4
