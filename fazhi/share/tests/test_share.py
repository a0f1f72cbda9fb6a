"""The share image choice and the article QR code, as plain functions."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from fazhi.news.factories import make_article
from fazhi.share.images import share_image
from fazhi.share.qr import qr_code, qr_svg_inline


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


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.cn/xjzs/20190828-113351/",
        "http://127.0.0.1/bench-3/a123/",
        "https://www.example.cn/" + "fazhi-zhuanti/" * 8 + "20261126-095500/",
    ],
)
def test_qr_code_scans_back_to_the_url(tmp_path, url):
    # The code drawn with the fixed mask (not segno's best-of-8) must still decode.
    qr_code(url).save(tmp_path / "qr.png", scale=8)
    assert [c.text for c in zxingcpp.read_barcodes(PILImage.open(tmp_path / "qr.png"))] == [url]
    # The inline SVG draws the same matrix.
    assert qr_code(url).svg_inline(
        scale=3, border=2, title="本文二维码", svgclass="share__qr-code"
    ) == qr_svg_inline(url)


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
