"""Booth statistics and leads in the portal, their CSV export, and GET /api/v1/leads."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from eexpo.csvfiles import safe_cell
from eexpo.extensions import db
from eexpo.models import BoothDayStat, Lead, Role, utcnow


@pytest.fixture
def owner(make, auth):
    user = make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    return user


def _lead(booth, **fields) -> Lead:
    values = {
        "name": "Li Wei",
        "email": "li@example.com",
        "organization": "Grid Co",
        "message": "Please send a quote.",
        "consent_at": utcnow(),
    }
    values.update(fields)
    lead = Lead(booth_id=booth.id, **values)
    db.session.add(lead)
    db.session.commit()
    return lead


def test_statistics_show_views_plays_and_leads(client, owner, make):
    booth = make.published_booth(exhibitor=owner.exhibitor)
    db.session.add_all(
        [
            BoothDayStat(day=date(2026, 11, 15), booth_id=booth.id, views=120, video_plays=30,
                         unique_visitors=80),
            BoothDayStat(day=date(2026, 11, 16), booth_id=booth.id, views=95, video_plays=12,
                         unique_visitors=70),
        ]
    )  # fmt: skip
    db.session.commit()
    _lead(booth)
    html = client.get(f"/portal/booths/{booth.id}/statistics").get_data(as_text=True)
    assert "<dt>Views</dt><dd>215</dd>" in html
    assert "<dt>Video plays</dt><dd>42</dd>" in html
    assert "<dt>Leads</dt><dd>1</dd>" in html
    assert "Please send a quote." in html


def test_leads_export_as_csv_without_formulas(client, owner, make):
    booth = make.published_booth(exhibitor=owner.exhibitor)
    _lead(booth, name='=HYPERLINK("http://evil","x")', organization="+cmd", message="@SUM(1)")
    _lead(make.published_booth(), name="Not ours")
    response = client.get("/portal/leads.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["created_at", "booth", "name", "email", "organization", "message", "locale"]
    assert len(rows) == 2
    assert rows[1][2] == '\'=HYPERLINK("http://evil","x")'
    assert rows[1][4] == "'+cmd"
    assert rows[1][5] == "'@SUM(1)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("-2", "'-2"), ("@x", "'@x"), ("\tx", "'\tx"), ("plain", "plain"),
     (None, ""), (42, "42")],
)  # fmt: skip
def test_cells_that_would_run_as_formulas_are_neutralised(value, expected):
    assert safe_cell(value) == expected


def test_another_organizations_statistics_are_not_found(client, owner, make):
    other = make.published_booth()
    assert client.get(f"/portal/booths/{other.id}/statistics").status_code == 404


def test_api_lists_only_the_callers_leads(owner, make, api_as):
    mine = make.published_booth(exhibitor=owner.exhibitor)
    _lead(mine, name="Ours")
    _lead(make.published_booth(), name="Theirs")
    leads = api_as(owner).call("GET", "/leads").json
    assert [lead["name"] for lead in leads] == ["Ours"]
    assert leads[0]["booth"] == mine.slug
