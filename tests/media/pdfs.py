"""PDF files written byte by byte for the document tests: good ones, and every hostile kind
the pipeline refuses (scripts, attachments, inflating streams, endless page trees)."""

from __future__ import annotations

import zlib


def document(objects: list[bytes], *, root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF of `objects` (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer, xref,
    )  # fmt: skip
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)


def one_page(*, catalog: bytes = b"", content: bytes = b"0 0 1 rg 72 72 200 100 re f") -> bytes:
    """A one-page A4 PDF with a blue rectangle; `catalog` adds entries to its catalog."""
    return document(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog,
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(b"", content),
        ]
    )


def with_open_action_script() -> bytes:
    return one_page(catalog=b"/OpenAction << /S /JavaScript /JS (app.alert\\('hi'\\);) >>")


def with_launch_action() -> bytes:
    return one_page(catalog=b"/OpenAction << /S /Launch /F (calc.exe) >>")


def with_xfa_form() -> bytes:
    return one_page(catalog=b"/AcroForm << /Fields [] /XFA (<xdp/>) >>")


def inflating(size: int) -> bytes:
    """One page whose content stream is `size` bytes of spaces, deflated to about a thousandth."""
    packer = zlib.compressobj(9)
    chunk = b" " * (16 * 1024 * 1024)
    packed = bytearray()
    for _ in range(size // len(chunk)):
        packed += packer.compress(chunk)
    packed += packer.flush()
    return document(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(b"/Filter /FlateDecode", bytes(packed)),
        ]
    )


def endless_page_tree() -> bytes:
    """A page tree that claims a billion pages and whose node lists itself as its own child."""
    return document(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 2 0 R 3 0 R] /Count 1000000000 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def pages(count: int) -> bytes:
    """A PDF of `count` blank pages sharing one page tree."""
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(count))
    tree = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>"]
    tree[1] %= (kids, count)
    return document(tree + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count)
