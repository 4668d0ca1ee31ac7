"""The upload protocol end to end, on the local store and on S3 (SeaweedFS on loopback): the
browser sends bytes to the store, the app checks them after upload, processing decides ready or
failed."""

from __future__ import annotations

import socket

import pytest

from eexpo import tasks
from eexpo.accounts import tokens
from eexpo.extensions import db
from eexpo.media.generate import make_photo, make_sound, make_video
from eexpo.models import Block, BlockType, MediaItem, MediaStatus, Role
from eexpo.storage import get_storage
from eexpo.storage.s3 import S3Storage
from tests.media.samples import png_header_only
from tests.media.uploads import Exhibitor, send, send_parts, upload

MiB = 1024 * 1024


@pytest.fixture(scope="session")
def large_video() -> bytes:
    """A valid H.264 MP4 above the lowered multipart threshold (about 7 MiB)."""
    return make_video(3, 640, 360, noise=True)


@pytest.fixture
def exhibitor(backend, app, client, make) -> Exhibitor:
    return Exhibitor(client, make)


def _keys(uuid: str) -> list[str]:
    return list(get_storage().keys(f"media/{uuid}/"))


def test_photo_is_processed_into_variants_the_browser_can_fetch(exhibitor, browser):
    media = upload(exhibitor, browser, make_photo(2000, 1200))
    assert media["status"] == "ready", media["error"]
    assert (media["width"], media["height"]) == (2000, 1200)
    assert {v["width"] for v in media["variants"]} == {320, 960, 1920}
    fetched = browser.request("GET", media["url"])
    assert fetched.status_code == 200
    assert fetched.headers["Content-Type"] == "image/webp"
    assert fetched.content[:4] == b"RIFF"


def test_video_gets_a_poster_and_a_rendition_played_by_ranges(exhibitor, browser):
    clip = make_video(2, 320, 180)
    media = upload(exhibitor, browser, clip, kind="video", content_type="video/mp4")
    assert media["status"] == "ready", media["error"]
    assert media["duration_seconds"] == pytest.approx(2.0, abs=0.1)
    assert browser.request("GET", media["poster_url"]).status_code == 200
    whole = browser.request("GET", media["url"])
    assert whole.headers["Content-Type"] == "video/mp4"
    assert whole.content != clip  # a rendition, never the original
    seek = browser.request("GET", media["url"], headers={"Range": "bytes=100-199"})
    assert seek.status_code == 206
    assert seek.content == whole.content[100:200]


def test_large_video_uploads_in_parts_and_resumes(exhibitor, browser, large_video):
    started = exhibitor.start(large_video, kind="video", content_type="video/mp4")
    spec, media_id = started.json["upload"], started.json["media"]["id"]
    assert spec == {"method": "multipart", "part_size": 5 * MiB, "part_count": 2}
    send_parts(exhibitor, browser, media_id, spec, large_video, [1])
    # The page reloads: the uploader asks what is stored, and sends only the rest.
    stored = exhibitor.call("GET", f"/media/{media_id}/parts").json["parts"]
    assert [p["part_number"] for p in stored] == [1]
    send_parts(exhibitor, browser, media_id, spec, large_video, [2])
    assert exhibitor.call("POST", f"/media/{media_id}/complete").status_code == 202
    tasks.drain(timeout=60)
    media = exhibitor.call("GET", f"/media/{media_id}").json
    assert media["status"] == "ready", media["error"]
    original = db.session.get(MediaItem, media_id).original_key
    assert get_storage().read(original) == large_video  # the parts, put back together


@pytest.mark.parametrize(
    ("data", "fields", "message"),
    [
        (make_photo(800, 600)[:4000], {}, "damaged or incomplete"),
        (png_header_only(100_000, 100_000), {"content_type": "image/png"}, "megapixels"),
        (b"<html><script>alert(1)</script></html>", {}, "not a JPEG, PNG or WebP"),
        (make_photo(300, 200, format_="PNG"), {}, "PNG image but was sent as image/jpeg"),
        (
            b"plain text renamed to clip.mp4\n" * 40,
            {"kind": "video", "content_type": "video/mp4", "filename": "clip.mp4"},
            "not a video we can read",
        ),
        (
            make_sound(1),
            {"kind": "video", "content_type": "video/mp4"},
            "has sound but no picture",
        ),
    ],
    ids=["truncated-jpeg", "bomb", "html-as-jpg", "png-as-jpeg", "text-as-mp4", "audio-only"],
)
def test_bad_files_end_failed_with_a_reason_and_nothing_kept(
    exhibitor, browser, data, fields, message
):
    media = upload(exhibitor, browser, data, **fields)
    assert media["status"] == "failed"
    assert message in media["error"]
    assert media["url"] is None
    assert media["variants"] == []
    item = db.session.get(MediaItem, media["id"])
    assert _keys(item.uuid) == []


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"content_type": "image/svg+xml", "filename": "logo.svg"}, 422, "JPEG, PNG or WebP"),
        ({"kind": "video", "content_type": "video/x-msvideo"}, 422, "MP4, MOV, WebM or MKV"),
        ({"size": 0}, 422, "'size' must be at least 1."),
        ({"size": 41 * MiB}, 422, "limit of 40 MiB"),
        ({"kind": "audio"}, 422, "'kind' must be one of: 'image', 'video'"),
        ({"size": "big"}, 422, "'size' must be a whole number."),
    ],
    ids=["svg", "avi", "zero-bytes", "over-limit", "bad-kind", "bad-size"],
)
def test_unacceptable_uploads_are_refused_before_any_byte_is_sent(
    exhibitor, fields, status, message
):
    response = exhibitor.start(**fields)
    assert response.status_code == status
    assert message in response.json["error"]["message"]
    assert db.session.query(MediaItem).count() == 0


