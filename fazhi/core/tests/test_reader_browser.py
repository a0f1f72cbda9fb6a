"""Every public page type in headless Chromium, at phone and desktop widths: axe-core's WCAG 2.1
A/AA rules, no sideways scrolling, 44 px tap targets, 16 px text on phones, keyboard-only use,
the printed article, and what a reader waits for on a slow phone."""

from __future__ import annotations

import pytest

from fazhi.conftest import save_screenshot
from fazhi.core.tests.reader_pages import (
    DESKTOP,
    OVERFLOW_JS,
    PHONE,
    SMALL_TEXT_JS,
    TAP_TARGETS_JS,
    axe_violations,
    build_reader_pages,
    describe,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reader_pages(live_home):
    return build_reader_pages(live_home)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_pages_are_accessible_and_fit_the_screen(live_server, reader_pages, browser, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    problems: dict[str, list[str]] = {}
    for name, path in reader_pages.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")  # comments and live counts are in the DOM
        found = []
        violations = axe_violations(page)
        if violations:
            found.append(describe(violations))
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow > 0:
            found.append(f"scrolls sideways by {overflow}px")
        found += [f"small tap target {t}" for t in page.evaluate(TAP_TARGETS_JS, 44)]
        if viewport is PHONE:
            found += [f"text under 16px: {t}" for t in page.evaluate(SMALL_TEXT_JS, 16)]
        if found:
            problems[name] = found
        save_screenshot(page, f"reader-{name}-{viewport['width']}")
    # Long Chinese paragraphs: airy lines, and a column of at most ~40 characters.
    page.goto(live_server.url + reader_pages.article)
    text = page.evaluate(
        "() => { const p = document.querySelector('.article__body p'), s = getComputedStyle(p);"
        " return {size: parseFloat(s.fontSize), line: parseFloat(s.lineHeight),"
        " width: p.getBoundingClientRect().width, family: s.fontFamily,"
        " fonts: performance.getEntriesByType('resource')"
        ".filter(r => /[.](woff2?|ttf|otf)([?]|$)/.test(r.name)).length}; }"
    )
    context.close()
    assert text["line"] / text["size"] >= 1.6
    assert text["width"] / text["size"] <= 42
    assert "Noto Sans CJK SC" in text["family"] and text["fonts"] == 0  # system fonts only
    assert problems == {}
    # No third-party fonts, scripts or styles: everything comes from the site itself.
    assert outside == []


def test_every_form_field_has_a_label(live_server, reader_pages, browser_page):
    page = browser_page
    for name, path in reader_pages.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        unlabelled = page.evaluate(
            "() => Array.from(document.querySelectorAll("
            "'input:not([type=hidden]), select, textarea'))"
            ".filter(f => !(f.labels && f.labels.length) && !f.getAttribute('aria-label'))"
            ".map(f => f.name)"
        )
        assert unlabelled == [], name


def tab_to(page, accessible_name: str, limit: int = 80) -> None:
    """Presses Tab until the focused element's text, label or value is ``accessible_name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "() => { const e = document.activeElement;"
            " return (e.labels && e.labels[0] ? e.labels[0].textContent : e.textContent || '')"
            ".trim(); }"
        )
        if name == accessible_name:
            return
    raise AssertionError(f"Tab never reached {accessible_name!r}")


def test_keyboard_only_digg_comment_search_and_lookup(live_server, reader_pages, browser_page):
    from fazhi.comments.models import Comment, DiggCount
    from fazhi.staff.demo import DEMO_CORRESPONDENT_CARD

    page = browser_page
    page.goto(live_server.url + reader_pages.article)
    # The shared counts are in (the token comes when the reader digs or enters the form).
    page.wait_for_function("document.querySelector('[data-live=digg_count]').textContent === '0'")
    # The skip link is the first stop and moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")

    tab_to(page, "来顶一下")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('[data-live=digg_count]').textContent === '1'")
    article_id = page.evaluate("+document.querySelector('article').dataset.pageId")
    assert DiggCount.objects.get(page_id=article_id).count == 1

    tab_to(page, "验证码:")
    page.keyboard.type("passed")
    tab_to(page, "匿名发表")
    page.keyboard.press("Space")
    assert page.get_by_label("匿名发表").is_checked()
    tab_to(page, "评论内容")
    page.keyboard.type("键盘也能发表评论。")
    tab_to(page, "发表评论")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "document.querySelector('[data-comment-message]').textContent.includes('评论已提交')"
    )
    assert Comment.objects.filter(text="键盘也能发表评论。", status="pending").exists()

    # Search from the header box, with the keyboard only.
    page.goto(live_server.url + reader_pages.article)
    tab_to(page, "搜索:")
    page.keyboard.type("公共法律服务")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".search-result").count() >= 1
    tab_to(page, "司法行政机关抓党建应做到“四个聚力”")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + reader_pages.article)

    # 人员查询 from the main navigation, then the lookup form.
    tab_to(page, "人员查询")
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + reader_pages.staff)
    tab_to(page, "姓名:")
    page.keyboard.type("董定权")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_CORRESPONDENT_CARD)
    page.keyboard.press("Enter")
    page.wait_for_selector(".staff-card")
    assert page.locator(".badge").inner_text() == "有效"


def test_the_article_prints_cleanly(live_server, reader_pages, browser_page):
    page = browser_page
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + reader_pages.article)
    page.wait_for_load_state("networkidle")
    print_link = page.get_by_role("link", name="打印本页")
    assert print_link.is_visible()
    qr = page.locator(".share__qr svg")
    assert qr.is_visible()  # for desktop readers...
    page.emulate_media(media="print")
    visible = {
        selector: page.locator(selector).first.is_visible()
        for selector in [
            ".article__title",
            ".article__meta",
            ".article__lead",
            ".article__body",
            ".article__editor",
            ".article__url",
            ".site-header",
            ".main-nav",
            ".breadcrumb",
            ".comments",
            ".site-footer",
            ".article__actions",
            ".article__toc",
        ]
    }
    assert visible == {
        ".article__title": True,
        ".article__meta": True,
        ".article__lead": True,
        ".article__body": True,
        ".article__editor": True,
        ".article__url": True,
        ".site-header": False,
        ".main-nav": False,
        ".breadcrumb": False,
        ".comments": False,
        ".site-footer": False,
        ".article__actions": False,
        ".article__toc": False,
    }
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert page.locator(".article__url").inner_text() == f"本文地址：{canonical}"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    os_path = save_screenshot(page, "article-print")
    assert os_path.endswith(".png")
    page.emulate_media(media="screen")
    page.set_viewport_size(PHONE)
    assert not qr.is_visible()  # ...not on phones, which are already holding the page


def test_share_metadata_and_qr_code(live_server, reader_pages, browser_page):
    import io

    import zxingcpp
    from PIL import Image

    page = browser_page
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + reader_pages.article)
    meta = page.evaluate(
        "() => Object.fromEntries(Array.from(document.querySelectorAll("
        "'meta[property^=og], meta[itemprop]')).map(m => ["
        "m.getAttribute('property') || 'itemprop:' + m.getAttribute('itemprop'), m.content]))"
    )
    assert meta["og:title"] == meta["itemprop:name"] == "司法行政机关抓党建应做到“四个聚力”"
    assert meta["og:description"] == meta["itemprop:description"]
    assert meta["og:description"].startswith("最大程度发挥党的建设作用")
    assert meta["og:image"] == meta["itemprop:image"]
    assert meta["og:image"].startswith("http") and meta["og:image"].endswith(".jpg")
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    # The image a WeChat card fetches is there.
    assert page.request.get(
        live_server.url + "/media/" + meta["og:image"].split("/media/", 1)[1]
    ).ok
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert meta["og:url"] == canonical
    shot = page.locator(".share__qr svg").screenshot()
    image = Image.open(io.BytesIO(shot)).resize((400, 400), Image.NEAREST)
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [canonical]


# A mid-range phone on a slow mobile network (Chrome DevTools' "Slow 4G"-like profile).
SLOW_NETWORK = {
    "offline": False,
    "latency": 150,  # ms round trip
    "downloadThroughput": 1_600_000 / 8,  # bytes/s
    "uploadThroughput": 750_000 / 8,
}
CPU_SLOWDOWN = 4
PAGE_WEIGHT_BUDGET = 100 * 1024  # HTML + CSS + JS, before images
LOAD_BUDGET_MS = 4000

WEIGHT_JS = """
() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const parts = {html: nav.encodedBodySize, css: 0, js: 0, json: 0, img: 0};
  for (const r of performance.getEntriesByType('resource')) {
    const path = new URL(r.name).pathname;
    const kind = path.endsWith('.css') ? 'css' : path.endsWith('.js') ? 'js'
      : r.initiatorType === 'img' ? 'img' : 'json';
    parts[kind] += r.encodedBodySize;
  }
  return {parts, load_ms: Math.round(nav.loadEventEnd - nav.startTime),
          dom_ms: Math.round(nav.domContentLoadedEventEnd - nav.startTime)};
}
"""


def test_article_is_light_and_loads_fast_on_a_slow_phone(live_server, reader_pages, browser):
    import json
    import os

    from fazhi.conftest import ARTIFACTS_DIR

    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    for name in ("article", "home", "video"):  # the server makes image renditions once
        page.goto(live_server.url + getattr(reader_pages, name), wait_until="load")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    report = {}
    for name in ("article", "home", "video"):
        path = getattr(reader_pages, name)
        page.goto(live_server.url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        report[name] = page.evaluate(WEIGHT_JS)
    page.goto(live_server.url + reader_pages.article, wait_until="load")
    # The cover sits below the first screen on a phone: scroll to it, the lazy image loads.
    cover = page.locator(".article__cover img")
    cover.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('.article__cover img').complete"
        " && document.querySelector('.article__cover img').currentSrc !== ''"
    )
    images = page.evaluate(
        "() => Array.from(document.querySelectorAll('.article__cover img, .article__body img')).map(i => ({"
        " width: i.getAttribute('width'), height: i.getAttribute('height'),"
        " loading: i.loading, srcset: i.srcset, sizes: i.sizes, current: i.currentSrc}))"
    )
    # Nothing in <head> waits on another site, and scripts never block the first paint.
    head = page.evaluate(
        "() => Array.from(document.querySelectorAll('link[rel=stylesheet], script[src]'))"
        ".map(e => ({url: e.href || e.src, defer: e.defer || e.async,"
        " script: e.tagName === 'SCRIPT'}))"
    )
    context.close()
    os.makedirs(ARTIFACTS_DIR, exist_ok=True)
    with open(os.path.join(ARTIFACTS_DIR, "page-weights.json"), "w") as out:
        json.dump(report, out, indent=2)

    article = report["article"]
    weight = sum(v for k, v in article["parts"].items() if k in ("html", "css", "js"))
    assert weight < PAGE_WEIGHT_BUDGET, report
    assert article["load_ms"] < LOAD_BUDGET_MS, report
    assert len(images) == 2  # cover and the picture in the body
    for image in images:
        assert int(image["width"]) > 0 and int(image["height"]) > 0, image
        assert image["loading"] == "lazy" and image["sizes"], image
        assert image["srcset"].count("w,") >= 1, image
    # On a phone the browser picks the smallest rendition of the cover, not the 1440 px one.
    assert "width-480" in images[0]["current"], images[0]
    for asset in head:
        assert asset["url"].startswith(live_server.url), asset
        # One exception: the 字号 script (a few hundred bytes, same origin) must set the
        # reader's size before the first paint, or the text would move (fazhi.share).
        if asset["script"] and not asset["url"].endswith("/share/js/font-size.js"):
            assert asset["defer"], asset
