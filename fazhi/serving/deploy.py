"""The nginx site of deploy/nginx/fazhi.conf, filled in from fazhi's settings.

Used by ``fazhi nginx_config`` for a real install, and by the tests and the benchmark, which run
nginx unprivileged in a temporary directory with the same site file.
"""

from __future__ import annotations

import os
from pathlib import Path
from string import Template

from django.conf import settings

SITE_TEMPLATE = Path(settings.PROJECT_DIR) / "deploy" / "nginx" / "fazhi.conf"


def render_site(
    *,
    listen: str = "80",
    server_name: str = "_",
    upstream: str = "127.0.0.1:8000",
    export_dir: str | os.PathLike | None = None,
    static_root: str | os.PathLike | None = None,
    media_root: str | os.PathLike | None = None,
    ssl_certificate: str = "",
    ssl_certificate_key: str = "",
) -> str:
    """deploy/nginx/fazhi.conf with its ``${FAZHI_...}`` placeholders filled in."""
    listen_lines = [f"listen {listen}{' ssl' if ssl_certificate else ''};"]
    if ssl_certificate:
        listen_lines += [
            f"ssl_certificate {ssl_certificate};",
            f"ssl_certificate_key {ssl_certificate_key};",
        ]
    values = {
        "FAZHI_LISTEN": "\n    ".join(listen_lines),
        "FAZHI_SERVER_NAME": server_name,
        "FAZHI_UPSTREAM": upstream,
        "FAZHI_EXPORT_DIR": str(export_dir or settings.FAZHI_EXPORT_DIR).rstrip("/"),
        "FAZHI_STATIC_ROOT": str(static_root or settings.STATIC_ROOT).rstrip("/"),
        "FAZHI_MEDIA_ROOT": str(media_root or settings.MEDIA_ROOT).rstrip("/"),
        **security_values(),
    }
    # safe_substitute leaves nginx's own $variables alone.
    return Template(SITE_TEMPLATE.read_text()).safe_substitute(values)


def security_values() -> dict[str, str]:
    """The headers nginx adds to exported pages and uploads: the same as the app's."""
    from csp.utils import build_policy

    from fazhi.security.media import UPLOAD_CSP

    return {
        "FAZHI_CSP": build_policy(config=settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]),
        "FAZHI_UPLOAD_CSP": UPLOAD_CSP,
        "FAZHI_PERMISSIONS_POLICY": settings.FAZHI_PERMISSIONS_POLICY,
        "FAZHI_ADMIN_PREFIX": settings.FAZHI_ADMIN_PATH.strip("/"),
    }


def render_standalone(site_conf: str, prefix: str | os.PathLike, workers: int = 1) -> str:
    """A complete nginx.conf around ``site_conf`` that runs from ``prefix`` without root's
    directories (pid, logs, temp files): for tests and the benchmark."""
    prefix = Path(prefix)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read pytest's 0700 dirs
    temps = "\n".join(
        f"    {name}_temp_path {prefix / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes {workers};
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
{temps}
{site_conf}
}}
"""
