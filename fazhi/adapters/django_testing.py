"""The serialized test database that ``serialized_rollback`` restores (fazhi/conftest.py).

Django keeps it on the connection wrapper, and wrappers are per thread and async context: once
Playwright's sync API runs an event loop in the test thread, tests see new wrappers without it and
the restore is silently skipped. Keeping it on the wrapper's class makes every wrapper see it.
"""

from __future__ import annotations

from typing import Any

ATTRIBUTES = ("django.db.backends.base.base.BaseDatabaseWrapper._test_serialized_contents",)
ATTRIBUTE = "_test_serialized_contents"


def share_serialized_contents(connection: Any) -> None:
    """Keep ``connection``'s serialized test database (if any) on its class, for every wrapper."""
    contents = getattr(connection, ATTRIBUTE, None)
    if contents is not None:
        setattr(type(connection), ATTRIBUTE, contents)
