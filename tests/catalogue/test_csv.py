"""Catalogue CSV: each kind round-trips unchanged; every kind of bad file is refused whole, with
each problem named by line, and changes nothing; exports never carry a live formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
import sqlalchemy as sa

from eexpo.catalogue import transfer
from eexpo.csvfiles import to_csv
from eexpo.extensions import db
from eexpo.models import Exhibitor, Hall, ProgrammeSession, Project, Sector, Stand, Venue

SECTORS = [
    "slug,name,name_zh,group,group_name,group_name_zh",
    "iot,Internet of Things,物联网,high-tech,High-tech,高新技术",
    "modern-agriculture,Modern agriculture,现代农业,agriculture,Agriculture,",
]
FILES = {
    "event": [
        "name,name_zh,starts_on,ends_on,venue,venue_zh,country,region",
        "International High-Tech Expo 2026,2026 国际高新技术博览会,2026-11-15,2026-11-19,"
        '"Convention Center, Shenzhen",深圳会展中心,CN,Guangdong',
    ],
    "sectors": SECTORS,
    "exhibitors": [
        "name,name_zh,country,region,delegation,sector,website,email,hall,stand",
        "Alpine Robotics,,CH,Zurich,Swiss Pavilion,iot,https://alpine.example,"
        "info@alpine.example,Hall 2,B7",
        "Pearl River Microelectronics,珠江微电子,CN,Guangdong,Guangdong Delegation,iot,,,"
        "Hall 1,A12",
        "Seedling Farms,,KE,,,modern-agriculture,,,,",
    ],
    "sessions": [
        "title,title_zh,starts_at,kind,ends_at,room,room_zh,speakers,speakers_zh,description,"
        "description_zh,tables,slot_minutes,exhibitors",
        "Opening forum,开幕论坛,2026-11-15T09:30+08:00,forum,2026-11-15T11:00+08:00,Hall 1 Forum,"
        "1 号馆论坛,Li Wei (Shenzhen University); Anna Berg (KTH),李伟 (深圳大学); Anna Berg (KTH),"
        '"Where chips go next, in 90 minutes.",芯片的下一步，90 分钟讲清。,,,',
        "Matchmaking: IoT,,2026-11-16T14:00+08:00,business_talk,2026-11-16T15:00+08:00,Room 3,,,,,,"
        "12,20,",
    ],
    "venues": [
        "name,name_zh,kind,address,address_zh,opening_hours,website,description,description_zh",
        "Science Museum,科学博物馆,museum,1 Museum Road,博物馆路 1 号,09:00–17:00,"
        "https://museum.example,Open all week,全周开放",
        "Shenzhen Bay Lab,,laboratory,,,,,,",
    ],
    "projects": [
        "title,sector,country,region,value_cny,signed_on,parties,exhibitors",
        "Sensor plant,iot,CN,Guangdong,17848000000,2026-11-17,,",
        "Smart farms for Kenya,modern-agriculture,KE,Nairobi,120000000.5,2026-11-16,"
        "Seedling Farms; Nairobi County,",
    ],
    "glossary": [
        "english,chinese",
        "Guangdong,广东",
        "Guangdong Delegation,广东代表团",
        "Swiss Pavilion,瑞士馆",
    ],
}

# Headers without the Chinese twins, which a file may leave out.
SHORT = {
    "sessions": "title,starts_at,kind,ends_at,room,speakers,description,tables,slot_minutes",
    "venues": "name,kind,address,opening_hours,website,description",
}


def _file(lines: list[str]) -> bytes:
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _without_ids(data: bytes) -> bytes:
    """An export with its id column taken out (each id checked to be a number)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "id"
    assert all(row[0].isdigit() for row in rows[1:])
    return to_csv(rows[0][1:], [row[1:] for row in rows[1:]])


def _import(kind: str, lines: list[str] | bytes):
    data = lines if isinstance(lines, bytes) else _file(lines)
    counts = transfer.import_csv(kind, data)
    db.session.commit()
    return counts


