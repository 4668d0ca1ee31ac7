"""Catalogue CSV by id: exports begin with `id`; an import updates by id (so a rename is an
update, never a second record), creates rows without one, and deletes the rows the file lacks
only with `--prune`; every bad id is refused by line and changes nothing."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from eexpo.catalogue import transfer
from eexpo.csvfiles import to_csv
from eexpo.extensions import db
from eexpo.models import Booth, ProgrammeSession, Sector, Venue
from tests.catalogue.test_csv import FILES, SECTORS, _file, _import, _refused


def _rows(kind: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(transfer.export_csv(kind).decode("utf-8-sig"))))


def _write(rows: list[list[str]]) -> bytes:
    return to_csv(rows[0], rows[1:])


def _sessions() -> list[tuple[str, str | None]]:
    query = sa.select(ProgrammeSession.title, ProgrammeSession.title_zh)
    return [(title, zh) for title, zh in db.session.execute(query.order_by(ProgrammeSession.id))]


def test_a_renamed_session_is_the_same_session(app):
    _import("sessions", FILES["sessions"])
    rows = _rows("sessions")
    assert rows[0][:3] == ["id", "title", "title_zh"]
    first_id = rows[1][0]
    rows[1][1:3] = ["Opening forum on chips", "芯片开幕论坛"]
    counts = _import("sessions", _write(rows))
    assert counts == {"new": 0, "changed": 1, "unchanged": 1, "deleted": 0}
    assert _sessions() == [("Opening forum on chips", "芯片开幕论坛"), ("Matchmaking: IoT", None)]
    assert _rows("sessions")[1][0] == first_id
    assert transfer.export_csv("sessions") == _write(rows)  # and round trips byte for byte


def test_a_renamed_sector_keeps_its_booths(app, make):
    _import("sectors", SECTORS)
    iot = db.session.scalar(sa.select(Sector).where(Sector.slug == "iot"))
    booth = make.published_booth(sector=iot)
    rows = _rows("sectors")
    rows[1][1] = "internet-of-things"
    _import("sectors", _write(rows))
    db.session.expire_all()
    assert db.session.get(Booth, booth.id).sector.slug == "internet-of-things"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Sector)) == 2


def test_rows_without_an_id_are_matched_on_their_key_or_created(app):
    _import("venues", FILES["venues"])
    rows = _rows("venues")
    rows[1][0] = ""  # Science Museum, by its name
    rows.append(["", "Tech Park", "", "science_park", "", "", "", "", "", ""])
    counts = _import("venues", _write(rows))
    assert counts == {"new": 1, "changed": 0, "unchanged": 2, "deleted": 0}


def test_the_rows_a_file_lacks_go_only_with_prune(app, runner, tmp_path):
    _import("venues", FILES["venues"])
    rows = _rows("venues")[:2]  # Science Museum only
    plan = transfer.plan_import("venues", _write(rows))
    assert [label for _id, label in plan.missing] == ["Shenzhen Bay Lab"]
    assert transfer.apply(plan)["deleted"] == 0
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Venue)) == 2
    path = tmp_path / "venues.csv"
    path.write_bytes(_write(rows))
    result = runner.invoke(args=["catalogue", "import", "venues", str(path), "--prune"])
    assert result.exit_code == 0, result.output
    assert "venues: 0 new, 0 changed, 1 unchanged, 1 deleted." in result.output
    assert list(db.session.scalars(sa.select(Venue.name))) == ["Science Museum"]


def test_a_prune_that_would_orphan_booths_imports_nothing(app, make, runner, tmp_path):
    _import("sectors", SECTORS)
    iot = db.session.scalar(sa.select(Sector).where(Sector.slug == "iot"))
    make.published_booth(sector=iot)
    rows = _rows("sectors")
    rows = [rows[0], rows[2]]  # keeps modern-agriculture, renamed; leaves iot out
    rows[1][2] = "Agriculture"
    path = tmp_path / "sectors.csv"
    path.write_bytes(_write(rows))
    result = runner.invoke(args=["catalogue", "import", "sectors", str(path), "--prune"])
    assert result.exit_code != 0
    assert "line 0: iot: Booths are in this sector" in result.output
    names = set(db.session.scalars(sa.select(Sector.name)))
    assert names == {"Internet of Things", "Modern agriculture"}  # the rename went too


def test_bad_ids_are_refused_by_line_and_change_nothing(app):
    _import("venues", FILES["venues"])
    header, museum, lab = _rows("venues")
    before = list(db.session.execute(sa.select(Venue.id, Venue.name).order_by(Venue.id)))

    def refused(*rows: list[str]) -> list[tuple[int, str]]:
        return _refused("venues", _write([header, *rows]))

    assert refused(["99999", *museum[1:]]) == [
        (2, "id: there is no row 99999 (leave the id empty for a new row)")
    ]
    assert refused(["abc", *museum[1:]]) == [
        (2, "id: there is no row abc (leave the id empty for a new row)")
    ]
    assert refused(museum, [museum[0], "Another museum", *museum[2:]]) == [
        (3, f"Line 2 already updates row {museum[0]}.")
    ]
    assert refused([lab[0], "Science Museum", *lab[2:]]) == [
        (2, f"The key is row {museum[0]}'s already; rename that row first, or give its id.")
    ]
    assert _refused("event", _file([f"id,{FILES['event'][0]}", f"1,{FILES['event'][1]}"])) == [
        (1, "Unknown column(s): id.")
    ]
    assert list(db.session.execute(sa.select(Venue.id, Venue.name).order_by(Venue.id))) == before
