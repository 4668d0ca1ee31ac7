"""The programme's pages: filters by day, kind and room; a page per session (time, room,
speakers, description, featured exhibitors, its own iCalendar file) and per speaker (bio,
sessions), in both languages; the speakers CSV that brings the bios."""

from __future__ import annotations

import sqlalchemy as sa
from icalendar import Calendar

from eexpo.catalogue import transfer
from eexpo.extensions import db
from eexpo.models import Exhibitor, ProgrammeSession, Speaker
from tests.catalogue.test_csv import FILES, SECTORS, _file, _import, _refused

ZH = {"Accept-Language": "zh-CN"}
SPEAKERS = [
    "name,affiliation,name_zh,affiliation_zh,bio,bio_zh",
    "Li Wei,Shenzhen University,李伟,深圳大学,Professor of microelectronics.,微电子学教授。",
    "Anna Berg,KTH,,,,",
]


def _programme() -> None:
    _import("sectors", SECTORS)
    _import("exhibitors", FILES["exhibitors"])
    _import("sessions", [
        FILES["sessions"][0],
        FILES["sessions"][1] + "Pearl River Microelectronics; Alpine Robotics",
        FILES["sessions"][2],
    ])  # fmt: skip
    _import("speakers", SPEAKERS)


def _id(model, **where) -> int:
    return db.session.scalar(sa.select(model.id).filter_by(**where))


def _page(client, path: str, status: int = 200, **headers: str) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


def test_the_programme_filters_by_day_kind_and_room(app, client):
    _programme()
    everything = _page(client, "/catalogue/programme")
    opening = _id(ProgrammeSession, title="Opening forum")
    assert f'href="/catalogue/sessions/{opening}">Opening forum</a>' in everything
    assert "Matchmaking: IoT" in everything
    assert f'href="/catalogue/speakers/{_id(Speaker, name="Li Wei")}"' in everything
    for query in ("day=2026-11-16", "kind=business_talk", "room=Room+3"):
        only = _page(client, f"/catalogue/programme?{query}")
        assert "Matchmaking: IoT" in only, query
        assert "Opening forum" not in only, query
    assert "No sessions match." in _page(
        client, "/catalogue/programme?day=2026-11-16&kind=forum"
    )  # fmt: skip


def test_filters_the_programme_does_not_offer_are_explained(app, client):
    _programme()
    for query, message in (
        ("day=2026-12-25", "The programme has no day “2026-12-25”."),
        ("day=soon", "The programme has no day “soon”."),
        ("kind=party", "The programme has no sessions of kind “party”."),
        ("room=Basement", "The programme has no room “Basement”."),
    ):
        assert message in _page(client, f"/catalogue/programme?{query}", 422), query


def test_a_session_has_its_page_and_its_calendar_file(app, client, make):
    _programme()
    pearl = db.session.scalar(sa.select(Exhibitor).where(Exhibitor.name.like("Pearl%")))
    booth = make.published_booth(pearl, title="Pearl booth")
    opening = _id(ProgrammeSession, title="Opening forum")
    html = _page(client, f"/catalogue/sessions/{opening}")
    assert "<h1>Opening forum" in html
    assert "Hall 1 Forum" in html
    assert "Where chips go next, in 90 minutes." in html
    assert f'<a href="/booths/{booth.id}">Pearl River Microelectronics</a>' in html
    assert "<li>Alpine Robotics</li>" in html  # no booth online: named, not linked
    chinese = _page(client, f"/catalogue/sessions/{opening}", **ZH)
    assert "<h1>开幕论坛" in chinese
    assert f'<a href="/booths/{booth.id}">珠江微电子</a>' in chinese
    calendar = Calendar.from_ical(client.get(f"/catalogue/sessions/{opening}.ics").data)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Opening forum"
    assert str(event["url"]).endswith(f"/catalogue/sessions/{opening}")
    _page(client, "/catalogue/sessions/99999", 404)
    assert client.get("/catalogue/sessions/99999.ics").status_code == 404


def test_a_speaker_has_a_page_with_bio_and_sessions(app, client):
    _programme()
    li = _id(Speaker, name="Li Wei")
    html = _page(client, f"/catalogue/speakers/{li}")
    assert "<h1>Li Wei</h1>" in html
    assert "Professor of microelectronics." in html
    assert "Opening forum" in html
    chinese = _page(client, f"/catalogue/speakers/{li}", **ZH)
    assert "<h1>李伟</h1>" in chinese
    assert "微电子学教授。" in chinese
    assert "开幕论坛" in chinese
    _page(client, "/catalogue/speakers/99999", 404)


def test_the_speakers_csv_round_trips_and_refuses_bad_names(app):
    _programme()
    exported = transfer.export_csv("speakers")
    assert _import("speakers", exported)["changed"] == 0
    assert transfer.export_csv("speakers") == exported
    before = list(db.session.execute(sa.select(Speaker.name, Speaker.bio).order_by(Speaker.id)))
    assert _refused("speakers", _file([SPEAKERS[0], "Li (Wei),X,,,,", ",Nowhere,,,,"])) == [
        (2, "name: no brackets or semicolons (the sessions file writes Name (Affiliation); …)"),
        (3, "name: required"),
    ]
    header = FILES["sessions"][0]
    assert _refused("sessions", _file([header, FILES["sessions"][1] + "Nobody Ltd"])) == [
        (2, "exhibitors: there is no exhibitor “Nobody Ltd”")
    ]
    after = list(db.session.execute(sa.select(Speaker.name, Speaker.bio).order_by(Speaker.id)))
    assert after == before


def test_the_sitemap_lists_the_programme_its_sessions_and_speakers(app, client):
    _programme()
    main = client.get("/sitemap-main.xml").get_data(as_text=True)
    assert "<loc>http://localhost/catalogue/programme</loc>" in main
    for session_id in db.session.scalars(sa.select(ProgrammeSession.id)):
        assert f"<loc>http://localhost/catalogue/sessions/{session_id}</loc>" in main
    for speaker_id in db.session.scalars(sa.select(Speaker.id)):
        assert f"<loc>http://localhost/catalogue/speakers/{speaker_id}</loc>" in main