def _refused(kind: str, data: bytes) -> list[tuple[int, str]]:
    with pytest.raises(transfer.ImportRefused) as refused:
        transfer.plan_import(kind, data)
    db.session.rollback()
    return [(error.line, error.message) for error in refused.value.errors]


@pytest.fixture
def sectors(app):
    _import("sectors", SECTORS)


@pytest.mark.parametrize("kind", list(FILES))
def test_import_then_export_round_trips_unchanged(app, sectors, kind):
    _import(kind, FILES[kind])
    exported = transfer.export_csv(kind)
    assert (exported if kind == "event" else _without_ids(exported)) == _file(FILES[kind])
    again = _import(kind, exported)
    assert again == {"new": 0, "changed": 0, "unchanged": len(FILES[kind]) - 1, "deleted": 0}
    assert transfer.export_csv(kind) == exported


def test_an_import_upserts_by_key_and_says_what_changes(app, sectors):
    counts = _import("venues", FILES["venues"])
    assert counts == {"new": 2, "changed": 0, "unchanged": 0, "deleted": 0}
    plan = transfer.plan_import("venues", _file([
        SHORT["venues"],
        "Science Museum,museum,2 Museum Road,09:00–17:00,https://museum.example,Open all week",
        "Shenzhen Bay Lab,laboratory,,,,",
        "Tech Park,science_park,,,,",
    ]))  # fmt: skip
    assert [(c.key, c.action, c.fields) for c in plan.changes] == [
        ("Science Museum", "changed", ("address",)),
        ("Shenzhen Bay Lab", "unchanged", ()),
        ("Tech Park", "new", ()),
    ]
    transfer.apply(plan)
    db.session.commit()
    assert db.session.scalar(sa.select(Venue.address).where(Venue.name == "Science Museum")) == (
        "2 Museum Road"
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Venue)) == 3


def test_values_are_stored_typed_and_exact(app, sectors):
    _import("projects", FILES["projects"])
    _import("sessions", FILES["sessions"])
    _import("exhibitors", FILES["exhibitors"])
    value = db.session.scalar(sa.select(Project.value_cny).where(Project.title == "Sensor plant"))
    assert value == Decimal("17848000000")
    opening = db.session.scalar(
        sa.select(ProgrammeSession).where(ProgrammeSession.title == "Opening forum")
    )
    assert opening.starts_at.isoformat() == "2026-11-15T01:30:00+00:00"
    assert [(s.name, s.affiliation) for s in opening.speakers] == [
        ("Li Wei", "Shenzhen University"), ("Anna Berg", "KTH")
    ]  # fmt: skip
    stand = db.session.scalar(sa.select(Stand).join(Stand.hall).where(Hall.name == "Hall 1"))
    assert (stand.code, stand.exhibitor.name) == ("A12", "Pearl River Microelectronics")


def test_projects_name_the_exhibitors_they_came_from(app, sectors):
    _import("exhibitors", FILES["exhibitors"])
    header, sensor, farms = FILES["projects"]
    named = [header, sensor + '"Pearl River Microelectronics; Alpine Robotics"',
             farms + "Seedling Farms"]  # fmt: skip
    _import("projects", named)
    project = db.session.scalar(sa.select(Project).where(Project.title == "Sensor plant"))
    assert sorted(e.name for e in project.exhibitors) == [
        "Alpine Robotics", "Pearl River Microelectronics"
    ]  # fmt: skip
    exported = transfer.export_csv("projects")
    assert b",,Alpine Robotics; Pearl River Microelectronics\r\n" in exported
    again = _import("projects", named)  # the same names in another order change nothing
    assert again == {"new": 0, "changed": 0, "unchanged": 2, "deleted": 0}
    assert transfer.export_csv("projects") == exported
    _import("projects", [header, sensor, farms])
    assert db.session.scalar(
        sa.select(Project).where(Project.title == "Sensor plant")
    ).exhibitors == []  # fmt: skip