def test_a_file_larger_than_declared_is_refused_and_removed(exhibitor, browser, backend):
    data = make_photo(800, 600)
    started = exhibitor.start(data, size=1000)
    media_id = started.json["media"]["id"]
    sent = send(browser, started.json["upload"], data)
    assert sent.status_code in (400, 413)  # S3 answers EntityTooLarge with 400
    assert backend == "local" or b"EntityTooLarge" in sent.content
    completed = exhibitor.call("POST", f"/media/{media_id}/complete")
    assert completed.status_code == 409
    item = db.session.get(MediaItem, media_id)
    assert item.status == MediaStatus.UPLOADING
    assert _keys(item.uuid) == []


def test_complete_before_upload_and_twice_are_conflicts(exhibitor, browser):
    data = make_photo(400, 300)
    started = exhibitor.start(data)
    media_id = started.json["media"]["id"]
    early = exhibitor.call("POST", f"/media/{media_id}/complete")
    assert early.status_code == 409
    assert early.json["error"]["message"] == "Nothing was uploaded yet."
    send(browser, started.json["upload"], data)
    assert exhibitor.call("POST", f"/media/{media_id}/complete").status_code == 202
    again = exhibitor.call("POST", f"/media/{media_id}/complete")
    assert again.status_code == 409
    assert again.json["error"]["message"] == "This upload is already complete."
    tasks.drain(timeout=60)


def test_another_organizations_booth_and_media_are_not_found(exhibitor, browser, make, client):
    media = upload(exhibitor, browser, make_photo(400, 300))
    intruder = Exhibitor(client, make)
    assert intruder.call(
        "POST", f"/booths/{exhibitor.booth.id}/media",
        {"kind": "image", "filename": "x.jpg", "content_type": "image/jpeg", "size": 10},
    ).status_code == 404  # fmt: skip
    for method, path in [
        ("GET", f"/media/{media['id']}"),
        ("GET", f"/media/{media['id']}/parts"),
        ("POST", f"/media/{media['id']}/complete"),
        ("DELETE", f"/media/{media['id']}"),
    ]:
        assert intruder.call(method, path).status_code == 404, (method, path)
    assert db.session.get(MediaItem, media["id"]) is not None


@pytest.mark.parametrize(
    ("filename", "stored"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\photo.jpg", "photo.jpg"),
        ("a\x01b\x07c.jpg", "abc.jpg"),
        ("展" * 300, "展" * 200),
        ("///", "upload"),
    ],
)
def test_file_names_are_kept_only_as_harmless_metadata(exhibitor, filename, stored):
    response = exhibitor.start(filename=filename)
    assert response.status_code == 201
    assert response.json["media"]["filename"] == stored
    item = db.session.get(MediaItem, response.json["media"]["id"])
    assert item.original_key == f"media/{item.uuid}/original"


def test_a_file_name_with_a_nul_is_refused_naming_the_field(exhibitor):
    response = exhibitor.start(filename="a\x00b.jpg")
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"filename": "invalid"}


def test_media_is_private_until_a_published_booth_shows_it(exhibitor, browser, make, client):
    media = upload(exhibitor, browser, make_photo(400, 300))
    assert client.get(f"/api/v1/media/{media['id']}").status_code == 404
    organizer = make.user(Role.ORGANIZER)
    raw, _token = tokens.issue_api_token(organizer)
    db.session.commit()
    seen = client.get(f"/api/v1/media/{media['id']}", headers={"Authorization": f"Bearer {raw}"})
    assert seen.status_code == 200
    published = make.published_booth(exhibitor=exhibitor.user.exhibitor)
    db.session.add(
        Block(
            revision_id=published.published_revision_id,
            position=1,
            type=BlockType.PHOTO,
            media_id=media["id"],
            alt="Our stand",
        )
    )
    db.session.commit()
    public = client.get(f"/api/v1/media/{media['id']}")
    assert public.status_code == 200
    assert browser.request("GET", public.json["url"]).status_code == 200
    in_use = exhibitor.call("DELETE", f"/media/{media['id']}")
    assert in_use.status_code == 409


