"""The event report, checked against figures worked out by hand: every number of the JSON, the
press-release summary and the CSV; shares rounded half up from exact decimals; zeros when there
is nothing; organizers only."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest

from eexpo import report, report_formats
from eexpo.extensions import db
from eexpo.models import (
    BoothDayStat,
    Event,
    EventDayStat,
    ExhibitorStatus,
    Lead,
    Meeting,
    MeetingSlot,
    MeetingStatus,
    PlaceKind,
    Project,
    Role,
    utcnow,
)

# By hand. Host: CN / Guangdong. Six projects, RMB 8,000,000,000.6 in all:
#   P1 ic   CN Guangdong 1,000,000,000.1      inside
#   P2 ic   CN Hubei     2,500,000,000        outside (another region of the host country)
#   P3 bio  DE Bavaria     333,333,333.333333 outside
#   P4 agri CN Guangdong   166,666,666.666667 inside
#   P5 misc CN (none)                    0.5  unknown region: not counted outside
#   P6 (no sector) KE Nairobi 4,000,000,000   outside
# ic's value share is 3,500,000,000.1 / 8,000,000,000.6 = 0.43749999998: 43.7%, where a float
# rounded to 0.4375 first would say 43.8%.
PROJECTS = [
    ("P1", "ic", "CN", "Guangdong", "1000000000.1"),
    ("P2", "ic", "CN", "Hubei", "2500000000"),
    ("P3", "bio", "DE", "Bavaria", "333333333.333333"),
    ("P4", "agri", "CN", "Guangdong", "166666666.666667"),
    ("P5", "misc", "CN", None, "0.5"),
    ("P6", None, "KE", "Nairobi", "4000000000"),
]
DAY = date(2026, 11, 15)
# The funnel, by hand. A Corp (sector ic) hosts three meetings: one waiting, one accepted, one
# accepted and then cancelled (still accepted once); C GmbH (no sector) declined one.
#            views leads requested accepted projects
#   ic         50    2      3        2        2
#   bio        25    0      0        0        1
#   agri        0    0      0        0        1
#   misc        0    0      0        0        1
#   none        0    0      1        0        1
#   total      75    2      4        2        6
MEETINGS = [("A Corp", None, None), ("A Corp", "accepted", True),
            ("A Corp", "cancelled", True), ("C GmbH", "declined", False)]  # fmt: skip


@pytest.fixture
def data(app, make):
    db.session.add(Event(name="Expo", starts_on=DAY, ends_on=DAY + timedelta(days=4),
                         country="CN", region="Guangdong"))  # fmt: skip
    sectors = {
        "ic": make.sector(
            "ic",
            name="Integrated circuits",
            name_zh="集成电路",
            group="high-tech",
            group_name="high-tech",
            group_name_zh="高新技术",
            position=0,
        ),
        "bio": make.sector(
            "bio",
            name="Biomedicine",
            group="high-tech",
            group_name="high-tech",
            group_name_zh="高新技术",
            position=1,
        ),
        "agri": make.sector("agri", name="Agriculture", group="agriculture", position=2),
        "misc": make.sector("misc", name="Miscellany", group=None, position=3),
    }
    for title, sector, country, region, value in PROJECTS:
        db.session.add(Project(title=title, sector=sectors.get(sector), country=country,
                               region=region, value_cny=Decimal(value)))  # fmt: skip
    a = make.exhibitor("A Corp", country="CN", delegation="Guangdong Delegation",
                       sector=sectors["ic"])  # fmt: skip
    b = make.exhibitor("B Corp", country="CN")
    c = make.exhibitor("C GmbH", country="DE", delegation="German Pavilion")
    make.exhibitor("D Pending", status=ExhibitorStatus.PENDING, country="FR")
    booth_a = make.published_booth(a, sectors["ic"])
    booth_b = make.published_booth(b, sectors["bio"])
    make.draft_booth(c, sectors["ic"])
    db.session.add_all([
        EventDayStat(day=DAY, unique_visitors=120, views=300, video_plays=10),
        EventDayStat(day=DAY + timedelta(days=1), unique_visitors=80, views=200, video_plays=5),
        BoothDayStat(day=DAY, booth_id=booth_a.id, views=40, video_plays=3, unique_visitors=30),
        BoothDayStat(day=DAY, booth_id=booth_b.id, views=25, video_plays=0, unique_visitors=20),
        BoothDayStat(day=DAY + timedelta(days=1), booth_id=booth_a.id, views=10, video_plays=1,
                     unique_visitors=9),
    ])  # fmt: skip
    for n in range(2):
        db.session.add(Lead(booth_id=booth_a.id, name=f"L{n}", email=f"l{n}@example.com",
                            message="Hi", consent_at=utcnow()))  # fmt: skip
    hosts = {e.name: make.user(Role.EXHIBITOR, exhibitor=e) for e in (a, c)}
    guest = make.user()
    starts = utcnow() + timedelta(days=1)
    for n, (host, status, accepted) in enumerate(MEETINGS):
        begins = starts + timedelta(hours=n)
        slot = MeetingSlot(exhibitor_id=hosts[host].exhibitor_id, host_id=hosts[host].id,
                           starts_at=begins, ends_at=begins + timedelta(minutes=30),
                           place=PlaceKind.STAND)  # fmt: skip
        db.session.add(slot)
        db.session.flush()
        db.session.add(Meeting(slot_id=slot.id, requester_id=guest.id, message="Hello",
                               status=MeetingStatus(status or "requested"),
                               accepted_at=utcnow() if accepted else None))  # fmt: skip
    db.session.commit()


EXPECTED = {
    "exhibitors": {
        "total": 3,
        "with_booth": 2,
        "by_country": [{"country": "CN", "count": 2}, {"country": "DE", "count": 1}],
        "by_delegation": [
            {"delegation": None, "count": 1},
            {"delegation": "German Pavilion", "count": 1},
            {"delegation": "Guangdong Delegation", "count": 1},
        ],
    },
    "booths": {"published": 2, "by_sector": [{"sector": "ic", "count": 1},
                                             {"sector": "bio", "count": 1}]},
    "visitors": {
        "total": 200,
        "by_day": [
            {"day": "2026-11-15", "unique_visitors": 120, "page_views": 300, "video_plays": 10},
            {"day": "2026-11-16", "unique_visitors": 80, "page_views": 200, "video_plays": 5},
        ],
    },
    "views": 75,
    "video_plays": 4,
    "leads": 2,
    "projects": {
        "count": 6,
        "value_cny": "8000000000.6",
        "by_sector": [
            {"sector": "ic", "group": "high-tech", "count": 2, "value_cny": "3500000000.1",
             "count_share": 0.333333, "value_share": 0.4375},
            {"sector": "bio", "group": "high-tech", "count": 1, "value_cny": "333333333.333333",
             "count_share": 0.166667, "value_share": 0.041667},
            {"sector": "agri", "group": "agriculture", "count": 1,
             "value_cny": "166666666.666667", "count_share": 0.166667, "value_share": 0.020833},
            {"sector": "misc", "group": None, "count": 1, "value_cny": "0.5",
             "count_share": 0.166667, "value_share": 0.0},
            {"sector": None, "group": None, "count": 1, "value_cny": "4000000000",
             "count_share": 0.166667, "value_share": 0.5},
        ],
        "by_group": [
            {"group": None, "count": 2, "value_cny": "4000000000.5", "count_share": 0.333333,
             "value_share": 0.5},
            {"group": "high-tech", "count": 3, "value_cny": "3833333333.433333",
             "count_share": 0.5, "value_share": 0.479167},
            {"group": "agriculture", "count": 1, "value_cny": "166666666.666667",
             "count_share": 0.166667, "value_share": 0.020833},
        ],
        "by_region": [
            {"country": "KE", "region": "Nairobi", "count": 1, "value_cny": "4000000000",
             "count_share": 0.166667},
            {"country": "CN", "region": "Hubei", "count": 1, "value_cny": "2500000000",
             "count_share": 0.166667},
            {"country": "CN", "region": "Guangdong", "count": 2, "value_cny": "1166666666.766667",
             "count_share": 0.333333},
            {"country": "DE", "region": "Bavaria", "count": 1, "value_cny": "333333333.333333",
             "count_share": 0.166667},
            {"country": "CN", "region": None, "count": 1, "value_cny": "0.5",
             "count_share": 0.166667},
        ],
        "outside_host_region": {"count": 3, "count_share": 0.5},
    },
    "funnel": {
        "booth_views": 75, "leads": 2, "meetings_requested": 4, "meetings_accepted": 2,
        "projects": 6,
        "by_sector": [
            {"sector": "ic", "booth_views": 50, "leads": 2, "meetings_requested": 3,
             "meetings_accepted": 2, "projects": 2},
            {"sector": "bio", "booth_views": 25, "leads": 0, "meetings_requested": 0,
             "meetings_accepted": 0, "projects": 1},
            {"sector": "agri", "booth_views": 0, "leads": 0, "meetings_requested": 0,
             "meetings_accepted": 0, "projects": 1},
            {"sector": "misc", "booth_views": 0, "leads": 0, "meetings_requested": 0,
             "meetings_accepted": 0, "projects": 1},
            {"sector": None, "booth_views": 0, "leads": 0, "meetings_requested": 1,
             "meetings_accepted": 0, "projects": 1},
        ],
    },
}  # fmt: skip
SUMMARY = (
    "6 projects were signed, worth RMB 8.000 billion; 3 of them in the high-tech sectors, "
    "accounting for 50.0% of all signed projects and 47.9% of the total value; 3 are based "
    "outside the host region, 50.0% of the total."
)


def test_every_figure_of_the_json(data, client, make, auth):
    make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")
    response = client.get("/api/v1/report")
    assert response.status_code == 200
    assert response.get_json() == EXPECTED


def test_the_summary_and_the_text(data, runner):
    assert report_formats.summary(report.compute()) == SUMMARY
    text = runner.invoke(args=["report"]).output
    assert text.startswith(SUMMARY)
    assert "Signed projects: 6, RMB 8,000,000,000.6 (RMB 8.000 billion)" in text
    assert "  Integrated circuits: 2 (33.3%), RMB 3,500,000,000.1 (43.7%)" in text
    assert "  Miscellany: 1 (16.7%), RMB 0.5 (0.0%)" in text
    assert "  No group: 2 (33.3%), RMB 4,000,000,000.5 (50.0%)" in text
    assert "Visitors: 200 (unique per day, summed over 2 days)" in text
    assert "Booth views: 75; video plays: 4; leads: 2" in text
    assert "  Meetings requested: 4\n  Meetings accepted: 2\n  Signed projects: 6\n" in text


def test_every_row_of_the_csv(data, runner):
    output = runner.invoke(args=["report", "--format", "csv"]).stdout_bytes
    assert output.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(output.decode("utf-8-sig"))))
    assert rows[0] == list(report_formats.CSV_HEADER)
    assert rows[1:] == [
        ["exhibitors", "total", "", "3", "", "", ""],
        ["exhibitors", "with_booth", "", "2", "", "", ""],
        ["exhibitors_by_country", "CN", "China", "2", "", "", ""],
        ["exhibitors_by_country", "DE", "Germany", "1", "", "", ""],
        ["exhibitors_by_delegation", "", "", "1", "", "", ""],
        ["exhibitors_by_delegation", "German Pavilion", "German Pavilion", "1", "", "", ""],
        ["exhibitors_by_delegation", "Guangdong Delegation", "Guangdong Delegation", "1", "", "",
         ""],
        ["booths", "published", "", "2", "", "", ""],
        ["booths_by_sector", "ic", "Integrated circuits", "1", "", "", ""],
        ["booths_by_sector", "bio", "Biomedicine", "1", "", "", ""],
        ["visitors", "total", "", "200", "", "", ""],
        ["visitors_by_day", "2026-11-15", "", "120", "", "", ""],
        ["visitors_by_day", "2026-11-16", "", "80", "", "", ""],
        ["views", "total", "", "75", "", "", ""],
        ["video_plays", "total", "", "4", "", "", ""],
        ["leads", "total", "", "2", "", "", ""],
        ["projects", "total", "", "6", "8000000000.6", "", ""],
        ["projects_by_sector", "ic", "Integrated circuits", "2", "3500000000.1", "0.333333",
         "0.437500"],
        ["projects_by_sector", "bio", "Biomedicine", "1", "333333333.333333", "0.166667",
         "0.041667"],
        ["projects_by_sector", "agri", "Agriculture", "1", "166666666.666667", "0.166667",
         "0.020833"],
        ["projects_by_sector", "misc", "Miscellany", "1", "0.5", "0.166667", "0.000000"],
        ["projects_by_sector", "", "No sector", "1", "4000000000", "0.166667", "0.500000"],
        ["projects_by_group", "", "No group", "2", "4000000000.5", "0.333333", "0.500000"],
        ["projects_by_group", "high-tech", "high-tech", "3", "3833333333.433333", "0.500000",
         "0.479167"],
        ["projects_by_group", "agriculture", "agriculture", "1", "166666666.666667", "0.166667",
         "0.020833"],
        ["projects_by_region", "KE / Nairobi", "Kenya / Nairobi", "1", "4000000000", "0.166667",
         ""],
        ["projects_by_region", "CN / Hubei", "China / Hubei", "1", "2500000000", "0.166667", ""],
        ["projects_by_region", "CN / Guangdong", "China / Guangdong", "2", "1166666666.766667",
         "0.333333", ""],
        ["projects_by_region", "DE / Bavaria", "Germany / Bavaria", "1", "333333333.333333",
         "0.166667", ""],
        ["projects_by_region", "CN", "China", "1", "0.5", "0.166667", ""],
        ["projects_outside_host_region", "", "", "3", "", "0.500000", ""],
        ["funnel", "booth_views", "Booth views", "75", "", "", ""],
        ["funnel", "leads", "Leads", "2", "", "", ""],
        ["funnel", "meetings_requested", "Meetings requested", "4", "", "", ""],
        ["funnel", "meetings_accepted", "Meetings accepted", "2", "", "", ""],
        ["funnel", "projects", "Signed projects", "6", "", "", ""],
    ] + [
        [f"funnel_{step}_by_sector", sector, label, str(n), "", "", ""]
        for step, column in (("booth_views", [50, 25, 0, 0, 0]), ("leads", [2, 0, 0, 0, 0]),
                             ("meetings_requested", [3, 0, 0, 0, 1]),
                             ("meetings_accepted", [2, 0, 0, 0, 0]),
                             ("projects", [1 + 1, 1, 1, 1, 1]))
        for (sector, label), n in zip(
            (("ic", "Integrated circuits"), ("bio", "Biomedicine"), ("agri", "Agriculture"),
             ("misc", "Miscellany"), ("", "No sector")), column, strict=True)
    ]  # fmt: skip


def test_the_json_from_the_command_line_matches_the_api(data, runner):
    assert json.loads(runner.invoke(args=["report", "--format", "json"]).output) == EXPECTED


def test_nothing_at_all_gives_zeros(app, runner):
    figures = report.compute()
    assert report_formats.summary(figures) == (
        "0 projects were signed, worth RMB 0.000 billion; 0 of them in the high-tech sectors, "
        "accounting for 0.0% of all signed projects and 0.0% of the total value; 0 are based "
        "outside the host region, 0.0% of the total."
    )
    data = report_formats.as_json(figures)
    assert data["projects"] == {
        "count": 0, "value_cny": "0", "by_sector": [], "by_group": [], "by_region": [],
        "outside_host_region": {"count": 0, "count_share": 0.0},
    }  # fmt: skip
    assert data["visitors"] == {"total": 0, "by_day": []}
    assert data["funnel"] == {
        "booth_views": 0, "leads": 0, "meetings_requested": 0, "meetings_accepted": 0,
        "projects": 0, "by_sector": [],
    }  # fmt: skip
    assert runner.invoke(args=["report", "--format", "csv"]).exit_code == 0


def test_percentages_round_half_up_and_tell_close_shares_apart():
    assert report.percent(Decimal("0.12345")) == "12.3%"
    assert report.percent(Decimal("0.12350")) == "12.4%"  # half up, not to even
    assert report.percent_labels([Decimal("0.1234"), Decimal("0.1231"), Decimal("0.5")]) == [
        "12.34%", "12.31%", "50.0%"
    ]  # fmt: skip
    assert report.percent_labels([Decimal("0.5"), Decimal("0.5")]) == ["50.0%", "50.0%"]
    assert report.billions(Decimal("17848000000")) == "17.848"
    assert report.billions(Decimal("1234567")) == "0.001"
    assert report.yuan(Decimal("120000000.500000")) == "120,000,000.5"


def test_the_page_shows_the_figures_and_charts(data, client, make, auth):
    make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")
    html = client.get("/organizer/report").get_data(as_text=True)
    assert SUMMARY in html
    assert html.count('class="chart-svg"') == 2
    # Visitors per day: one day of data is one column at its own size, not stretched.
    assert 'viewBox="0 0 120 220" width="120" height="220"' in html
    assert html.count('class="chart-svg chart-columns"') == 1
    assert '<td class="number">3,500,000,000.1</td><td class="number">43.7%</td>' in html
    assert "RMB 8.000 billion" in html
    assert '<strong>4</strong> <span class="muted">200.0% of the step before</span>' in html
    assert '<strong>2</strong> <span class="muted">50.0% of the step before</span>' in html
    assert ('<tr><th scope="row">Integrated circuits</th><td class="number">50</td>'
            '<td class="number">2</td><td class="number">3</td><td class="number">2</td>'
            '<td class="number">2</td></tr>') in html  # fmt: skip
    csv_response = client.get("/organizer/report.csv")
    assert csv_response.mimetype == "text/csv"


@pytest.mark.parametrize("role", [Role.VISITOR, Role.EXHIBITOR])
def test_only_organizers_get_the_report(client, make, auth, role):
    make.user(role, email="someone@example.com")
    auth.login("someone@example.com")
    assert client.get("/organizer/report").status_code == 403
    assert client.get("/organizer/report.csv").status_code == 403
    assert client.get("/api/v1/report").status_code == 403


def test_anonymous_callers_are_turned_away(client):
    assert client.get("/organizer/report").status_code == 302
    assert client.get("/api/v1/report").status_code == 401


def test_chinese_readers_get_sums_in_yi(data, client, make, auth):
    make.user(Role.ORGANIZER, email="org@example.com", locale="zh_Hans")
    auth.login("org@example.com")
    html = client.get("/organizer/report").get_data(as_text=True)
    assert "共签约项目 6 个，总金额人民币 80.00 亿元；" in html
    # Sectors and groups by their Chinese names, the English where there is none.
    assert "其中 3 个属于高新技术行业" in html
    assert '<th scope="row">集成电路</th><td>高新技术</td>' in html
    assert '<th scope="row">Biomedicine</th><td>高新技术</td>' in html
    assert "high-tech" not in html
    assert '<th scope="row">德国</th><td>Bavaria</td>' in html  # places by their Chinese names
    text = client.get("/organizer/report.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["projects_by_group", "high-tech", "高新技术", "3", "3833333333.433333", "0.500000",
            "0.479167"] in rows  # fmt: skip
    assert ["exhibitors_by_country", "DE", "德国", "1", "", "", ""] in rows
    assert report.yi(Decimal("17848000000")) == "178.48"
