"""Checking PDFs: seconds and the checking process's peak memory per file, for a brochure and for
every hostile kind the pipeline refuses. Each case runs in an interpreter of its own, so the
peak read from its children's rusage is that case's alone.

    python -m benchmarks.documents
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pypdf

from eexpo.media.generate import make_brochure
from tests.media import pdfs

GiB = 1024**3
# The defaults of EEXPO_DOCUMENT_CHECK_SECONDS and EEXPO_DOCUMENT_CHECK_BYTES, and the page limit.
CPU_SECONDS, MAX_BYTES, MAX_PAGES = 30, GiB, 200

_ONE = """
import json, resource, sys, time
from eexpo import create_app
from eexpo.media.documents import check_document
from eexpo.media.images import MediaRejected
with create_app({"TESTING": True}).app_context():
    path, pages, seconds, most = sys.argv[1], *map(int, sys.argv[2:5])
    started = time.perf_counter()
    try:
        checked = check_document(path, max_pages=pages, cpu_seconds=seconds, max_bytes=most)
        outcome = f"accepted, {checked.pages} pages"
    except MediaRejected as refused:
        outcome = "refused: " + refused.message
    seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak, "outcome": outcome}))
"""


def _written(writer: pypdf.PdfWriter, change) -> bytes:
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def cases() -> list[tuple[str, bytes]]:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("brochure.txt", "not a PDF")
    brochure = make_brochure("Pearl River Microelectronics", ["SiC wafers", "GaN epitaxy"], 20)
    encrypted = _written(pypdf.PdfWriter(clone_from=io.BytesIO(pdfs.one_page())),
                         lambda w: w.encrypt("secret"))  # fmt: skip
    return [
        ("brochure, 20 pages", brochure),
        (f"{MAX_PAGES} blank pages (the limit)", pdfs.pages(MAX_PAGES)),
        ("5,000 blank pages", pdfs.pages(5000)),
        ("/OpenAction JavaScript", pdfs.with_open_action_script()),
        ("encrypted", encrypted),
        ("truncated", brochure[: len(brochure) // 2]),
        ("ZIP named .pdf", archive.getvalue()),
        ("content stream inflating to 2 GiB", pdfs.inflating(2 * GiB)),
        ("page tree of 10^9 pages", pdfs.endless_page_tree()),
    ]


def main() -> None:
    print(f"== documents: each PDF checked in a child limited to {CPU_SECONDS} s of CPU and "
          f"{MAX_BYTES // 2**20} MiB, {MAX_PAGES} pages at most")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for label, data in cases():
            path = Path(folder) / "case.pdf"
            path.write_bytes(data)
            done = subprocess.run(  # noqa: S603 - our own script
                [sys.executable, "-c", _ONE, str(path), str(MAX_PAGES), str(CPU_SECONDS),
                 str(MAX_BYTES)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"   {label:<36} {len(data) / 1024:>8.0f} KiB  {result['seconds']:6.2f} s  "
                  f"peak {result['peak_mib']:>5} MiB   {result['outcome'][:70]}")  # fmt: skip


if __name__ == "__main__":
    main()
