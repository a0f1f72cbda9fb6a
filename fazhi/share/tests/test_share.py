"""The share image choice and the article QR code, as plain functions."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from fazhi.news.factories import make_article
from fazhi.share.images import share_image
from fazhi.share.qr import BORDER, qr_modules, qr_svg_inline


def _image(title: str) -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "#336699").save(buffer, "PNG")
    image = Image(title=title, file=ImageFile(buffer, name=f"{title}.png"))
    image.save()
    return image


def test_qr_code_is_an_inline_svg_with_a_title():
    svg = qr_svg_inline("https://www.example.cn/xjzs/20190828-113351/")
    assert svg.startswith("<svg") and "<title>本文二维码</title>" in svg
    assert "<?xml" not in svg  # fit to sit inside the HTML
    assert qr_svg_inline("https://www.example.cn/xjzs/20190828-113351/") is svg  # cached


def modules_of_svg(svg: str) -> set[tuple[int, int]]:
    """The dark modules (x, y) the SVG path draws, read back from its moves and lines."""
    path = re.search(r' d="([^"]*)"', svg).group(1)
    dark, x, y = set(), 0, 0
    for op, a, b in re.findall(r"([Mmh])(\d+(?:\.5)?)(?: (\d+(?:\.5)?))?", path):
        if op == "M":
            x, y = int(a), int(float(b))
        elif op == "m":
            x, y = x + int(a), y + int(float(b))
        else:
            dark.update((x + i, y) for i in range(int(a)))
            x += int(a)
    return dark


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.cn/xjzs/20190828-113351/",
        "http://127.0.0.1/bench-3/a123/",
        "https://www.example.cn/" + "fazhi-zhuanti/" * 8 + "20261126-095500/",
    ],
)
def test_qr_code_scans_back_to_the_url(url):
    rows = qr_modules(url)
    # The inline SVG draws exactly these modules, inside its quiet zone.
    svg = qr_svg_inline(url)
    expected = {
        (x + BORDER, y + BORDER) for y, row in enumerate(rows) for x, v in enumerate(row) if v == 0
    }
    assert modules_of_svg(svg) == expected
    size = len(rows) + 2 * BORDER
    assert f'width="{size * 3}" height="{size * 3}"' in svg
    # And the modules, drawn as a picture, decode to the URL.
    picture = PILImage.new("L", (size, size), 255)
    for x, y in expected:
        picture.putpixel((x, y), 0)
    picture = picture.resize((size * 8, size * 8), PILImage.NEAREST)
    assert [c.text for c in zxingcpp.read_barcodes(picture)] == [url]


@pytest.mark.django_db
def test_share_image_is_the_cover_else_the_first_body_picture(channel):
    article = make_article(channel, "无图文章")
    assert share_image(article) is None
    body_picture = _image("正文图")
    article.body = [
        ("paragraph", "<p>第一段</p>"),
        ("image", {"image": body_picture, "caption": "说明"}),
        ("image", {"image": _image("第二张"), "caption": ""}),
    ]
    assert share_image(article) == body_picture
    article.cover_image = _image("封面")
    assert share_image(article) == article.cover_image
