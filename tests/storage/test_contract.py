"""One contract for every store: what the local backend does, S3 (SeaweedFS on loopback, which
enforces signatures, expiry and POST policies as AWS does) does too, refusals included.

Browser-side requests go over HTTP exactly as a browser would send them: to the app for the
local store (its URLs are the app's own), to the S3 endpoint for the S3 store.
"""

from __future__ import annotations

import os
import time

import pytest

from eexpo.storage import Part, StorageError
from eexpo.storage.local import LocalStorage
from eexpo.storage.s3 import S3Storage

MiB = 1024 * 1024


@pytest.fixture(params=["local", "s3"])
def storage(request, app, tmp_path):
    """The store under test, installed as the app's store so its URLs are served."""
    if request.param == "local":
        store = LocalStorage(tmp_path / "media", app.config["SECRET_KEY"])
    else:
        bucket = request.getfixturevalue("s3_bucket")
        store = S3Storage(bucket, endpoint_url=request.getfixturevalue("s3_endpoint"))
    app.extensions["eexpo.storage"] = store
    return store


def _post_upload(browser, upload, data: bytes, filename="photo.jpg"):
    import io

    return browser.request(
        "POST",
        upload["url"],
        data=upload["fields"],
        files={"file": (filename, io.BytesIO(data))},
    )


def test_presigned_post_stores_the_file(storage, browser):
    upload = storage.presigned_post(
        "media/a/original", content_type="image/jpeg", max_size=MiB, expires_in=600
    )
    assert upload["method"] == "POST"
    response = _post_upload(browser, upload, b"\xff\xd8 jpeg bytes")
    assert response.status_code in (200, 201, 204)
    info = storage.head("media/a/original")
    assert info.size == len(b"\xff\xd8 jpeg bytes")
    assert info.content_type == "image/jpeg"
    assert storage.read("media/a/original") == b"\xff\xd8 jpeg bytes"


def _tampered(upload):
    """The upload with its signature changed: S3's is a form field, the local store's in the URL."""
    fields = upload["fields"]
    if "x-amz-signature" in fields:
        signature = fields["x-amz-signature"]
        forged = "0" * 4 if signature[-4:] != "0000" else "1" * 4
        return {**upload, "fields": {**fields, "x-amz-signature": signature[:-4] + forged}}
    return {**upload, "url": upload["url"][:-4] + "AAAA"}


def test_the_store_itself_refuses_what_the_policy_does_not_allow(storage, browser):
    key = "media/a/original"
    upload = storage.presigned_post(key, content_type="image/png", max_size=10, expires_in=600)
    too_big = _post_upload(browser, upload, b"x" * 11)
    assert too_big.status_code in (400, 413)
    other_type = {**upload, "fields": {**upload["fields"], "Content-Type": "text/html"}}
    other_key = {**upload, "fields": {**upload["fields"], "key": "media/b/original"}}
    expired = storage.presigned_post(key, content_type="image/png", max_size=10, expires_in=-1)
    for refused in (other_type, other_key, _tampered(upload), expired):
        assert _post_upload(browser, refused, b"x").status_code == 403
    assert storage.head(key) is None
    assert storage.head("media/b/original") is None
    assert _post_upload(browser, upload, b"x" * 10).status_code in (200, 201, 204)
    assert storage.read(key) == b"x" * 10


def test_signed_download_links_expire_and_refuse_tampering(storage, browser):
    storage.put("media/p/original", b"secret draft", content_type="image/png", immutable=False)
    url = storage.url("media/p/original", public=False, expires_in=60)
    assert browser.request("GET", url).status_code == 200
    expiring = storage.url("media/p/original", public=False, expires_in=1)
    time.sleep(2.1)
    assert browser.request("GET", expiring).status_code == 403
    signature = "X-Amz-Signature=" if "X-Amz-Signature=" in url else "t="
    head, _sep, tail = url.partition(signature)
    forged = f"{head}{signature}{'0' * 8}{tail[8:]}"
    assert forged != url
    assert browser.request("GET", forged).status_code == 403


def _multipart(storage, browser, key, sizes):
    upload_id = storage.create_multipart(key, content_type="video/mp4")
    urls = storage.presigned_part_urls(
        key, upload_id, list(range(1, len(sizes) + 1)), expires_in=600
    )
    chunks = [os.urandom(size) for size in sizes]
    etags = []
    for number, chunk in enumerate(chunks, start=1):
        response = browser.request("PUT", urls[number], data=chunk)
        assert response.status_code == 200
        etags.append(response.headers["ETag"])
    return upload_id, chunks, etags


