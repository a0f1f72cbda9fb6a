"""The QR code a desktop reader scans to open an article on a phone.

zxing-cpp encodes it (C++: the matrix and the best of the 8 masks in ≈ 0.3 ms); the SVG path is
written here from the modules. segno, in Python, took ≈ 1.8 ms of CPU for the same code even
with a fixed mask, and every exported article draws one (profiled: the largest single cost of
an article after the template itself). fazhi/share/tests decodes the codes drawn this way.
"""

from __future__ import annotations

import re
from functools import lru_cache

import zxingcpp

BORDER = 2  # quiet zone, in modules (readers on a screen need little: the page is white)
TITLE = "本文二维码"
_DARK = re.compile(rb"\x00+")


def qr_modules(url: str) -> list[bytes]:
    """The code of ``url`` (error correction M, regular QR) as rows of modules without the
    quiet zone, one byte per module: 0 dark, 255 light."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    height, width = image.shape
    data = image.tobytes()
    return [data[y * width : (y + 1) * width] for y in range(height)]


def svg_path(rows: list[bytes], border: int = BORDER) -> str:
    """The ``d`` of one stroked path drawing every run of dark modules (1 unit per module):
    per row a move to the first run's middle line, then relative moves between runs."""
    parts: list[str] = []
    for y, row in enumerate(rows):
        end = None
        for run in _DARK.finditer(row):
            if end is None:
                parts.append(f"M{run.start() + border} {y + border}.5")
            else:
                parts.append(f"m{run.start() - end} 0")
            parts.append(f"h{run.end() - run.start()}")
            end = run.end()
    return "".join(parts)


@lru_cache(maxsize=1024)
def qr_svg_inline(url: str, scale: int = 3) -> str:
    """An inline ``<svg>`` of ``url``: the same for every reader, so it may sit in cached HTML.
    The URL only shapes the path (digits), so nothing here needs escaping."""
    rows = qr_modules(url)
    size = (len(rows) + 2 * BORDER) * scale
    return (
        f'<svg width="{size}" height="{size}" class="share__qr-code"><title>{TITLE}</title>'
        f'<path transform="scale({scale})" class="qrline" stroke="#000" d="{svg_path(rows)}"/>'
        "</svg>"
    )
