"""Every adapter module names the private attributes it relies on and has its upgrade check."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import fazhi.adapters

FRAMEWORKS = ("django.", "wagtail.", "treebeard.", "modelcluster.", "taggit.", "rjieba.")


def test_every_adapter_lists_its_privates_and_has_a_test():
    names = [m.name for m in pkgutil.iter_modules(fazhi.adapters.__path__) if m.name != "tests"]
    assert names, "no adapters found"
    tests = Path(__file__).parent
    for name in names:
        module = importlib.import_module(f"fazhi.adapters.{name}")
        attributes = getattr(module, "ATTRIBUTES", None)
        assert isinstance(attributes, tuple) and attributes, f"fazhi/adapters/{name}.py: ATTRIBUTES"
        for entry in attributes:
            assert entry.startswith(FRAMEWORKS) and "._" in entry, (name, entry)
        assert (tests / f"test_{name}.py").exists(), f"fazhi/adapters/{name}.py has no test"
