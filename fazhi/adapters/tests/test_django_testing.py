"""Upgrade check of fazhi/adapters/django_testing.py: where Django keeps the serialized test
database that ``serialized_rollback`` restores."""

from __future__ import annotations

import inspect
from importlib.metadata import version

from django.db.backends.base.creation import BaseDatabaseCreation
from django.test import TransactionTestCase

from fazhi.adapters import django_testing
from fazhi.adapters.tests.checks import listed


def test_django_still_keeps_it_on_the_connection():
    assert listed(django_testing) == {"BaseDatabaseWrapper._test_serialized_contents"}
    name = django_testing.ATTRIBUTE
    # Set when the test database is created, read when a test restores it.
    for where in (BaseDatabaseCreation.create_test_db, TransactionTestCase._fixture_setup):
        assert name in inspect.getsource(where), (
            f"Django {version('Django')} no longer uses BaseDatabaseWrapper.{name} in "
            f"{where.__qualname__}: update fazhi/adapters/django_testing.py"
        )


def test_sharing_puts_it_on_the_class():
    class Wrapper:
        pass

    wrapper = Wrapper()
    django_testing.share_serialized_contents(wrapper)
    assert not hasattr(Wrapper, django_testing.ATTRIBUTE)  # nothing serialized: nothing shared
    setattr(wrapper, django_testing.ATTRIBUTE, "[]")
    django_testing.share_serialized_contents(wrapper)
    assert getattr(Wrapper(), django_testing.ATTRIBUTE) == "[]"
