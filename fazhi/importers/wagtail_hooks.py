"""How the importers plug into the core: the demo channels and articles of ``fazhi load_demo``."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from fazhi.core.hooks import LOAD_DEMO, LOAD_DEMO_CONTENT_ORDER


@hooks.register(LOAD_DEMO, order=LOAD_DEMO_CONTENT_ORDER)
def _load_demo(stdout: Any) -> None:
    from fazhi.importers.demo import load_demo

    load_demo(stdout)
