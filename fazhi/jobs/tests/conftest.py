from __future__ import annotations

import pytest

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["urgent", "default"]}
}


@pytest.fixture
def database_queue(settings):
    """The single box's queue (django-tasks-db) in this test's database."""
    settings.TASKS = DATABASE_QUEUE
    settings.TASK_BACKEND = "database"
    return settings


@pytest.fixture(autouse=True)
def _no_calls_left():
    from fazhi.jobs.tests import tasks

    tasks.CALLS.clear()
    yield
