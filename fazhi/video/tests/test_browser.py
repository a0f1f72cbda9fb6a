"""A reader plays the demo video in a real headless Chromium."""

from __future__ import annotations

import io

import pytest

from fazhi.conftest import save_screenshot
from fazhi.importers.demo import ensure_channels
from fazhi.video.demo import load_demo_video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_video_plays_its_first_second(live_server, live_home, browser_page):
    ensure_channels(live_home)
    video = load_demo_video(io.StringIO())
    page = browser_page
    requests: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda r: requests.append((r.url, r.status)) if "/media/video/" in r.url else None,
    )

    page.goto(live_server.url + "/video/")
    page.get_by_role("link", name=video.title).first.click()
    page.wait_for_url(live_server.url + video.url)
    player = page.locator("video")
    assert player.get_attribute("poster").endswith(".jpg")
    # Muted autoplay is allowed without a user gesture; wait until a second has played.
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
    )
    page.wait_for_function(
        "() => document.querySelector('video').currentTime >= 1.0", timeout=15000
    )
    state = page.evaluate(
        "() => { const v = document.querySelector('video');"
        " return {error: v.error && v.error.code, width: v.videoWidth, duration: v.duration}; }"
    )
    assert state["error"] is None
    assert state["width"] == 160
    assert abs(state["duration"] - 2.0) < 0.2
    assert any(status in (200, 206) for _, status in requests), requests
    # Seeking works, and the dev server answers the browser's range requests with 206.
    page.evaluate(
        "() => new Promise(ok => { const v = document.querySelector('video');"
        " v.addEventListener('seeked', ok, {once: true}); v.currentTime = 1.5; })"
    )
    partial = page.evaluate(
        "async (url) => { const r = await fetch(url, {headers: {Range: 'bytes=10-109'}});"
        " return [r.status, (await r.arrayBuffer()).byteLength]; }",
        video.video_file.url,
    )
    assert partial == [206, 100]
    save_screenshot(page, "video-demo-375")
