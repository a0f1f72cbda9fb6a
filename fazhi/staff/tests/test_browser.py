"""A reader checks the correspondent 董定权 in a real headless Chromium, by lookup and by QR code."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from fazhi.conftest import save_screenshot
from fazhi.importers.demo import SEED_PAGE, ensure_channels
from fazhi.importers.pages import import_file
from fazhi.staff.demo import DEMO_CORRESPONDENT_CARD, load_demo_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_verifies_the_correspondent(live_server, live_home, browser_page, settings):
    settings.STAFF_LOOKUP_MIN_SECONDS = 0.05
    settings.BASE_URL = live_server.url
    ensure_channels(live_home)
    article = import_file(SEED_PAGE, live_home)[0].page
    load_demo_staff(io.StringIO())  # links the seed article's byline too
    page = browser_page

    page.goto(live_server.url + article.url)
    mark = page.locator(".article__byline a.verified-mark")
    assert mark.inner_text() == "✔ 已核验"
    mark.click()
    page.wait_for_url("**/staff/v/**")
    assert page.locator(".staff-card__name").inner_text() == "董定权"
    verify_url = page.url

    page.get_by_role("link", name="人员查询").first.click()
    page.wait_for_url(live_server.url + "/staff/")
    assert page.get_by_text("工作证不是新闻记者证").is_visible()
    page.get_by_label("姓名").fill("董定权")
    page.get_by_label("工作证号").fill(DEMO_CORRESPONDENT_CARD.lower())
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector(".staff-card")
    assert page.locator(".badge").inner_text() == "有效"
    assert page.locator(".staff-card__photo img").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    save_screenshot(page, "staff-lookup-375")

    page.get_by_label("姓名").fill("董定")
    page.get_by_label("工作证号").fill(DEMO_CORRESPONDENT_CARD)
    page.get_by_role("button", name="查询").click()
    page.wait_for_selector(".staff-none")
    assert page.locator(".staff-none").inner_text() == "查无此人"

    # The SVG QR code, as the browser draws it, scans back to the verification URL.
    page.set_viewport_size({"width": 600, "height": 600})
    page.goto(verify_url + "qr.svg")
    shot = page.screenshot()
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert [d.text for d in decoded] == [verify_url]
