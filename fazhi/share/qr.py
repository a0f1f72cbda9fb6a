"""The QR code a desktop reader scans to open an article on a phone (segno draws the SVG)."""

from __future__ import annotations

from functools import lru_cache

import segno

# segno by default draws the matrix with all 8 masks and keeps the one with the lowest penalty
# score: ≈ 70 % of the QR's cost, and the QR was a third of an exported article's CPU. Any mask
# is a valid code that every reader decodes (the score only avoids patterns that trouble poor
# scanners); mask 4 keeps the drawing cheap. fazhi/share/tests decodes codes drawn this way.
MASK = 4


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url`` (error correction M, regular QR, fixed mask)."""
    return segno.make(url, error="m", micro=False, mask=MASK)


@lru_cache(maxsize=1024)
def qr_svg_inline(url: str, scale: int = 3) -> str:
    """An inline ``<svg>`` of ``url``: the same for every reader, so it may sit in cached HTML."""
    return qr_code(url).svg_inline(
        scale=scale, border=2, title="本文二维码", svgclass="share__qr-code"
    )
