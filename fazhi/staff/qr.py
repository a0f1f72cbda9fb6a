"""QR codes of verification URLs, for printing on work cards (segno writes PNG and SVG itself)."""

from __future__ import annotations

import io

import segno


def qr_png(url: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    # Error correction "M" survives a scuffed laminated card; a 4-module quiet zone as the spec asks.
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(url: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=scale, border=4, title="人员核验二维码"
    )
    return out.getvalue()
