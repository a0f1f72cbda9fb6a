"""Settings for the test suite: the real settings, with the few changes tests need.

The database is still real: SQLite by default, PostgreSQL when FAZHI_DATABASE_URL says so.
"""

import os
import re
import tempfile

os.environ.setdefault("FAZHI_ENV", "test")
# pytest-xdist runs the suite in several processes (gw0, gw1, …); each gets its own var folder
# (the purge epoch file, media), Redis database and MariaDB scratch names. PostgreSQL test
# databases get their own names from pytest-django. Only the worker itself adjusts them: a
# process a test starts with these settings (a server, a command) inherits the worker's values,
# or is given its own, and keeps them.
SESSION_DEFAULTS = "FAZHI_TEST_SESSION_DEFAULTS"
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if WORKER and (os.environ.pop(SESSION_DEFAULTS, None) or "FAZHI_VAR_DIR" not in os.environ):
    os.environ["FAZHI_VAR_DIR"] = tempfile.mkdtemp(prefix=f"fazhi-test-{WORKER}-")
    number = int(WORKER.removeprefix("gw") or 0)
    redis_url = os.environ.get("FAZHI_REDIS_URL", "")
    found = re.fullmatch(r"(redis://[^/]+/)(\d+)", redis_url)
    if found:  # the last databases, one per worker: redis://…/15, /14, …
        os.environ["FAZHI_REDIS_URL"] = f"{found[1]}{int(found[2]) - number}"
    prefix = os.environ.get("FAZHI_LEGACY_SCRATCH_PREFIX", "fazhi_legacy_")
    os.environ["FAZHI_LEGACY_SCRATCH_PREFIX"] = f"{prefix}{WORKER}_"
elif not WORKER and "FAZHI_VAR_DIR" not in os.environ:
    os.environ["FAZHI_VAR_DIR"] = tempfile.mkdtemp(prefix="fazhi-test-")
    os.environ[SESSION_DEFAULTS] = "1"  # xdist workers started from here make their own
# Background tasks run at once, in the process that enqueues them, so a test sees their effect
# when its request returns. The tests of the worker itself (fazhi/jobs/tests) start the real
# `fazhi run_worker` on the database or RQ queue; servers started by tests inherit this.
os.environ.setdefault("FAZHI_TASK_BACKEND", "immediate")

from fazhi.settings import *  # noqa: E402, F403

ALLOWED_HOSTS = ["*"]
# Hashing dominates test time otherwise; production uses the real hashers.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *(h for h in PASSWORD_HASHERS if h.startswith("fazhi.legacy.")),  # noqa: F405
]
# Captcha answers "passed" are accepted: only here, never in fazhi/settings.py.
CAPTCHA_TEST_MODE = True

# The full-page cache is off for tests that are not about it, so they see each change at once
# (their purge signals wait for a commit that a test transaction never makes). The serving tests
# turn it on (fazhi/serving/tests/conftest.py); worker processes they start pass the variable.
FAZHI_PAGE_CACHE_SECONDS = int(os.environ.get("FAZHI_PAGE_CACHE_SECONDS", "0"))
# Fragments follow the same purges, so they are off too (on in the serving tests).
FAZHI_FRAGMENT_CACHE_BYTES = int(os.environ.get("FAZHI_FRAGMENT_CACHE_MB", "0")) * 1024 * 1024