def test_delete_removes_the_item_and_its_objects(exhibitor, browser):
    media = upload(exhibitor, browser, make_photo(400, 300))
    item_uuid = db.session.get(MediaItem, media["id"]).uuid
    assert _keys(item_uuid)
    assert exhibitor.call("DELETE", f"/media/{media['id']}").status_code == 204
    db.session.expire_all()
    assert db.session.get(MediaItem, media["id"]) is None
    assert _keys(item_uuid) == []


@pytest.fixture
def s3_exhibitor(request, app_config, app, client, make) -> Exhibitor:
    return Exhibitor(client, make)


@pytest.fixture
def s3_only(use_s3, app_config) -> None:
    app_config.update(MULTIPART_THRESHOLD=6 * MiB, MULTIPART_PART_SIZE=5 * MiB)


@pytest.mark.usefixtures("s3_only")
def test_in_s3_mode_bytes_go_straight_to_the_store(s3_exhibitor, browser, large_video):
    exhibitor = s3_exhibitor
    endpoint = get_storage().client.meta.endpoint_url
    photo = exhibitor.start(make_photo(400, 300)).json
    assert photo["upload"]["url"].startswith(endpoint)
    video = exhibitor.start(large_video, kind="video", content_type="video/mp4").json
    signed = exhibitor.call(
        "POST", f"/media/{video['media']['id']}/parts", {"part_numbers": [1, 2]}
    ).json
    assert all(part["url"].startswith(endpoint) for part in signed["parts"])
    ready = upload(exhibitor, browser, make_photo(400, 300))
    assert all(v["url"].startswith(endpoint) for v in ready["variants"])


def test_an_empty_upload_is_refused_by_the_store_and_at_completion(exhibitor, browser, backend):
    started = exhibitor.start(size=1000)
    media_id = started.json["media"]["id"]
    sent = send(browser, started.json["upload"], b"")
    assert sent.status_code == 400  # the policy's content-length-range starts at one byte
    completed = exhibitor.call("POST", f"/media/{media_id}/complete")
    assert completed.status_code == 409
    assert completed.json["error"]["message"] == "Nothing was uploaded yet."
    item = db.session.get(MediaItem, media_id)
    assert item.status == MediaStatus.UPLOADING
    assert _keys(item.uuid) == []


def _dead_store() -> S3Storage:
    """The app's bucket behind an address where nothing listens: the store is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return S3Storage(get_storage().bucket, endpoint_url=f"http://127.0.0.1:{port}")


@pytest.mark.usefixtures("s3_only")
def test_a_store_outage_is_a_retryable_503_and_leaves_nothing_half_written(
    s3_exhibitor, browser, large_video, app
):
    exhibitor = s3_exhibitor
    data = make_photo(400, 300)
    photo = exhibitor.start(data).json
    send(browser, photo["upload"], data)
    video = exhibitor.start(large_video, kind="video", content_type="video/mp4").json
    working = get_storage()
    app.extensions["eexpo.storage"] = _dead_store()
    for method, path, body in (
        ("POST", f"/media/{photo['media']['id']}/complete", None),
        ("GET", f"/media/{video['media']['id']}/parts", None),
        ("POST", f"/media/{video['media']['id']}/parts", {"part_numbers": [1]}),
    ):
        response = exhibitor.call(method, path, body)
        assert response.status_code == 503, path
        assert response.json["error"]["code"] == "storage_unavailable"
        assert "try again" in response.json["error"]["message"]
    before = db.session.query(MediaItem).count()
    refused = exhibitor.start(large_video, kind="video", content_type="video/mp4")
    assert refused.status_code == 503
    assert db.session.query(MediaItem).count() == before
    app.extensions["eexpo.storage"] = working
    completed = exhibitor.call("POST", f"/media/{photo['media']['id']}/complete")
    assert completed.status_code == 202


def test_parts_of_an_upload_the_store_no_longer_holds_are_refused(exhibitor, large_video):
    """Signing asks the store first: an aborted upload is a 409 before any byte is sent."""
    started = exhibitor.start(large_video, kind="video", content_type="video/mp4").json
    item = db.session.get(MediaItem, started["media"]["id"])
    get_storage().abort_multipart(item.original_key, item.multipart_upload_id)
    refused = exhibitor.call("POST", f"/media/{item.id}/parts", {"part_numbers": [1]})
    assert refused.status_code == 409
    assert "no longer open" in refused.json["error"]["message"]
