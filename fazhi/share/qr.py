"""The QR code a desktop reader scans to open an article on a phone (segno draws the SVG)."""

from __future__ import annotations

from functools import lru_cache

import segno


@lru_cache(maxsize=1024)
def qr_svg_inline(url: str, scale: int = 3) -> str:
    """An inline ``<svg>`` of ``url``: the same for every reader, so it may sit in cached HTML."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=scale, border=2, title="本文二维码", svgclass="share__qr-code")
