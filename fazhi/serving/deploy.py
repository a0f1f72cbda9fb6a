"""The nginx site of deploy/nginx/fazhi.conf and the Varnish VCL of deploy/varnish/fazhi.vcl,
filled in from fazhi's settings.

Used by ``fazhi nginx_config`` and ``fazhi varnish_config`` for a real install, and by the tests
and the benchmark, which run nginx and varnishd unprivileged in a temporary directory with the
same files.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from django.conf import settings

SITE_TEMPLATE = Path(settings.PROJECT_DIR) / "deploy" / "nginx" / "fazhi.conf"
VCL_TEMPLATE = Path(settings.PROJECT_DIR) / "deploy" / "varnish" / "fazhi.vcl"
VARNISH_SERVICE_TEMPLATE = Path(settings.PROJECT_DIR) / "deploy" / "varnish" / "override.conf"
DEFAULT_UPSTREAM = "127.0.0.1:8000"
# nginx's microcache of shareable answers (deploy/nginx/fazhi.conf): its workers write there.
DEFAULT_MICROCACHE_DIR = "/var/lib/nginx/fazhi-microcache"  # Debian: /var/lib/nginx exists
# Each app server of the upstream: skipped for FAIL_TIMEOUT after MAX_FAILS failed attempts
# (refused or dropped connections, timeouts) within FAIL_TIMEOUT. Two, so one slow request that
# timed out does not take a healthy server out; a few seconds, so a restarted one is soon back.
MAX_FAILS = 2
FAIL_TIMEOUT = "5s"


def upstream_servers(upstreams: str | Sequence[str]) -> list[str]:
    """The ``server`` lines of the ``fazhi_app`` upstream for these addresses (``host:port`` or
    ``unix:/path``), in the order given; plain function. Raises ``ValueError`` for an empty
    list, a repeated address or one nginx would not read as a single address.

    With several, each is listed once more as a ``backup`` that is never marked failed
    (``max_fails=0``): nginx turns to the backups only when it has marked every server failed,
    and without them it would then answer 502 ("no live upstreams") until FAIL_TIMEOUT ends,
    even to a server that is back (one restarted, the other lost soon after)."""
    addresses = [upstreams] if isinstance(upstreams, str) else list(upstreams)
    if not addresses:
        raise ValueError("no upstream address")
    for address in addresses:
        if not address or any(c.isspace() or c in ";{}#" for c in address):
            raise ValueError(f"not an upstream address: {address!r}")
        if addresses.count(address) > 1:
            raise ValueError(f"upstream address given twice: {address}")
    lines = [f"server {a} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT};" for a in addresses]
    if len(addresses) > 1:
        lines += [f"server {a} backup max_fails=0;" for a in addresses]
    return lines


def render_site(
    *,
    listen: str = "80",
    server_name: str = "_",
    upstream: str | Sequence[str] = DEFAULT_UPSTREAM,
    export_dir: str | os.PathLike | None = None,
    static_root: str | os.PathLike | None = None,
    media_root: str | os.PathLike | None = None,
    ssl_certificate: str = "",
    ssl_certificate_key: str = "",
    microcache_dir: str | os.PathLike = DEFAULT_MICROCACHE_DIR,
) -> str:
    """deploy/nginx/fazhi.conf with its ``${FAZHI_...}`` placeholders filled in.

    ``upstream`` is one app server's address or several (one ``server`` line each);
    ``microcache_dir``: the folder of nginx's half-second copies of shareable answers."""
    microcache_dir = str(microcache_dir).rstrip("/")
    if not microcache_dir.startswith("/") or any(
        c.isspace() or c in ";{}#$" for c in microcache_dir
    ):
        raise ValueError(f"微缓存目录须为绝对路径，且不含空白和 ;{{}}#$：{microcache_dir!r}")
    listen_lines = [f"listen {listen}{' ssl' if ssl_certificate else ''};"]
    if ssl_certificate:
        listen_lines += [
            f"ssl_certificate {ssl_certificate};",
            f"ssl_certificate_key {ssl_certificate_key};",
        ]
    values = {
        "FAZHI_LISTEN": "\n    ".join(listen_lines),
        "FAZHI_SERVER_NAME": server_name,
        "FAZHI_UPSTREAM_SERVERS": "\n    ".join(upstream_servers(upstream)),
        "FAZHI_EXPORT_DIR": str(export_dir or settings.FAZHI_EXPORT_DIR).rstrip("/"),
        "FAZHI_STATIC_ROOT": str(static_root or settings.STATIC_ROOT).rstrip("/"),
        "FAZHI_MEDIA_ROOT": str(media_root or settings.MEDIA_ROOT).rstrip("/"),
        "FAZHI_MICROCACHE_DIR": microcache_dir,
        "FAZHI_SESSION_COOKIE": settings.SESSION_COOKIE_NAME,
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


# The access log of render_standalone(upstream_log=...): which app servers each request went to,
# in order ("127.0.0.1:8000, 127.0.0.1:8001" when the first failed), and what each answered.
UPSTREAM_LOG_FORMAT = (
    "log_format fazhi_upstream '$msec $request_method $uri $status "
    '"$upstream_addr" "$upstream_status" $request_time\';'
)


def render_standalone(
    site_conf: str,
    prefix: str | os.PathLike,
    workers: int | str = 1,
    upstream_log: str | os.PathLike | None = None,
) -> str:
    """A complete nginx.conf around ``site_conf`` that runs from ``prefix`` without root's
    directories (pid, logs, temp files, the microcache: ``prefix/microcache``): for tests and the
    benchmark. ``workers``: a number or ``"auto"`` (one per core, Debian's default).
    ``upstream_log``: a file logging every request with the app servers it was passed to
    (``UPSTREAM_LOG_FORMAT``)."""
    prefix = Path(prefix)
    site_conf = re.sub(
        r"^(\s*proxy_cache_path\s+)\S+",
        lambda found: found.group(1) + str(prefix / "microcache"),
        site_conf,
        flags=re.MULTILINE,
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read pytest's 0700 dirs
    temps = "\n".join(
        f"    {name}_temp_path {prefix / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    access = "access_log off;"
    if upstream_log:
        access = f"{UPSTREAM_LOG_FORMAT}\n    access_log {upstream_log} fazhi_upstream;"
    return f"""{user}worker_processes {workers};
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
daemon off;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    {access}
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
{temps}
{site_conf}
}}
"""


# Local clients only by default: the task worker that purges runs on the app's box.
LOCALHOST = ("127.0.0.1", "::1")


def _acl_entries(addresses: Iterable[str]) -> str:
    """VCL ACL lines for addresses or networks ("127.0.0.1", "10.0.0.0/8"); ValueError if one
    is neither (the VCL would not compile, or worse, allow what was not meant)."""
    lines = []
    for address in addresses:
        network = ipaddress.ip_network(address.strip(), strict=False)
        if network.num_addresses == 1:
            lines.append(f'    "{network.network_address}";')
        else:
            lines.append(f'    "{network.network_address}"/{network.prefixlen};')
    if not lines:
        raise ValueError("an ACL needs at least one address")
    return "\n".join(lines)


def _host_port(address: str) -> tuple[str, int]:
    """ "127.0.0.1:8000", "[::1]:8000", "app.internal:8000" → host and port."""
    found = re.fullmatch(
        r"\[(?P<v6>[0-9a-fA-F:.]+)\]:(?P<p>\d+)|(?P<h>[\w.-]+):(?P<port>\d+)", address
    )
    if not found:
        raise ValueError(f"not host:port: {address!r}")
    host = found["v6"] or found["h"]
    port = int(found["p"] or found["port"])
    if not 0 < port < 65536:
        raise ValueError(f"not a port: {port}")
    return host, port


def render_vcl(
    *,
    backend: str = "127.0.0.1:8000",
    probe_host: str | None = None,
    purgers: Iterable[str] = LOCALHOST,
    tls_proxies: Iterable[str] = LOCALHOST,
) -> str:
    """deploy/varnish/fazhi.vcl with its ``${FAZHI_...}`` placeholders filled in: the app (or
    nginx) at ``backend``, the Host its health probe sends (default: FAZHI_BASE_URL's), who may
    PURGE and BAN, and which proxies' X-Forwarded-Proto is believed."""
    host, port = _host_port(backend)
    probe_host = probe_host or urlsplit(settings.BASE_URL).netloc
    if not re.fullmatch(r"[\w.:\[\]-]+", probe_host):
        raise ValueError(f"not a host: {probe_host!r}")
    values = {
        "FAZHI_BACKEND_HOST": host,
        "FAZHI_BACKEND_PORT": str(port),
        "FAZHI_PROBE_HOST": probe_host,
        "FAZHI_PURGERS": _acl_entries(purgers),
        "FAZHI_TLS_PROXIES": _acl_entries(tls_proxies),
        # Regular expressions inside VCL strings (which have no escapes of their own).
        "FAZHI_ADMIN_PREFIX": re.escape(settings.FAZHI_ADMIN_PATH.strip("/")),
        "FAZHI_SESSION_COOKIE": re.escape(settings.SESSION_COOKIE_NAME),
    }
    # safe_substitute leaves the regular expressions' own $ alone.
    return Template(VCL_TEMPLATE.read_text()).safe_substitute(values)


def render_varnish_service(
    *, listen: str = ":6081", vcl: str = "/etc/varnish/fazhi.vcl", storage: str = "256m"
) -> str:
    """deploy/varnish/override.conf: the drop-in that runs Debian's varnishd with this VCL,
    listening on ``listen`` (":80", "127.0.0.1:6081"), with ``storage`` of memory."""
    if not re.fullmatch(r"[\w.\[\]:-]*:\d+", listen):
        raise ValueError(f"not an address to listen on: {listen!r}")
    if not re.fullmatch(r"\d+[kmgKMG]?", storage):
        raise ValueError(f"not a size: {storage!r}")
    values = {
        "FAZHI_VARNISH_LISTEN": listen,
        "FAZHI_VARNISH_VCL": vcl,
        "FAZHI_VARNISH_STORAGE": storage,
    }
    return Template(VARNISH_SERVICE_TEMPLATE.read_text()).safe_substitute(values)
