"""Counting without tracking: views, plays and unique visitors per day, from browsers' beacons;
buffered in memory or Redis, written by a flush; robots, strangers and bad reports left out."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from eexpo import create_app
from eexpo.extensions import db
from eexpo.models import BoothDayStat, EventDayStat, Role
from eexpo.visit import counting
from tests.visit.test_pages import statements

REDIS_URL = os.environ.get("EEXPO_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
OTHER_BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Gecko/20100101 Firefox/133.0"


def _report(client, kind="view", booth=None, agent=BROWSER, address="198.51.100.7", **headers):
    data = {"kind": kind} if booth is None else {"kind": kind, "booth": str(booth)}
    return client.post(
        "/count",
        data=data,
        headers={"Origin": "http://localhost", "User-Agent": agent, **headers},
        environ_base={"REMOTE_ADDR": address},
    )


def _booth_days():
    db.session.expire_all()
    rows = db.session.scalars(sa.select(BoothDayStat).order_by(BoothDayStat.booth_id))
    return [(r.booth_id, r.views, r.video_plays, r.unique_visitors) for r in rows]


def _event_days():
    db.session.expire_all()
    rows = db.session.scalars(sa.select(EventDayStat))
    return [(r.views, r.video_plays, r.unique_visitors) for r in rows]


def test_a_report_waits_in_memory_until_the_flush(client, app, make):
    booth_id = make.published_booth().id
    with statements() as seen:
        response = _report(client, booth=booth_id)
    assert response.status_code == 204
    assert seen == []
    assert "Set-Cookie" not in response.headers
    assert _booth_days() == []
    assert counting.flush(app) == 2
    assert _booth_days() == [(booth_id, 1, 0, 1)]
    assert counting.flush(app) == 0  # nothing is written twice


def test_views_plays_and_unique_visitors_add_up(client, app, make):
    one, two = make.published_booth(title="One"), make.published_booth(title="Two")
    for _ in range(3):
        _report(client, booth=one.id)
    _report(client, "play", booth=one.id)
    _report(client, booth=one.id, agent=OTHER_BROWSER)  # another visitor behind the same address
    _report(client, booth=two.id, address="203.0.113.9")
    _report(client)  # the home page: the expo's count only
    counting.flush(app)
    assert _booth_days() == [(one.id, 4, 1, 2), (two.id, 1, 0, 1)]
    assert _event_days() == [(6, 1, 3)]
    _report(client, booth=one.id)  # the same visitor later that day
    _report(client, booth=one.id, address="192.0.2.44")  # a new one
    counting.flush(app)
    assert _booth_days()[0] == (one.id, 6, 1, 3)
    assert _event_days() == [(8, 1, 4)]


def _downloads() -> list[tuple[int | None, int]]:
    db.session.expire_all()
    booth_rows = db.session.execute(sa.select(BoothDayStat.booth_id, BoothDayStat.downloads))
    event_rows = db.session.execute(sa.select(EventDayStat.downloads))
    return [tuple(r) for r in booth_rows] + [(None, r[0]) for r in event_rows]


def test_document_downloads_are_counted_apart_from_views_and_plays(client, app, make):
    booth = make.published_booth()
    _report(client, booth=booth.id)
    _report(client, "download", booth=booth.id)
    _report(client, "download", booth=booth.id, address="203.0.113.9")
    counting.flush(app)
    assert _booth_days() == [(booth.id, 1, 0, 2)]
    assert _downloads() == [(booth.id, 2), (None, 2)]


def test_a_visitor_is_new_again_the_next_day(app):
    counter = counting.MemoryCounter()
    day = date(2026, 11, 16)
    visitor = counting.visitor_digest("secret", day, "198.51.100.7", BROWSER)
    assert visitor != counting.visitor_digest(
        "secret", day + timedelta(days=1), "198.51.100.7", BROWSER
    )
    counter.add(day, 5, "view", visitor)
    counter.add(day, 5, "view", visitor)
    tomorrow = counting.visitor_digest("secret", day + timedelta(days=1), "198.51.100.7", BROWSER)
    counter.add(day + timedelta(days=1), 5, "view", tomorrow)
    found = {(t.day, t.booth_id): (t.views, t.visitors) for t in counter.drain()}
    assert found[(day, 5)] == (2, 1)
    assert found[(day + timedelta(days=1), 5)] == (1, 1)
    assert found[(day, None)] == (2, 1)


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0",
        "curl/8.5.0",
        "python-requests/2.32",
        "facebookexternalhit/1.1",
    ],
)
def test_robots_are_not_counted(client, app, make, agent):
    booth = make.published_booth()
    assert _report(client, booth=booth.id, agent=agent).status_code == 204
    counting.flush(app)
    assert _booth_days() == []
    assert _event_days() == []


def test_reports_for_booths_not_on_show_are_dropped(client, app, make):
    draft = make.draft_booth(make.exhibitor())
    taken_down = make.published_booth()
    from eexpo.booths import moderation

    moderation.take_down(taken_down, reason="Gone", actor=make.user(Role.ORGANIZER))
    db.session.commit()
    for booth_id in (draft.id, taken_down.id, 999_999):
        assert _report(client, booth=booth_id).status_code == 204
    counting.flush(app)
    assert _booth_days() == []
    assert _event_days() == [(3, 0, 1)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "click"}, "Report a view, a play or a download"),
        ({}, "Report a view, a play or a download"),
        ({"kind": "view", "booth": "abc"}, "Report a view, a play or a download"),
        ({"kind": "view", "booth": "-3"}, "Report a view, a play or a download"),
        ({"kind": "view", "booth": "9" * 40}, "Report a view, a play or a download"),
    ],
)
def test_bad_reports_are_refused(client, app, data, message):
    response = client.post("/count", data=data, headers={"Origin": "http://localhost"})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    counting.flush(app)
    assert _event_days() == []


def test_reports_from_other_sites_are_refused(client, app, make):
    booth = make.published_booth()
    assert _report(client, booth=booth.id, Origin="https://evil.example").status_code == 400
    counting.flush(app)
    assert _booth_days() == []


def test_public_pages_load_the_counting_script_and_others_do_not(client, make):
    booth = make.published_booth()
    page = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert f'data-booth="{booth.id}"' in page
    assert 'data-url="/count"' in page
    home = client.get("/").get_data(as_text=True)
    assert "js/count.js" in home
    assert "data-booth" not in home
    assert "js/count.js" not in client.get("/login").get_data(as_text=True)
    script = client.get("/static/js/count.js")
    assert b"sendBeacon" in script.get_data()
    script.close()


def test_the_portal_shows_the_counts(client, app, make, auth):
    user = make.user(Role.EXHIBITOR, email="ex@example.com")
    booth = make.published_booth(user.exhibitor)
    for address in ("198.51.100.1", "198.51.100.2"):
        _report(client, booth=booth.id, address=address)
    _report(client, "play", booth=booth.id, address="198.51.100.1")
    counting.flush(app)
    auth.login("ex@example.com")
    page = client.get(f"/portal/booths/{booth.id}/statistics").get_data(as_text=True)
    assert "<dt>Views</dt><dd>2</dd>" in page
    assert "<dt>Video plays</dt><dd>1</dd>" in page
    assert "<td>2</td><td>2</td><td>1</td>" in page


@pytest.mark.usefixtures("app")  # which empties the tables afterwards
def test_the_flush_runs_by_itself(app_config):
    app_config["COUNT_FLUSH_SECONDS"] = 0.05
    periodic = create_app(app_config)
    with periodic.app_context():
        client = periodic.test_client()
        _report(client)
        deadline = time.monotonic() + 5
        while not _event_days() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _event_days() == [(1, 0, 1)]
        periodic.extensions["eexpo_flusher"].stop()
        db.session.remove()
        db.engine.dispose()


def test_processes_count_together_through_redis(monkeypatch, app_config, make, redis_database):
    """Two apps stand for two processes: a visitor both see is one visitor."""
    redis_database(REDIS_URL)
    monkeypatch.setenv("EEXPO_REDIS_URL", REDIS_URL)
    booth = make.published_booth()
    one, two = create_app(app_config), create_app(app_config)
    assert isinstance(one.extensions["eexpo_counter"], counting.RedisCounter)
    _report(one.test_client(), booth=booth.id)
    _report(two.test_client(), booth=booth.id)
    _report(two.test_client(), "play", booth=booth.id, address="203.0.113.9")
    _report(one.test_client(), "download", booth=booth.id, address="203.0.113.9")
    assert counting.flush(one) == 2
    assert counting.flush(two) == 0
    assert _booth_days() == [(booth.id, 2, 1, 2)]
    assert _downloads() == [(booth.id, 1), (None, 1)]
    _report(two.test_client(), booth=booth.id)  # seen again: still two visitors
    counting.flush(two)
    assert _booth_days() == [(booth.id, 3, 1, 2)]
    assert _event_days() == [(3, 1, 2)]
    for each in (one, two):
        with each.app_context():
            db.engine.dispose()


def test_behind_a_proxy_visitors_are_told_apart_by_forwarded_addresses(app_config, make):
    app_config["PROXY_COUNT"] = 1
    proxied = create_app(app_config)
    client = proxied.test_client()
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.2"):
        _report(client, address="127.0.0.1", **{"X-Forwarded-For": address})
    counting.flush(proxied)
    assert _event_days() == [(3, 0, 2)]
    with proxied.app_context():
        db.engine.dispose()
