"""A WSGI environ (PEP 3333) for tests that call the fast path or Django's WSGI app directly."""

from __future__ import annotations

import io
from typing import Any


def wsgi_environ(path: str, method: str = "GET", query: str = "", **extra: Any) -> dict[str, Any]:
    """``method path?query`` on host ``testserver``; ``extra`` adds or replaces keys (HTTP_COOKIE…)."""
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        **extra,
    }
