"""rjieba's ``Jieba`` class without the default instance its package builds on import.

``rjieba/__init__.py`` makes ``_DEFAULT_JIEBA = Jieba()`` for its module-level functions: jieba's
whole default dictionary, ~30 MB in every process that imports the package. fazhi never uses
those functions (its ``Segmenter`` holds its own instance, with the editors' words), so a web
worker that answered one search carried the dictionary twice (issue 18, worker RSS). This loads
the compiled module ``rjieba.rjieba`` by itself, as ``rjieba/__init__.py`` would, without running
that file. ``tests/test_rjieba_module.py`` fails, naming this module, when a release moves it.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
from pathlib import Path
from typing import Any

ATTRIBUTES = (
    "rjieba.rjieba (the compiled module; rjieba/__init__.py builds rjieba._DEFAULT_JIEBA)",
)
MODULE = "rjieba.rjieba"
_lock = threading.Lock()


def compiled_module_file() -> Path:
    """The compiled ``rjieba.rjieba`` inside the installed package (the package is not run)."""
    spec = importlib.util.find_spec("rjieba")
    if spec is None or spec.origin is None:
        raise ImportError("rjieba is not installed")
    folder = Path(spec.origin).parent
    for suffix in EXTENSION_SUFFIXES:
        candidate = folder / f"rjieba{suffix}"
        if candidate.exists():
            return candidate
    raise ImportError(
        f"no compiled rjieba module in {folder}: update fazhi/adapters/rjieba_module.py"
    )


def jieba_class() -> Any:
    """``rjieba.Jieba``; loads only the compiled module unless the package is already imported."""
    with _lock:
        if MODULE in sys.modules:
            return sys.modules[MODULE].Jieba
        if "rjieba" in sys.modules:
            return sys.modules["rjieba"].Jieba
        path = compiled_module_file()
        loader = ExtensionFileLoader(MODULE, str(path))
        spec = importlib.util.spec_from_file_location(MODULE, path, loader=loader)
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
        # A later ``import rjieba`` finds it here (its __init__ then still builds its own default).
        sys.modules[MODULE] = module
        return module.Jieba
