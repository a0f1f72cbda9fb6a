"""Settings for the test suite: the real settings, with the few changes tests need.

The database is still real: SQLite by default, PostgreSQL when FAZHI_DATABASE_URL says so.
"""

import os
import tempfile

os.environ.setdefault("FAZHI_ENV", "test")
os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-test-"))

from fazhi.settings import *  # noqa: F403

ALLOWED_HOSTS = ["*"]
# Hashing dominates test time otherwise; production uses the real hashers.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *(h for h in PASSWORD_HASHERS if h.startswith("fazhi.legacy.")),  # noqa: F405
]