def test_a_project_naming_an_unknown_exhibitor_is_refused(app, sectors):
    _import("exhibitors", FILES["exhibitors"])
    header, sensor, _farms = FILES["projects"]
    found = _refused("projects", _file([header, sensor + "Alpine Robotics; Nobody Ltd"]))
    assert found == [(2, "exhibitors: there is no exhibitor “Nobody Ltd”")]
    assert _count(Project) == 0


def test_a_file_may_swap_two_stands(app, sectors):
    _import("exhibitors", FILES["exhibitors"])
    header, alpine, pearl, seedling = FILES["exhibitors"]
    swapped = [header, alpine.replace("Hall 2,B7", "Hall 1,A12"),
               pearl.replace("Hall 1,A12", "Hall 2,B7"), seedling]  # fmt: skip
    _import("exhibitors", swapped)
    assert _without_ids(transfer.export_csv("exhibitors")) == _file(swapped)


def test_naive_times_are_the_expos_own(app):
    _import("sessions", [SHORT["sessions"], "Keynote,2026-11-15T09:30,forum,2026-11-15T10:00,,,,,"])
    assert b"2026-11-15T09:30+08:00" in transfer.export_csv("sessions")


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


@pytest.mark.parametrize(
    ("kind", "lines", "expected"),
    [
        ("exhibitors", ["name,country,region"], [(1, "Missing column(s): name_zh, delegation")]),
        ("venues", ["name,kind,address,opening_hours,website,description,colour"],
         [(1, "Unknown column(s): colour.")]),
        ("exhibitors", [FILES["exhibitors"][0], "Acme,,DE,,,no-such-sector,,,,"],
         [(2, "sector: no sector “no-such-sector” (import the sectors first)")]),
        ("exhibitors", [FILES["exhibitors"][0], "Acme,,Germany,,,,,,,", "Beta,,XX,,,,,,,"],
         [(2, "country: “GERMANY” is not an ISO 3166 two-letter code"),
          (3, "country: “XX” is not an ISO 3166 two-letter code")]),
        ("projects", [FILES["projects"][0], "Deal,,,,100,16/11/2026,,"],
         [(2, "signed_on: “16/11/2026” is not a date like 2026-11-16")]),
        ("projects", [FILES["projects"][0], "Deal,,,,-5,,,", "Other,,,,lots,,,",
                      "Third,,,,1.1234567,,,"],
         [(2, "value_cny: must be zero or more"), (3, "value_cny: “lots” is not a number"),
          (4, "value_cny: at most 6 decimal places")]),
        ("venues", [SHORT["venues"], "Lab,laboratory,,,,", "Museum,museum,,,,", "Lab,other,,,,"],
         [(4, "The same key as line 2.")]),
        ("exhibitors", [FILES["exhibitors"][0], "Acme,,,,,,,,Hall 1,A1", "Beta,,,,,,,,Hall 1,A1"],
         [(3, "stand A1 in Hall 1 is also given on line 2")]),
        ("sessions", [SHORT["sessions"], "Talk,2026-11-15T10:00,chat,2026-11-15T09:00,,,,,"],
         [(2, "kind: one of forum, business_talk, ceremony, other"),
          (2, "ends_at: not after starts_at")]),
        ("sessions", [SHORT["sessions"],
                      "Forum,2026-11-15T10:00,forum,2026-11-15T11:00,,,,4,20",
                      "Talk,2026-11-15T10:00,business_talk,2026-11-15T11:00,,,,0,7",
                      "Talk 2,2026-11-15T10:00,business_talk,2026-11-15T11:00,,,,many,"],
         [(2, "tables: only a business_talk has meeting tables"),
          (3, "tables: a whole number from 1 to 500"),
          (3, "slot_minutes: a whole number from 10 to 240"),
          (4, "tables: a whole number from 1 to 500")]),
        ("venues", [SHORT["venues"], "Lab,zoo,,,,", "Lab,museum,,,,"],
         [(2, "kind: one of"), (3, "The same key as line 2.")]),
        ("event", [FILES["event"][0], FILES["event"][1], FILES["event"][1]],
         [(3, "The same key as line 2.")]),
    ],
)  # fmt: skip
def test_bad_rows_are_each_reported_and_nothing_changes(app, sectors, kind, lines, expected):
    _import("venues", FILES["venues"])
    before = (_count(Exhibitor), _count(Venue), _count(Project), _count(ProgrammeSession))
    found = _refused(kind, _file(lines))
    assert {line for line, _ in found} == {line for line, _ in expected}
    for line, message in expected:
        assert any(line == at and message in text for at, text in found), (line, message, found)
    assert (_count(Exhibitor), _count(Venue), _count(Project), _count(ProgrammeSession)) == before


