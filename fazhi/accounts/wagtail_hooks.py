"""How reader accounts plug into the core: the demo reader of ``fazhi load_demo``."""

from __future__ import annotations

from typing import Any

from wagtail import hooks

from fazhi.core.hooks import LOAD_DEMO, LOAD_DEMO_ACCOUNTS_ORDER


@hooks.register(LOAD_DEMO, order=LOAD_DEMO_ACCOUNTS_ORDER)
def _load_demo(stdout: Any) -> None:
    from fazhi.accounts.demo import load_demo

    load_demo(stdout)