def test_multipart_upload_resumes_from_the_stored_parts(storage, browser):
    key = "media/v/original"
    upload_id, chunks, etags = _multipart(storage, browser, key, [5 * MiB, 1000])
    stored = storage.list_parts(key, upload_id)
    assert [(p.part_number, p.size) for p in stored] == [(1, 5 * MiB), (2, 1000)]
    assert [p.etag.strip('"') for p in stored] == [e.strip('"') for e in etags]
    assert any(u.upload_id == upload_id for u in storage.pending_uploads())
    storage.complete_multipart(key, upload_id, stored)
    assert storage.head(key).size == 5 * MiB + 1000
    assert storage.read(key, start=5 * MiB - 2, length=4) == chunks[0][-2:] + chunks[1][:2]
    assert not any(u.upload_id == upload_id for u in storage.pending_uploads())


def test_completing_with_a_part_never_uploaded_fails(storage, browser):
    key = "media/v/original"
    upload_id, _chunks, etags = _multipart(storage, browser, key, [5 * MiB])
    with pytest.raises(StorageError):
        storage.complete_multipart(
            key, upload_id, [Part(1, etags[0], 5 * MiB), Part(2, '"0000"', 10)]
        )
    assert storage.head(key) is None


def test_abort_discards_the_parts(storage, browser):
    key = "media/v/original"
    upload_id, _chunks, _etags = _multipart(storage, browser, key, [1000])
    storage.abort_multipart(key, upload_id)
    assert not any(u.upload_id == upload_id for u in storage.pending_uploads())
    with pytest.raises(StorageError):
        storage.list_parts(key, upload_id)
    assert storage.head(key) is None


def test_put_read_list_delete(storage):
    storage.put("media/x/w320.webp", b"RIFF....WEBP", content_type="image/webp", immutable=True)
    storage.put("media/x/w960.webp", b"RIFF", content_type="image/webp", immutable=True)
    storage.put("media/y/w320.webp", b"RIFF", content_type="image/webp", immutable=True)
    assert list(storage.keys("media/x/")) == ["media/x/w320.webp", "media/x/w960.webp"]
    assert storage.head("media/x/w320.webp").content_type == "image/webp"
    storage.delete(["media/x/w320.webp", "media/x/w960.webp"])
    assert list(storage.keys("media/")) == ["media/y/w320.webp"]
    assert storage.head("media/x/w320.webp") is None
    with pytest.raises(StorageError):
        storage.read("media/x/w320.webp")


def test_deleting_what_was_never_stored_is_a_no_op(storage):
    storage.delete(["media/never-written/original", "media/never-written/w320.webp"])
    assert list(storage.keys("media/")) == []