def test_a_stand_held_by_someone_outside_the_file_is_refused(app, sectors):
    _import("exhibitors", FILES["exhibitors"])
    found = _refused("exhibitors", _file([FILES["exhibitors"][0], "Newcomer,,,,,,,,Hall 1,A12"]))
    assert found == [
        (2, "stand A12 in Hall 1 belongs to Pearl River Microelectronics, who is not in this file")
    ]


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("gbk", "GBK (Chinese Windows encoding)"), ("latin-1", "Latin-1 or Windows-1252")],
)
def test_files_in_other_encodings_are_named(app, sectors, encoding, name):
    text = "\r\n".join([SHORT["venues"], "Musée des Sciences,museum,,,,", "科学馆,museum,,,,"])
    if encoding == "latin-1":
        text = text.replace("科学馆", "Café")
    [(line, message)] = _refused("venues", text.encode(encoding))
    assert name in message
    assert "Save it as “CSV UTF-8”" in message
    assert line == 2
    assert _count(Venue) == 0


def test_a_huge_file_is_refused_before_it_is_read(app):
    data = _file(FILES["venues"]) + b"x" * (50 * 1024 * 1024)
    [(line, message)] = _refused("venues", data)
    assert message == "The file is 50.0 MB; at most 10 MB can be imported."
    assert line == 0


def test_an_empty_file_and_a_broken_row_are_explained(app):
    assert _refused("venues", b"") == [(1, "The file is empty.")]
    assert _refused("venues", _file([SHORT["venues"], "A,museum,,,,,extra"])) == [
        (2, "The row has more cells than the header.")
    ]


def test_formula_cells_are_never_exported_live(app):
    _import("venues", [SHORT["venues"], '=HYPERLINK("http://evil.example"),museum,+1 555,-2,,'
                       "@SUM(A1)"])  # fmt: skip
    exported = _without_ids(transfer.export_csv("venues")).decode("utf-8-sig").splitlines()[1]
    assert exported == (
        '"\'=HYPERLINK(""http://evil.example"")",,museum,\'+1 555,,\'-2,,\'@SUM(A1),'
    )
    stored = db.session.scalar(sa.select(Venue.name))
    assert stored == '=HYPERLINK("http://evil.example")'  # kept as given; only export escapes


def test_the_command_line_imports_and_exports(app, runner, tmp_path):
    good = tmp_path / "sectors.csv"
    good.write_bytes(_file(SECTORS))
    result = runner.invoke(args=["catalogue", "import", "sectors", str(good)])
    assert result.exit_code == 0, result.output
    assert "sectors: 2 new, 0 changed, 0 unchanged, 0 deleted." in result.output
    assert db.session.scalar(sa.select(Sector.name).where(Sector.slug == "iot")) == (
        "Internet of Things"
    )
    exported = runner.invoke(args=["catalogue", "export", "sectors"])
    assert _without_ids(exported.stdout_bytes) == _file(SECTORS)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_file([SECTORS[0], "Bad Slug,Name,,", "ok,,,"]))
    refused = runner.invoke(args=["catalogue", "import", "sectors", str(bad)])
    assert refused.exit_code != 0
    assert "line 2: slug: lower-case letters" in refused.output
    assert "line 3: name: required" in refused.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Sector)) == 2
