"""robots.txt and the sitemaps: every published booth, and nothing that is not on show."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from eexpo.booths import moderation
from eexpo.extensions import db
from eexpo.models import Role
from eexpo.visit import sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _locations(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    document = ET.fromstring(response.get_data())  # noqa: S314 - our own output
    return [loc.text for loc in document.iterfind(".//s:loc", NS)]


def test_the_sitemaps_list_published_booths_only(client, make, monkeypatch):
    monkeypatch.setattr(sitemap, "PER_FILE", 2)
    sector = make.sector("iot")
    shown = [make.published_booth(sector=sector, title=f"Shown {n}") for n in range(3)]
    gone = make.published_booth(sector=sector, title="Gone")
    moderation.take_down(gone, reason="Gone", actor=make.user(Role.ORGANIZER))
    db.session.commit()
    draft = make.draft_booth(make.exhibitor("Drafty"))
    assert _locations(client, "/sitemap.xml") == [
        "http://localhost/sitemap-main.xml",
        "http://localhost/sitemap-booths-1.xml",
        "http://localhost/sitemap-booths-2.xml",
    ]
    main = _locations(client, "/sitemap-main.xml")
    assert main[0] == "http://localhost/"
    assert "http://localhost/sectors/iot" in main
    booths = _locations(client, "/sitemap-booths-1.xml") + _locations(
        client, "/sitemap-booths-2.xml"
    )
    assert booths == [f"http://localhost/booths/{b.id}" for b in shown]
    assert f"/booths/{gone.id}<" not in client.get("/sitemap-booths-2.xml").get_data(as_text=True)
    assert f"http://localhost/booths/{draft.id}" not in booths
    page = client.get("/sitemap-booths-1.xml").get_data(as_text=True)
    assert "<lastmod>" in page
    assert client.get("/sitemap-booths-3.xml").status_code == 404
    assert client.get("/sitemap-booths-0.xml").status_code == 404


def test_robots_point_at_the_sitemap_and_away_from_private_pages(client):
    robots = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert "Disallow: /organizer/" in robots
    assert "Disallow: /portal/" in robots
