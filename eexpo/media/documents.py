"""Documents (PDF): checked by `pdf_check.py` in a child process under CPU and memory limits,
refused in words when they cannot be published, and their first page drawn for a thumbnail."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from PIL import Image

from eexpo.media.images import MediaRejected

CHECKER = Path(__file__).with_name("pdf_check.py")
CONTENT_TYPE = "application/pdf"


@dataclass(frozen=True)
class CheckedDocument:
    pages: int
    first_page: Image.Image


def check_document(
    path: str, *, max_pages: int, cpu_seconds: int, max_bytes: int
) -> CheckedDocument:
    """The PDF at `path`, checked; raises MediaRejected with the reason a reader would want."""
    with tempfile.TemporaryDirectory(prefix="eexpo-pdf-") as folder:
        thumbnail = Path(folder) / "page-1.png"
        command = [sys.executable, "-I", str(CHECKER), path, str(thumbnail), str(max_pages),
                   str(cpu_seconds), str(max_bytes)]  # fmt: skip
        try:
            done = subprocess.run(  # noqa: S603 (our own script, on a file we named)
                command, capture_output=True, timeout=2 * cpu_seconds + 10, check=False
            )
            result = json.loads(done.stdout or b"null")
        except (subprocess.TimeoutExpired, ValueError):
            result = None
        if not isinstance(result, dict):  # ended by the limits before it could say anything
            result = {"refused": "resources"}
        if "refused" in result:
            raise MediaRejected(_refusal(result, max_pages))
        with Image.open(io.BytesIO(thumbnail.read_bytes()), formats=["PNG"]) as drawn:
            drawn.load()
            return CheckedDocument(int(result["pages"]), drawn.copy())


def _refusal(result: dict, max_pages: int) -> object:
    reason = result["refused"]
    if reason == "not_pdf":
        return _l("This file is not a PDF document.")
    if reason == "encrypted":
        return _l("This PDF is password-protected or encrypted; send one that anybody can open.")
    if reason == "active":
        return _l(
            "This PDF contains scripts, actions, attached files or forms (%(found)s); export it "
            "again as a plain PDF.",
            found=str(result.get("found", ""))[:40],
        )
    if reason == "pages":
        return lazy_ngettext(
            "This PDF has %(num)d page; the limit is %(limit)d.",
            "This PDF has %(num)d pages; the limit is %(limit)d.",
            int(result.get("pages", 0)),
            limit=max_pages,
        )
    if reason == "resources":
        return _l(
            "This PDF takes too much time or memory to open; export it again, or make it smaller."
        )
    return _l("This PDF is damaged or incomplete; export or upload it again.")


def download_name(filename: str | None) -> str:
    """The name a visitor's browser saves the document under: the uploader's, in plain letters
    (`Brochure SiC 2026 (final).pdf` saves as `brochure-sic-2026-final.pdf`)."""
    name = filename or ""
    if name.lower().endswith(".pdf"):
        name = name[:-4]
    letters = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", letters.lower()).strip("-")[:80].strip("-")
    return f"{words or 'document'}.pdf"
