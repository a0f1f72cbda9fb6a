"""Fixtures of the fault tests (faults.py): fazhi subprocesses on databases of their own,
copied from one migrated per session (migrating is the slow part)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fazhi.security.tests.faults import FazhiProcess


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Iterator[FazhiProcess]:
    template = FazhiProcess(tmp_path_factory.mktemp("fault-template"), "tmpl")
    template.migrate()
    yield template
    template.drop()


@pytest.fixture
def fazhi_process(tmp_path: Path, request, migrated_template) -> Iterator[FazhiProcess]:
    proc = FazhiProcess(tmp_path, request.node.name.removeprefix("test_")[:20], migrated_template)
    yield proc
    proc.drop()
