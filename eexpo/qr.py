"""QR codes that take a phone from a physical stand (or a printed page) to an e-booth."""

from __future__ import annotations

import io

import segno
from flask import Response


def svg(data: str) -> bytes:
    """A scalable code with a quiet zone, dark on white, that prints crisply at any size."""
    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="svg", scale=4, border=4, xmldecl=False)
    return out.getvalue()


def png(data: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def response(data: str, kind: str) -> Response:
    """The code as an SVG or PNG response."""
    if kind == "svg":
        return Response(svg(data), mimetype="image/svg+xml")
    return Response(png(data), mimetype="image/png")
