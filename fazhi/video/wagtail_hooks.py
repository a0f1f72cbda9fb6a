from __future__ import annotations

from wagtail import hooks

from fazhi.core.hooks import LOAD_DEMO


@hooks.register(LOAD_DEMO)
def _load_demo(stdout) -> None:
    from fazhi.video.demo import load_demo_video

    load_demo_video(stdout)
