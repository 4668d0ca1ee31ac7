"""The public catalogue: the directory in every order, halls and stands, the programme (also as
iCalendar), venues and projects; e-booths linked only when published."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar

from eexpo.extensions import db
from tests.catalogue.test_csv import FILES, SECTORS, _import


@pytest.fixture
def catalogue(app, make):
    _import("sectors", SECTORS)
    for kind in ("event", "exhibitors", "sessions", "venues", "projects"):
        _import(kind, FILES[kind])


def _html(client, path, **headers) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    assert "Set-Cookie" not in response.headers
    return response.get_data(as_text=True)


def _rows(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r'<th scope="row">(.*?)</th>', html, re.S)]  # fmt: skip


def test_the_directory_links_published_booths_only(client, make, catalogue):
    from sqlalchemy import select

    from eexpo.models import Exhibitor

    pearl = db.session.scalar(select(Exhibitor).where(Exhibitor.name.like("Pearl%")))
    booth = make.published_booth(pearl, title="Pearl booth")
    alpine = db.session.scalar(select(Exhibitor).where(Exhibitor.name.like("Alpine%")))
    draft = make.draft_booth(alpine)
    html = _html(client, "/catalogue/exhibitors")
    assert [row.split(" · ")[0] for row in _rows(html)] == [
        "Alpine Robotics", "Pearl River Microelectronics", "Seedling Farms"
    ]  # fmt: skip
    assert "3 exhibitors" in html
    assert "1 with a booth online" in html
    assert f'href="/booths/{booth.id}"' in html
    assert f'href="/booths/{draft.id}"' not in html
    assert 'href="/catalogue/halls/Hall%201?find=A12#stand-A12"' in html  # marked on the plan


@pytest.mark.parametrize(
    ("by", "headings"),
    [
        ("hall", ["Hall 1", "Hall 2", "Other"]),
        ("sector", ["Internet of Things", "Modern agriculture"]),
        ("country", ["China", "Kenya", "Switzerland"]),
        ("delegation", ["Guangdong Delegation", "Swiss Pavilion", "Other"]),
        ("nonsense", ["A", "P", "S"]),
    ],
)
def test_the_directory_in_each_order(client, catalogue, by, headings):
    html = _html(client, f"/catalogue/exhibitors?by={by}")
    found = re.findall(r'<h2 id="[a-z]+-\d+">([^<]+)</h2>', html)
    assert found == headings


def test_country_names_follow_the_language(client, catalogue):
    html = _html(client, "/catalogue/exhibitors?by=country", **{"Accept-Language": "zh-CN"})
    headings = re.findall(r'<h2 id="country-\d+">([^<]+)</h2>', html)
    assert sorted(headings) == sorted(["中国", "肯尼亚", "瑞士"])
    assert "珠江微电子" in html


def test_a_hall_lists_its_stands_in_order(client, make, catalogue):
    from eexpo.models import Hall, Stand

    hall = db.session.scalar(db.select(Hall).where(Hall.name == "Hall 1"))
    db.session.add_all([Stand(hall=hall, code="A2"), Stand(hall=hall, code="A100")])
    db.session.commit()
    html = _html(client, "/catalogue/halls/Hall 1")
    assert _rows(html) == ["A2", "A12", "A100"]
    assert "Pearl River Microelectronics" in html
    assert "Free" in html
    assert client.get("/catalogue/halls/Hall 99").status_code == 404
    assert "2 stands" not in _html(client, "/catalogue/halls")


def test_the_programme_by_day_with_speakers(client, catalogue):
    html = _html(client, "/catalogue/programme")
    days = re.findall(r'<h2 id="day-\d+"><time datetime="([\d-]+)"', html)
    assert days == ["2026-11-15", "2026-11-16"]
    assert re.search(r">Li Wei \(Shenzhen University\)</a>; <a [^>]+>Anna Berg \(KTH\)</a>", html)
    assert ">9:30\u202fAM</time>–<time" in html  # the expo's own time, not UTC


def test_the_programme_as_icalendar(client, catalogue):
    response = client.get("/catalogue/programme.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["SUMMARY"]) for e in events] == ["Opening forum", "Matchmaking: IoT"]
    assert events[0].decoded("DTSTART").isoformat() == "2026-11-15T01:30:00+00:00"
    assert "Anna Berg (KTH)" in str(events[0]["DESCRIPTION"])
    assert "Convention Center, Shenzhen" in str(events[0]["LOCATION"])


def test_venues_and_projects(client, catalogue):
    venues = _html(client, "/catalogue/venues")
    assert "Science Museum" in venues
    assert "Open: 09:00–17:00" in venues
    projects = _html(client, "/catalogue/projects")
    assert "17,848,000,000" in projects
    assert "120,000,000.5" in projects


def test_the_booth_page_leads_to_its_stand(client, make, catalogue):
    from sqlalchemy import select

    from eexpo.models import Exhibitor

    pearl = db.session.scalar(select(Exhibitor).where(Exhibitor.name.like("Pearl%")))
    booth = make.published_booth(pearl)
    html = _html(client, f"/booths/{booth.id}")
    assert 'href="/catalogue/halls/Hall%201?find=A12#stand-A12"' in html  # marked on the plan
    assert "Visit us in the hall: Hall 1 · A12" in html


def test_an_empty_catalogue_says_so(client):
    for path, text in [
        ("/catalogue/exhibitors", "have not published the exhibitors"),
        ("/catalogue/halls", "have not published the halls"),
        ("/catalogue/programme", "have not published the programme"),
        ("/catalogue/venues", "have not published the venues"),
        ("/catalogue/projects", "No projects have been published"),
    ]:
        assert text in _html(client, path)


def test_the_catalogue_as_json(client, catalogue):
    projects = client.get("/api/v1/catalogue/projects").get_json()["items"]
    assert [(p["title"], p["value_cny"]) for p in projects] == [
        ("Sensor plant", "17848000000"), ("Smart farms for Kenya", "120000000.5")
    ]  # fmt: skip
    sessions = client.get("/api/v1/catalogue/sessions").get_json()["items"]
    assert sessions[0]["speakers"] == ["Li Wei (Shenzhen University)", "Anna Berg (KTH)"]
    assert sessions[0]["speakers_zh"] == ["李伟 (深圳大学)", "Anna Berg (KTH)"]
    assert sessions[0]["title_zh"] == "开幕论坛"
    speakers = client.get("/api/v1/catalogue/speakers").get_json()["items"]
    assert [(s["name"], s["name_zh"]) for s in speakers] == [("Anna Berg", ""), ("Li Wei", "李伟")]
    assert all(isinstance(item["id"], int) for item in speakers + sessions + projects)
    assert sessions[0]["starts_at"] == "2026-11-15T09:30+08:00"
    halls = client.get("/api/v1/catalogue/halls").get_json()["items"]
    assert [(h["name"], [s["code"] for s in h["stands"]]) for h in halls] == [
        ("Hall 1", ["A12"]), ("Hall 2", ["B7"])
    ]  # fmt: skip
    exhibitors = client.get("/api/v1/catalogue/exhibitors").get_json()["items"]
    assert {e["name"] for e in exhibitors} >= {"Alpine Robotics", "Seedling Farms"}
    assert client.get("/api/v1/catalogue/venues").get_json()["items"][0]["kind"] == "museum"
    missing = client.get("/api/v1/catalogue/secrets")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


def _stand(hall_name: str, code: str):
    from eexpo.models import Hall, Stand

    return db.session.scalar(
        db.select(Stand).join(Stand.hall).where(Hall.name == hall_name, Stand.code == code)
    )


def test_a_stands_code_opens_its_e_booth_or_else_the_stand(client, make, catalogue):
    import io

    import zxingcpp
    from PIL import Image

    pearl_stand = _stand("Hall 1", "A12")
    png = client.get(f"/catalogue/stands/{pearl_stand.id}/qr.png")
    assert png.mimetype == "image/png"
    [code] = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.get_data())))
    assert code.text == f"http://localhost/catalogue/stands/{pearl_stand.id}"
    assert b"<svg" in client.get(f"/catalogue/stands/{pearl_stand.id}/qr.svg").get_data()
    before = client.get(f"/catalogue/stands/{pearl_stand.id}")
    assert before.headers["Location"] == "/catalogue/halls/Hall%201?here=A12#stand-A12"
    booth = make.published_booth(pearl_stand.exhibitor)
    after = client.get(f"/catalogue/stands/{pearl_stand.id}")
    assert after.headers["Location"] == f"/booths/{booth.id}"
    assert client.get("/catalogue/stands/99999").status_code == 404
    assert client.get("/catalogue/stands/99999/qr.svg").status_code == 404


def test_stand_cards_for_a_hall(client, catalogue):
    stand = _stand("Hall 1", "A12")
    html = _html(client, "/catalogue/halls/Hall 1/cards")
    assert "Hall 1 · A12" in html
    assert "Pearl River Microelectronics" in html
    assert "珠江微电子" in html
    assert f'src="/catalogue/stands/{stand.id}/qr.svg"' in html
    assert client.get("/catalogue/halls/Hall 99/cards").status_code == 404


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("pearl", ["Pearl River Microelectronics"]),
        ("珠江", ["Pearl River Microelectronics"]),
        ("a12", ["Pearl River Microelectronics"]),
        ("swiss pavilion", ["Alpine Robotics"]),
        ("kenya", ["Seedling Farms"]),
        ("agriculture", ["Seedling Farms"]),
        ("hall 2 b7", ["Alpine Robotics"]),
        ("nobody here", []),
    ],
)
def test_the_directory_finds_exhibitors_by_what_visitors_type(client, catalogue, query, found):
    html = _html(client, f"/catalogue/exhibitors?q={query}")
    assert [row.split(" · ")[0] for row in _rows(html)] == found
    assert f'value="{query}"' in html
    assert f"match “{query}”" in html or f"matches “{query}”" in html


def test_a_directory_search_keeps_its_order_and_copes_with_long_words(client, catalogue):
    html = _html(client, "/catalogue/exhibitors?by=hall&q=hall")
    assert '<input type="hidden" name="by" value="hall">' in html
    assert 'href="/catalogue/exhibitors?by=sector&amp;q=hall"' in html
    headings = re.findall(r'<h2 id="hall-\d+">(.*?)</h2>', html)
    assert headings == ["Hall 1", "Hall 2"]
    assert _html(client, "/catalogue/exhibitors?q=" + "x" * 5000).count("<tr>") == 0
    assert _rows(_html(client, "/catalogue/exhibitors?q=%E9%9B%86%E6%88%90")) == []
