"""Documents (PDF) through the upload protocol, on the local store and on S3: a brochure becomes a
download with a picture of its first page; every hostile kind of PDF is refused in words, within
bounded time and memory, and leaves nothing in the store."""

from __future__ import annotations

import io
import zipfile

import pypdf
import pytest

from eexpo.extensions import db
from eexpo.media import documents
from eexpo.media.generate import make_brochure
from eexpo.models import MediaItem
from eexpo.storage import get_storage
from tests.media import pdfs
from tests.media.uploads import Exhibitor, upload

MiB = 1024 * 1024
PDF = {"kind": "document", "filename": "SiC brochure 2026.pdf", "content_type": "application/pdf"}


@pytest.fixture
def exhibitor(backend, app, client, make) -> Exhibitor:
    return Exhibitor(client, make)


def _rewritten(data: bytes, change) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _brochure(pages: int = 2) -> bytes:
    return make_brochure("SiC power", ["Wafers", "Gate drivers"], pages)


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("brochure.txt", "not a PDF")
    return out.getvalue()


def test_a_brochure_becomes_a_download_with_a_picture_of_its_first_page(exhibitor, browser):
    brochure = _brochure()
    media = upload(exhibitor, browser, brochure, **PDF)
    assert media["status"] == "ready", media["error"]
    assert (media["kind"], media["page_count"], media["size"]) == ("document", 2, len(brochure))
    saved = browser.request("GET", media["url"])
    assert saved.status_code == 200
    assert saved.headers["Content-Type"] == "application/pdf"
    assert saved.headers["Content-Disposition"].startswith(
        'attachment; filename="sic-brochure-2026.pdf"'
    )
    assert saved.content == brochure
    picture = browser.request("GET", media["poster_url"])
    assert picture.status_code == 200
    assert picture.content[:4] == b"RIFF"
    assert {v["content_type"] for v in media["variants"]} == {"image/webp", "image/jpeg"}


HOSTILE = {
    "script on opening": (pdfs.with_open_action_script, "contains scripts, actions"),
    "launch action": (pdfs.with_launch_action, "contains scripts, actions"),
    "XFA form": (pdfs.with_xfa_form, "contains scripts, actions"),
    "embedded file": (
        lambda: _rewritten(pdfs.one_page(), lambda w: w.add_attachment("run.exe", b"MZ")),
        "attached files",
    ),
    "encrypted": (
        lambda: _rewritten(pdfs.one_page(), lambda w: w.encrypt("secret")),
        "password-protected or encrypted",
    ),
    "truncated": (
        lambda: _brochure()[:6000],
        "damaged or incomplete",
    ),
    "HTML named .pdf": (lambda: b"<!doctype html><script>alert(1)</script>", "not a PDF"),
    "ZIP named .pdf": (_zip, "not a PDF"),
    "5,000 pages": (lambda: pdfs.pages(5000), "has 5000 pages; the limit is 200"),
    "endless page tree": (pdfs.endless_page_tree, "damaged or incomplete"),
}


@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_hostile_pdfs_are_refused_in_words_and_nothing_is_kept(exhibitor, browser, case):
    make, reason = HOSTILE[case]
    media = upload(exhibitor, browser, make(), **PDF)
    assert media["status"] == "failed"
    assert reason in media["error"]
    uuid = db.session.get(MediaItem, media["id"]).uuid
    assert list(get_storage().keys(f"media/{uuid}/")) == []


@pytest.fixture(scope="session")
def inflating_pdf() -> bytes:
    """2 MB on disk, a content stream of 640 MiB once inflated."""
    return pdfs.inflating(640 * MiB)


@pytest.fixture
def tight_limits(app_config) -> None:
    app_config.update(DOCUMENT_CHECK_BYTES=256 * MiB, DOCUMENT_CHECK_SECONDS=20)


def test_a_stream_inflating_past_the_memory_limit_is_refused(tight_limits, inflating_pdf, tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(inflating_pdf)
    with pytest.raises(documents.MediaRejected, match="too much time or memory"):
        documents.check_document(str(path), max_pages=200, cpu_seconds=20, max_bytes=256 * MiB)


def test_the_check_ends_a_pdf_that_takes_longer_than_its_cpu_time(inflating_pdf, tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(inflating_pdf)
    with pytest.raises(documents.MediaRejected, match="too much time or memory"):
        documents.check_document(str(path), max_pages=200, cpu_seconds=1, max_bytes=4096 * MiB)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"size": 51 * MiB}, "larger than the limit of 50 MiB"),
        ({"content_type": "application/zip"}, "documents PDF files"),
        ({"kind": "document", "content_type": "image/jpeg"}, "must be one of: 'application/pdf'"),
    ],
)
def test_documents_over_the_limit_or_of_another_type_are_refused_at_the_start(
    exhibitor, fields, message
):
    answer = exhibitor.start(**{**PDF, "size": 1000, **fields})
    assert answer.status_code == 422
    assert message in answer.json["error"]["message"]


def _save_blocks(exhibitor, blocks):
    path = f"/booths/{exhibitor.booth.id}/draft"
    version = exhibitor.call("GET", path).json["version"]
    return exhibitor.call("PATCH", path, {"version": version, "blocks": blocks})


def test_a_document_block_shows_the_download_on_the_published_page(
    exhibitor, browser, client, make
):
    media = upload(exhibitor, browser, _brochure(3), **PDF)
    blocks = [{"type": "document", "media_id": media["id"], "caption": "Product brochure"}]
    draft = _save_blocks(exhibitor, blocks)
    assert draft.status_code == 200, draft.json
    make.publish(exhibitor.booth)
    page = client.get(f"/booths/{exhibitor.booth.id}").get_data(as_text=True)
    assert "Product brochure</a>" in page
    assert "3 pages" in page
    assert "data-count-download" in page


def test_a_photo_is_not_a_document_block(exhibitor, browser, make):
    from eexpo.media.generate import make_photo

    photo = upload(exhibitor, browser, make_photo(400, 300))
    draft = _save_blocks(exhibitor, [{"type": "document", "media_id": photo["id"]}])
    assert draft.status_code == 422
    assert "needs one of your organization's document files" in draft.json["error"]["message"]


@pytest.mark.parametrize(
    ("filename", "saved"),
    [
        ("SiC brochure 2026 (final).pdf", "sic-brochure-2026-final.pdf"),
        ("碳化硅手册.pdf", "document.pdf"),
        ("Überblick.PDF", "uberblick.pdf"),
        (None, "document.pdf"),
    ],
)
def test_a_document_downloads_under_a_plain_name_made_from_the_uploaders(filename, saved):
    assert documents.download_name(filename) == saved
