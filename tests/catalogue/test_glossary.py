"""The glossary: organizers give the Chinese of the regions and delegations exhibitors and
projects name in English, once each, and Chinese readers see it wherever those names show; search
finds the booths by it. On both databases."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eexpo.extensions import db
from eexpo.models import Exhibitor, Role
from tests.catalogue.test_chinese import ZH, _page
from tests.catalogue.test_csv import FILES, SECTORS, _file, _import, _refused


@pytest.fixture
def catalogue(app):
    _import("sectors", SECTORS)
    for kind in ("exhibitors", "projects", "glossary"):
        _import(kind, FILES[kind])


def _pearl() -> Exhibitor:
    return db.session.scalar(sa.select(Exhibitor).where(Exhibitor.name.like("Pearl%")))


def test_chinese_readers_see_regions_and_delegations_in_chinese(client, make, catalogue):
    pearl = _pearl()
    sector = pearl.sector
    booth = make.published_booth(pearl, sector)
    chinese = _page(client, "/catalogue/exhibitors?by=delegation", **ZH)
    assert "广东代表团" in chinese
    assert "瑞士馆" in chinese
    assert "Guangdong Delegation" not in chinese
    english = _page(client, "/catalogue/exhibitors?by=delegation")
    assert "Guangdong Delegation" in english
    assert "广东代表团" not in english
    assert "CN · 广东 · 广东代表团" in _page(client, f"/sectors/{sector.slug}", **ZH)
    assert " · 广东" in _page(client, f"/booths/{booth.id}", **ZH)
    assert "Nairobi" in _page(client, "/catalogue/projects", **ZH)  # not in the glossary
    assert "CN · 广东" in _page(client, "/catalogue/projects", **ZH)


def test_the_report_names_them_in_the_readers_language(client, make, auth, catalogue):
    make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")
    report = _page(client, "/organizer/report", **ZH)
    assert "<td>广东</td>" in report
    assert '<th scope="row">广东代表团</th>' in report
    rows = client.get("/organizer/report.csv", headers=ZH).get_data(as_text=True)
    assert "exhibitors_by_delegation,Guangdong Delegation,广东代表团,1" in rows
    assert "projects_by_region,CN / Guangdong,中国 / 广东," in rows


def test_search_finds_booths_by_the_chinese_of_their_region(client, make, catalogue):
    make.published_booth(_pearl(), title="Wafer probes")
    assert "Wafer probes" in _page(client, "/search?q=广东代表团")
    _import("glossary", ["english,chinese", "Guangdong,粤", "Guangdong Delegation,粤团"])
    assert "Wafer probes" in _page(client, "/search?q=粤团")  # indexed again on import
    assert "Wafer probes" not in _page(client, "/search?q=广东代表团")


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (["english,chinese", "Guangdong,"], "chinese: required"),
        (["english,chinese", ",广东"], "english: required"),
        (["english,chinese", "Guangdong,广东", "Guangdong,粤"], "The same key as line 2."),
    ],
)
def test_bad_rows_are_refused_by_line(app, lines, problem):
    errors = _refused("glossary", _file(lines))
    assert errors
    assert any(problem in message for _line, message in errors), errors
