"""The catalogue in Chinese: every text a visitor reads has a Chinese twin in the CSV, shown to
Chinese readers with the English as fallback; a file may leave the twins out and keeps them."""

from __future__ import annotations

import re

import sqlalchemy as sa
from icalendar import Calendar

from eexpo.catalogue import transfer
from eexpo.extensions import db
from eexpo.models import Exhibitor, Hall, ProgrammeSession, Sector, Speaker, Venue
from tests.catalogue.test_csv import FILES, SECTORS, SHORT, _file, _import, _refused

ZH = {"Accept-Language": "zh-CN"}


def _catalogue() -> None:
    _import("sectors", SECTORS)
    for kind in ("event", "sessions", "venues"):
        _import(kind, FILES[kind])


def _page(client, path: str, **headers: str) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_chinese_readers_get_the_twins_and_the_english_where_there_is_none(app, client):
    _catalogue()
    programme = _page(client, "/catalogue/programme", **ZH)
    assert "开幕论坛" in programme
    assert "1 号馆论坛" in programme
    assert re.search(r">李伟 \(深圳大学\)</a>；<a [^>]+>Anna Berg \(KTH\)</a>", programme)
    assert "芯片的下一步，90 分钟讲清。" in programme
    assert "Matchmaking: IoT" in programme  # no Chinese title: the English
    assert "Opening forum" not in programme
    english = _page(client, "/catalogue/programme")
    assert "Opening forum" in english
    assert ">Li Wei (Shenzhen University)</a>" in english
    assert "开幕论坛" not in english
    venues = _page(client, "/catalogue/venues", **ZH)
    assert "科学博物馆" in venues
    assert "博物馆路 1 号" in venues
    assert "全周开放" in venues
    assert "Shenzhen Bay Lab" in venues
    assert "深圳会展中心" in _page(client, "/", **ZH)


def test_the_programme_calendar_speaks_the_readers_language(app, client):
    _catalogue()
    calendar = Calendar.from_ical(client.get("/catalogue/programme.ics", headers=ZH).data)
    opening = next(c for c in calendar.walk("VEVENT") if "开幕论坛" in str(c["summary"]))
    assert str(opening["location"]) == "1 号馆论坛, 深圳会展中心"
    assert str(opening["description"]).startswith("李伟 (深圳大学), Anna Berg (KTH)")


def test_a_file_without_the_twins_keeps_them(app):
    _catalogue()
    header = SHORT["sessions"]
    counts = _import("sessions", [
        header,
        "Opening forum,2026-11-15T09:30+08:00,forum,2026-11-15T11:30+08:00,Hall 1 Forum,"
        'Li Wei (Shenzhen University); Anna Berg (KTH),"Where chips go next, in 90 minutes.",,',
    ])  # fmt: skip
    assert counts == {"new": 0, "changed": 1, "unchanged": 0, "deleted": 0}  # only the end moved
    opening = db.session.scalar(
        sa.select(ProgrammeSession).where(ProgrammeSession.title == "Opening forum")
    )
    assert (opening.title_zh, opening.room_zh) == ("开幕论坛", "1 号馆论坛")
    assert [s.label("zh") for s in opening.speakers] == ["李伟 (深圳大学)", "Anna Berg (KTH)"]
    venues = _import("venues", [SHORT["venues"], "Science Museum,museum,1 Museum Road,"
                                "09:00–17:00,https://museum.example,Open all week"])  # fmt: skip
    assert venues == {"new": 0, "changed": 0, "unchanged": 1, "deleted": 0}
    assert db.session.scalar(sa.select(Venue.name_zh)) == "科学博物馆"


def test_a_speaker_new_to_a_session_without_the_twins_gets_no_chinese_name(app):
    _catalogue()
    _import("sessions", [
        SHORT["sessions"],
        "Opening forum,2026-11-15T09:30+08:00,forum,2026-11-15T11:00+08:00,Hall 1 Forum,"
        'Rahul Mehta (IISc); Li Wei (Shenzhen University),"Where chips go next, in 90 minutes.",,',
    ])  # fmt: skip
    li = db.session.scalar(sa.select(Speaker).where(Speaker.name == "Li Wei"))
    rahul = db.session.scalar(sa.select(Speaker).where(Speaker.name == "Rahul Mehta"))
    assert (li.name_zh, rahul.name_zh) == ("李伟", None)
    exported = transfer.export_csv("sessions").decode("utf-8-sig")
    assert (
        "Rahul Mehta (IISc); Li Wei (Shenzhen University),Rahul Mehta (IISc); 李伟 (深圳大学)"
        in (exported)
    )


