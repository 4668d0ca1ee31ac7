"""The page cache: anonymous public pages from memory, stale the moment public content changes,
never shared with a signed-in visitor; ETag, Last-Modified and Cache-Control for browsers and
CDNs (with or without the cache)."""

from __future__ import annotations

import io
import os

import pytest

from eexpo import content, create_app, pagecache, tasks
from eexpo.booths import moderation
from eexpo.booths import services as booths
from eexpo.extensions import db
from eexpo.media.generate import make_photo
from eexpo.models import (
    ExhibitorStatus,
    MediaItem,
    MediaKind,
    MediaStatus,
    Role,
    Submission,
)
from tests.conftest import IsolatedClient, csrf_token
from tests.visit.test_pages import statements

REDIS_URL = os.environ.get("EEXPO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def app_config(app_config):
    app_config["PAGE_CACHE"] = True
    app_config.pop("SERVER_NAME")  # pages are asked for on several hosts
    return app_config


def _get(client, path, **headers):
    return client.get(path, headers=headers)


def test_an_anonymous_page_is_served_from_memory_the_second_time(client, make):
    booth = make.published_booth(title="Cached booth")
    first = _get(client, f"/booths/{booth.id}")
    assert first.headers[pagecache.STATUS_HEADER] == "miss"
    with statements() as seen:
        second = _get(client, f"/booths/{booth.id}")
    assert second.headers[pagecache.STATUS_HEADER] == "hit"
    assert seen == []
    assert second.get_data() == first.get_data()
    assert pagecache.STORE_HEADER not in second.headers
    assert "Set-Cookie" not in second.headers
    assert second.headers["Cache-Control"] == "public, max-age=60"
    assert set(second.headers["Vary"].replace(" ", "").split(",")) >= {"Cookie", "Accept-Language"}
    assert second.headers["Content-Security-Policy"]
    assert second.headers.getlist("X-Frame-Options") == ["DENY"]  # kept with the page, once


def test_publish_takedown_and_restore_show_at_once(client, make):
    sector = make.sector("iot")
    first = make.published_booth(make.exhibitor("Alpha Sensors"), sector, title="Alpha booth")
    assert "Alpha booth" in _get(client, "/sectors/iot").get_data(as_text=True)
    assert _get(client, "/sectors/iot").headers[pagecache.STATUS_HEADER] == "hit"

    make.published_booth(make.exhibitor("Beta Robotics"), sector, title="Beta booth")
    listing = _get(client, "/sectors/iot")
    assert listing.headers[pagecache.STATUS_HEADER] == "miss"
    assert "Beta booth" in listing.get_data(as_text=True)

    assert _get(client, f"/booths/{first.id}").status_code == 200
    organizer = make.user(Role.ORGANIZER)
    moderation.take_down(first, reason="Misleading claims", actor=organizer)
    db.session.commit()
    assert _get(client, f"/booths/{first.id}").status_code == 404
    assert "Alpha booth" not in _get(client, "/sectors/iot").get_data(as_text=True)
    assert "Alpha booth" not in _get(client, "/search?q=alpha").get_data(as_text=True)

    moderation.restore(first, actor=organizer)
    db.session.commit()
    assert _get(client, f"/booths/{first.id}").status_code == 200


def test_an_exhibitors_profile_edit_shows_at_once(client, app, make):
    user = make.user(Role.EXHIBITOR, email="ex@example.com")
    booth = make.published_booth(user.exhibitor, title="Profile booth")
    before = _get(client, f"/booths/{booth.id}").get_data(as_text=True)
    assert "Bavaria" not in before
    exhibitor_client = app.test_client()
    exhibitor_client.post(
        "/login", data={"email": "ex@example.com", "password": "correct horse battery",
                        "csrf_token": csrf_token(exhibitor_client)},
    )  # fmt: skip
    saved = exhibitor_client.post(
        "/portal/profile",
        data={"csrf_token": csrf_token(exhibitor_client, "/portal/profile"), "region": "Bavaria"},
    )
    assert saved.status_code == 302
    after = _get(client, f"/booths/{booth.id}")
    assert after.headers[pagecache.STATUS_HEADER] == "miss"
    assert "Bavaria" in after.get_data(as_text=True)


def test_booth_building_leaves_cached_pages_valid(client, make, api_as, browser):
    """Drafts, saves, uploads and processing show nowhere public: every cached page stays a hit
    through them. The exhibitor's submission, once approved, shows at once."""
    sector = make.sector("iot")
    owner = api_as(make.user(Role.EXHIBITOR))
    live = make.published_booth(owner.user.exhibitor, sector, title="Live booth")
    builder = api_as(make.user(Role.EXHIBITOR))
    pages = ["/", "/sectors/iot", f"/booths/{live.id}", "/search?q=booth", "/catalogue/exhibitors"]
    for page in pages:
        assert _get(client, page).status_code == 200

    def cache_status() -> set[str]:
        return {_get(client, page).headers[pagecache.STATUS_HEADER] for page in pages}

    assert cache_status() == {"hit"}
    created = builder.call(
        "POST", "/booths", {"title": "New booth", "sector": "iot", "summary": "Sensors"}
    )
    assert created.status_code == 201, created.json
    booth_id, version = created.json["booth_id"], created.json["version"]
    assert cache_status() == {"hit"}
    saved = builder.call("PATCH", f"/booths/{booth_id}/draft", {"version": version, "title": "B"})
    assert saved.status_code == 200, saved.json
    draft = owner.call("GET", f"/booths/{live.id}/draft").json
    edited = owner.call(
        "PATCH", f"/booths/{live.id}/draft", {"version": draft["version"], "title": "Edited"}
    )
    assert edited.status_code == 200, edited.json
    assert cache_status() == {"hit"}

    photo = make_photo(640, 480)
    started = builder.call(
        "POST", f"/booths/{booth_id}/media",
        {"kind": "image", "filename": "stand.jpg", "content_type": "image/jpeg",
         "size": len(photo)},
    )  # fmt: skip
    assert started.status_code == 201, started.json
    assert cache_status() == {"hit"}
    spec = started.json["upload"]
    sent = browser.request(
        "POST", spec["url"], data=spec["fields"], files={"file": ("f", io.BytesIO(photo))}
    )
    assert sent.status_code in (200, 201, 204)
    media_id = started.json["media"]["id"]
    assert builder.call("POST", f"/media/{media_id}/complete").status_code == 202
    tasks.drain(timeout=60)
    assert builder.call("GET", f"/media/{media_id}").json["status"] == "ready"
    with_photo = builder.call(
        "PATCH", f"/booths/{booth_id}/draft",
        {"version": saved.json["version"],
         "blocks": [{"type": "photo", "media_id": media_id, "alt": "Our stand"}]},
    )  # fmt: skip
    assert with_photo.status_code == 200, with_photo.json
    assert cache_status() == {"hit"}

    submitted = builder.call("POST", f"/booths/{booth_id}/submit")
    assert submitted.status_code == 202, submitted.json
    assert cache_status() == {"hit"}
    submission = db.session.get(Submission, submitted.json["submission"]["id"])
    moderation.approve_submission(submission, actor=make.user(Role.ORGANIZER))
    db.session.commit()
    assert cache_status() == {"miss"}
    assert ">B<" in _get(client, "/sectors/iot").get_data(as_text=True)


def _photo(exhibitor) -> MediaItem:
    item = MediaItem(
        exhibitor_id=exhibitor.id, kind=MediaKind.IMAGE, backend="local",
        original_key="media/x/original", status=MediaStatus.READY,
    )  # fmt: skip
    db.session.add(item)
    db.session.commit()
    return item


def test_what_only_unpublished_work_touches_keeps_the_cache(client, make):
    """A pending organization's profile and a media item no public page shows change nothing
    visitors see; the same changes to an approved exhibitor and a published booth's photo do."""
    exhibitor = make.exhibitor()
    pending = make.exhibitor("Pending Co", status=ExhibitorStatus.PENDING)
    unused, shown = _photo(exhibitor), _photo(exhibitor)
    booth = booths.create_booth(
        exhibitor, title="Photo", summary="", sector=make.sector(), actor=None
    )
    booths.add_media_block(booth, shown, alt="Stand", actor=None)
    submission = booths.submit_booth(booth, actor=None)
    moderation.approve_submission(submission, actor=make.user(Role.ORGANIZER))
    db.session.commit()
    page = f"/booths/{booth.id}"
    _get(client, page)

    pending.region = "Bavaria"
    unused.placeholder_color = "#123456"
    db.session.commit()
    assert _get(client, page).headers[pagecache.STATUS_HEADER] == "hit"
    shown.placeholder_color = "#654321"
    db.session.commit()
    assert _get(client, page).headers[pagecache.STATUS_HEADER] == "miss"
    booth.exhibitor.region = "Saxony"
    db.session.commit()
    assert _get(client, page).headers[pagecache.STATUS_HEADER] == "miss"


def test_a_change_to_a_row_expired_by_a_commit_still_shows(client, make):
    """Setting an attribute of an expired row loads nothing: its status is read to judge it."""
    booth = make.published_booth(title="Featured booth")
    _get(client, "/")
    db.session.expire_all()
    booth.is_featured = True
    db.session.commit()
    assert _get(client, "/").headers[pagecache.STATUS_HEADER] == "miss"


def test_a_rolled_back_change_keeps_the_cache(client, make):
    booth = make.published_booth()
    _get(client, f"/booths/{booth.id}")
    booth.exhibitor.region = "Nowhere"
    db.session.flush()
    db.session.rollback()
    assert _get(client, f"/booths/{booth.id}").headers[pagecache.STATUS_HEADER] == "hit"


def test_a_signed_in_visitor_never_gets_or_leaves_a_shared_page(client, app, make, auth):
    booth = make.published_booth(title="Shared booth")
    _get(client, f"/booths/{booth.id}")
    make.user(Role.VISITOR, email="v@example.com")
    auth.login("v@example.com")
    signed_in = _get(client, f"/booths/{booth.id}")
    assert pagecache.STATUS_HEADER not in signed_in.headers
    assert "private" in signed_in.headers["Cache-Control"]
    assert "Sign out" in signed_in.get_data(as_text=True)
    stranger = app.test_client()
    anonymous = _get(stranger, f"/booths/{booth.id}")
    assert anonymous.headers[pagecache.STATUS_HEADER] == "hit"
    assert "Sign out" not in anonymous.get_data(as_text=True)
    bearer = _get(stranger, f"/booths/{booth.id}", Authorization="Bearer x")
    assert pagecache.STATUS_HEADER not in bearer.headers


def test_each_language_has_its_own_copy(client, make):
    sector = make.sector("iot", name="Internet of Things", name_zh="物联网")
    make.published_booth(sector=sector)
    english = _get(client, "/sectors/iot", **{"Accept-Language": "en-GB,en;q=0.9"})
    chinese = _get(client, "/sectors/iot", **{"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "Internet of Things" in english.get_data(as_text=True)
    assert "物联网" in chinese.get_data(as_text=True)
    assert chinese.headers[pagecache.STATUS_HEADER] == "miss"
    client.set_cookie("eexpo_locale", "zh_Hans")
    chosen = _get(client, "/sectors/iot", **{"Accept-Language": "en"})
    assert chosen.headers[pagecache.STATUS_HEADER] == "hit"
    assert chosen.get_data() == chinese.get_data()


def test_conditional_requests_get_304(client, make):
    booth = make.published_booth()
    first = _get(client, f"/booths/{booth.id}")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = _get(client, f"/booths/{booth.id}", **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    since = _get(client, f"/booths/{booth.id}", **{"If-Modified-Since": modified})
    assert since.status_code == 304
    other = _get(client, f"/booths/{booth.id}", **{"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    booth.exhibitor.name = "Renamed Exhibitor"
    db.session.commit()
    changed = _get(client, f"/booths/{booth.id}", **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert "Renamed Exhibitor" in changed.get_data(as_text=True)


def test_head_answers_headers_only(client, make):
    booth = make.published_booth()
    head = client.head(f"/booths/{booth.id}")
    assert head.status_code == 200
    assert head.get_data() == b""
    assert int(head.headers["Content-Length"]) > 1000


def test_what_is_not_a_public_page_is_never_kept(client, make):
    assert pagecache.STATUS_HEADER not in _get(client, "/login").headers
    assert _get(client, "/booths/999").status_code == 404
    assert pagecache.STATUS_HEADER not in _get(client, "/booths/999").headers
    booth = make.published_booth()
    posted = client.post(f"/booths/{booth.id}/contact", data={})
    assert pagecache.STATUS_HEADER not in posted.headers


def test_hosts_are_kept_apart(client, make):
    """Pages hold absolute links (share link, Open Graph): one host's copy is not another's."""
    booth = make.published_booth()
    one = _get(client, f"http://one.example/booths/{booth.id}")
    other = _get(client, f"http://other.example/booths/{booth.id}")
    assert other.headers[pagecache.STATUS_HEADER] == "miss"
    assert "http://one.example/booths/" in one.get_data(as_text=True)
    assert "http://other.example/booths/" in other.get_data(as_text=True)


def test_another_process_sees_the_change(app, app_config, make):
    """Two apps on one instance folder stand for two gunicorn workers."""
    booth = make.published_booth(title="Two workers")
    other = create_app(app_config)
    worker = other.test_client()
    assert worker.get(f"/booths/{booth.id}").status_code == 200
    assert worker.get(f"/booths/{booth.id}").headers[pagecache.STATUS_HEADER] == "hit"
    moderation.take_down(booth, reason="Gone", actor=make.user(Role.ORGANIZER))
    db.session.commit()
    assert worker.get(f"/booths/{booth.id}").status_code == 404
    with other.app_context():
        db.engine.dispose()


def test_a_version_file_reader_sees_every_bump_by_another(tmp_path):
    """Readers keep the token until a `stat` shows the file was replaced: never longer."""
    path = tmp_path / "content-version"
    writer, reader = content.FileVersion(path), content.FileVersion(path)
    seen = [reader.current()[0]]
    for _ in range(50):
        writer.bump()
        seen.append(reader.current()[0])
        assert reader.current()[0] == writer.current()[0] == seen[-1]
    assert len(set(seen)) == 51


def test_the_version_lives_in_redis_when_configured(monkeypatch, app_config, redis_database):
    redis = redis_database(REDIS_URL)
    monkeypatch.setenv("EEXPO_REDIS_URL", REDIS_URL)
    one, two = create_app(app_config), create_app(app_config)
    with one.app_context():
        version = one.extensions["eexpo_content_version"]
        assert isinstance(version, content.RedisVersion)
        token, _changed = version.current()
        content.content_changed()
    with two.app_context():
        assert two.extensions["eexpo_content_version"].current()[0] != token
        db.engine.dispose()
    with one.app_context():
        db.engine.dispose()
    assert redis.get(content.RedisVersion.KEY)


def test_without_the_cache_pages_still_carry_validators(app_config, make):
    app_config["PAGE_CACHE"] = False
    uncached = create_app(app_config)
    uncached.test_client_class = IsolatedClient
    with uncached.app_context():
        client = uncached.test_client()
        booth = make.published_booth()
        first = client.get(f"/booths/{booth.id}")
        assert pagecache.STATUS_HEADER not in first.headers
        assert first.headers["Cache-Control"] == "public, max-age=60"
        again = client.get(f"/booths/{booth.id}", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
        db.session.remove()
        db.engine.dispose()


def _fake_app(pages: dict[str, bytes]):
    def wsgi(environ, start_response):
        body = pages[environ["PATH_INFO"]]
        start_response("200 OK", [(pagecache.STORE_HEADER, "1"), ("ETag", f'"{len(body)}"')])
        return [body]

    return wsgi


class _Version:
    def current(self):
        return "v1", 0.0

    def bump(self):
        raise AssertionError


def test_the_cache_keeps_to_its_size_evicting_the_least_recently_used():
    pages = {f"/{n}": bytes([65 + n]) * 100 for n in range(17)}
    pages["/big"] = b"x" * 200
    cache = pagecache.PageCache(
        _fake_app(pages), version=_Version(), max_bytes=1600, seconds=60,
        personal_cookies=("session=",), languages=("en",), default_language="en",
    )  # fmt: skip
    statuses = []

    def call(path):
        environ = {"REQUEST_METHOD": "GET", "wsgi.url_scheme": "http", "PATH_INFO": path}
        body = cache(environ, lambda status, headers: statuses.append(dict(headers)))
        assert b"".join(body) == pages[path]
        return statuses[-1][pagecache.STATUS_HEADER]

    assert [call(f"/{n}") for n in range(16)] == ["miss"] * 16
    assert cache.size == 1600
    assert call("/0") == "hit"
    assert [call("/big"), call("/big")] == ["miss", "miss"]  # over a sixteenth: never kept
    assert call("/16") == "miss"  # over the limit now: /1, the least recently used, goes
    assert cache.size == 1600
    assert [call("/0"), call("/2"), call("/1")] == ["hit", "hit", "miss"]