def test_read_url_serves_ranges(storage, browser):
    data = bytes(range(256)) * 40
    storage.put("media/r/original", data, content_type="video/mp4", immutable=False)
    url = storage.url("media/r/original", public=False, expires_in=600)
    whole = browser.request("GET", url)
    assert whole.status_code == 200
    assert whole.content == data
    assert whole.headers["Content-Type"] == "video/mp4"
    part = browser.request("GET", url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.content == data[100:200]
    assert part.headers["Content-Range"] == f"bytes 100-199/{len(data)}"


def test_an_object_with_a_download_name_is_saved_never_shown(storage, browser):
    storage.put("media/d/document.pdf", b"%PDF-1.7 ...", content_type="application/pdf",
                immutable=True, download_name="Katalog Übersicht.pdf")  # fmt: skip
    info = storage.head("media/d/document.pdf")
    assert (info.content_type, info.download_name) == ("application/pdf", "Katalog Übersicht.pdf")
    for public in (True, False):
        saved = browser.request("GET", storage.url("media/d/document.pdf", public=public,
                                                   expires_in=600))  # fmt: skip
        assert saved.status_code == 200
        assert saved.headers["Content-Type"] == "application/pdf"
        assert saved.headers["Content-Disposition"] == (
            'attachment; filename="Katalog _bersicht.pdf"; '
            "filename*=UTF-8''Katalog%20%C3%9Cbersicht.pdf"
        )
    storage.put("media/d/w320.webp", b"RIFF", content_type="image/webp", immutable=True)
    assert storage.head("media/d/w320.webp").download_name is None
    shown = browser.request("GET", storage.url("media/d/w320.webp", public=True, expires_in=60))
    assert not shown.headers.get("Content-Disposition", "").startswith("attachment")


def test_local_public_urls_are_stable_and_cacheable(app, browser, tmp_path):
    storage = LocalStorage(tmp_path / "media", app.config["SECRET_KEY"])
    app.extensions["eexpo.storage"] = storage
    storage.put("media/p/w960.webp", b"RIFFxxxxWEBP", content_type="image/webp", immutable=True)
    url = storage.url("media/p/w960.webp", public=True, expires_in=60)
    assert url == storage.url("media/p/w960.webp", public=True, expires_in=60)
    response = browser.request("GET", url)
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["ETag"]
    private = browser.request("GET", storage.url("media/p/w960.webp", public=False, expires_in=60))
    assert private.headers["Cache-Control"].startswith("private")


def test_local_download_links_are_checked(app, browser, tmp_path):
    storage = LocalStorage(tmp_path / "media", app.config["SECRET_KEY"])
    app.extensions["eexpo.storage"] = storage
    storage.put("media/p/original", b"secret draft", content_type="image/png", immutable=False)
    storage.put("media/q/original", b"other", content_type="image/png", immutable=False)
    url = storage.url("media/p/original", public=False, expires_in=60)
    assert browser.request("GET", url.split("?")[0]).status_code == 403
    assert browser.request("GET", url.replace("media/p/", "media/q/")).status_code == 403
    expired = storage.url("media/p/original", public=False, expires_in=-1)
    assert browser.request("GET", expired).status_code == 403
    made_public = url.replace("?t=0.", "?t=1.")  # a draft's grant turned into a public one
    assert made_public != url
    assert browser.request("GET", made_public).status_code == 403
    for token in ("", "garbage", "1.x.y", "0.99999999999.c2ln"):
        refused = browser.request("GET", f"{url.split('?')[0]}?t={token}")
        assert refused.status_code == 403
        assert b"cannot be used" in refused.content


def test_keys_cannot_escape_the_media_root(tmp_path):
    storage = LocalStorage(tmp_path / "media", "k")
    for key in ("../outside", "media/../../etc/passwd", ".uploads/x/meta.json"):
        with pytest.raises(StorageError):
            storage.head(key)


def test_s3_public_urls_use_the_cdn_base_and_drafts_stay_signed(s3_bucket, s3_endpoint):
    storage = S3Storage(
        s3_bucket, endpoint_url=s3_endpoint, public_base_url="https://cdn.example.com/expo/"
    )
    assert storage.url("media/a/w960.webp", public=True, expires_in=60) == (
        "https://cdn.example.com/expo/media/a/w960.webp"
    )
    private = storage.url("media/a/original", public=False, expires_in=60)
    assert private.startswith(s3_endpoint)
    assert "X-Amz-Signature=" in private
    assert "X-Amz-Expires=60" in private


def test_s3_presigns_against_the_endpoint_browsers_reach(s3_bucket, s3_endpoint):
    storage = S3Storage(
        s3_bucket, endpoint_url=s3_endpoint, presign_endpoint_url="https://media.expo.example"
    )
    upload = storage.presigned_post(
        "media/a/original", content_type="image/jpeg", max_size=10, expires_in=60
    )
    assert upload["url"].startswith("https://media.expo.example")
    assert storage.url("media/a/original", public=False, expires_in=60).startswith(
        "https://media.expo.example"
    )


def test_objects_stream_in_and_out_whole_with_their_type_and_cache_header(storage, tmp_path):
    import hashlib
    import io

    data = os.urandom(9 * MiB)  # above boto3's threshold, so S3 takes it in parts
    storage.write_from(
        "media/b/video.mp4", io.BytesIO(data), content_type="video/mp4", immutable=True
    )
    storage.put("media/b/note.txt", b"note", content_type="text/plain", immutable=False)
    out = io.BytesIO()
    storage.read_into("media/b/video.mp4", out)
    assert hashlib.sha256(out.getvalue()).digest() == hashlib.sha256(data).digest()
    info = storage.head("media/b/video.mp4")
    assert (info.size, info.content_type) == (len(data), "video/mp4")
    assert storage.head("media/b/note.txt").immutable is False
    # S3 keeps the year-long cache header with the object; the local store serves its own.
    assert info.immutable is (storage.name == "s3")
    with pytest.raises(StorageError):
        storage.read_into("media/b/missing", io.BytesIO())