def test_a_groups_names_reach_its_sectors_missing_from_the_file(app):
    _import("sectors", SECTORS)
    _import("sectors", [SECTORS[0], "iot,Internet of Things,物联网,high-tech,High tech,高科技"])
    db.session.expire_all()
    assert (
        db.session.scalar(sa.select(Sector.group_name_zh).where(Sector.slug == "iot")) == "高科技"
    )
    _import("sectors", [
        SECTORS[0],
        "robots,Robots,机器人,high-tech,High technology,高新技术",
    ])  # fmt: skip
    names = db.session.execute(
        sa.select(Sector.slug, Sector.group_name, Sector.group_name_zh).where(
            Sector.group == "high-tech"
        )
    ).all()
    assert sorted(names) == [
        ("iot", "High technology", "高新技术"), ("robots", "High technology", "高新技术")
    ]  # fmt: skip


def _stored() -> tuple[list, list, list]:
    return (
        db.session.execute(sa.select(Sector.slug, Sector.group_name, Sector.group_name_zh)).all(),
        db.session.execute(sa.select(ProgrammeSession.title, ProgrammeSession.title_zh)).all(),
        db.session.execute(sa.select(Speaker.name, Speaker.name_zh)).all(),
    )


def test_bad_twins_are_refused_by_line_and_change_nothing(app):
    _catalogue()
    before = _stored()
    sessions = FILES["sessions"][0]
    assert _refused("sessions", _file([
        sessions,
        "Panel,,2026-11-17T09:00,forum,2026-11-17T10:00,,,A (X); B (Y),甲 (X),,,,",
    ])) == [(2, "speakers_zh: one Chinese name for each speaker, in their order")]  # fmt: skip
    assert _refused("sessions", _file([
        sessions,
        "Panel,,2026-11-17T09:00,forum,2026-11-17T10:00,,,A (X),甲 (X),,,,",
        "Later,,2026-11-17T11:00,forum,2026-11-17T12:00,,,A (X),乙 (X),,,,",
    ])) == [(3, "speakers_zh: A (X) is “甲 (X)” on line 2")]  # fmt: skip
    assert _refused("sessions", _file([
        sessions, "Panel,,2026-11-17T09:00,forum,2026-11-17T10:00,,,A (X),甲 (((,,,,",
    ])) == [(2, "speakers_zh: “甲 (((” is not Name (Affiliation)")]  # fmt: skip
    assert _refused("sessions", _file([
        sessions, "Panel," + "长" * 301 + ",2026-11-17T09:00,forum,2026-11-17T10:00,,,,,,,,",
    ])) == [(2, "title_zh: at most 300 characters")]  # fmt: skip
    sectors = SECTORS[0]
    assert _refused("sectors", _file([
        sectors, "a,A,,tech,Tech,科技", "b,B,,tech,Technology,科技",
    ])) == [(3, "group_name: group tech is named otherwise on line 2")]  # fmt: skip
    assert _refused("sectors", _file([sectors, "a,A,,,Tech,科技"])) == [
        (2, "group_name: a name for no group; give the group too")
    ]
    assert _stored() == before


def test_stands_name_their_hall_in_the_readers_language(app, client, make):
    _import("sectors", SECTORS)
    _import("exhibitors", FILES["exhibitors"])
    hall = db.session.scalar(sa.select(Hall).where(Hall.name == "Hall 1"))
    hall.name_zh = "1 号馆"
    pearl = db.session.scalar(sa.select(Exhibitor).where(Exhibitor.name.like("Pearl%")))
    iot = db.session.scalar(sa.select(Sector).where(Sector.slug == "iot"))
    booth = make.published_booth(pearl, iot, title="Pearl booth")
    chinese = _page(client, f"/booths/{booth.id}", **ZH)
    assert "1 号馆 · A12" in chinese
    # The link keeps its address.
    assert 'href="/catalogue/halls/Hall%201?find=A12#stand-A12"' in chinese
    assert "Hall 1 · A12" in _page(client, f"/booths/{booth.id}")
    assert "1 号馆 · A12" in _page(client, "/sectors/iot", **ZH)
