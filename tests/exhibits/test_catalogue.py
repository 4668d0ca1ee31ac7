"""The exhibits catalogue: search in English and Chinese through the exhibits' index, facets with
counts, filters, the exhibit page, the booth page's grid, sitemaps; on pages and in the API."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eexpo.extensions import db
from eexpo.models import Exhibit, ExhibitVersion, MediaKind


@pytest.fixture
def expo(make):
    """Three exhibitors' exhibits across kinds, readiness levels, cooperation and countries."""
    chips = make.sector("semiconductors", name="Semiconductors", name_zh="半导体")
    energy = make.sector("energy", name="New energy", name_zh="新能源")
    pearl = make.exhibitor("Pearl River Microelectronics", name_zh="珠江微电子", country="CN")
    nordic = make.exhibitor("Nordic Grid", country="SE")
    make.booth_with_exhibits([
        {"name": "SiC power wafer", "name_zh": "碳化硅功率晶圆", "kind": "product",
         "summary": "Silicon carbide wafers for inverters", "sectors": ["semiconductors"],
         "trl": 9, "cooperation": ["sale"]},
        {"name": "Trench MOSFET process", "name_zh": "沟槽栅工艺", "kind": "technology",
         "summary": "A silicon carbide process, ready to license", "sectors": ["semiconductors"],
         "trl": 6, "cooperation": ["licensing", "joint_development"], "ip_status": "patented"},
    ], pearl, chips)  # fmt: skip
    make.booth_with_exhibits([
        {"name": "Grid battery", "kind": "product", "sectors": ["energy"], "trl": 7,
         "cooperation": ["distribution"]},
        {"name": "Hydrogen pilot plant", "kind": "project", "sectors": ["energy"], "trl": 4,
         "cooperation": ["investment", "licensing"]},
    ], nordic, energy)  # fmt: skip
    return {"pearl": pearl, "nordic": nordic}


def _names(answer) -> list[str]:
    return sorted(item["name"] for item in answer.json["items"])


def test_exhibits_are_listed_with_every_facets_counts(expo, client):
    answer = client.get("/api/v1/exhibits")
    assert answer.status_code == 200
    assert answer.json["total"] == 4
    assert answer.json["facets"] == {
        "sector": {"semiconductors": 2, "energy": 2},
        "kind": {"product": 2, "technology": 1, "project": 1},
        "trl": {"4": 1, "6": 1, "7": 1, "9": 1},
        "cooperation": {"sale": 1, "licensing": 2, "joint_development": 1, "investment": 1,
                        "distribution": 1},
        "country": {"CN": 2, "SE": 2},
    }  # fmt: skip


def test_a_facet_counts_under_the_other_filters_not_its_own(expo, client):
    answer = client.get("/api/v1/exhibits?cooperation=licensing&country=CN")
    assert _names(answer) == ["Trench MOSFET process"]
    facets = answer.json["facets"]
    assert facets["cooperation"] == {"sale": 1, "licensing": 1, "joint_development": 1}
    assert facets["country"] == {"CN": 1, "SE": 1}
    assert facets["kind"] == {"technology": 1}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("kind=product", ["Grid battery", "SiC power wafer"]),
        ("trl_min=6&trl_max=7", ["Grid battery", "Trench MOSFET process"]),
        ("sector=energy&cooperation=licensing", ["Hydrogen pilot plant"]),
        ("country=se", ["Grid battery", "Hydrogen pilot plant"]),
        ("q=silicon+carbide", ["SiC power wafer", "Trench MOSFET process"]),
        ("q=碳化硅", ["SiC power wafer"]),
        ("q=新能源", ["Grid battery", "Hydrogen pilot plant"]),
        ("q=珠江", ["SiC power wafer", "Trench MOSFET process"]),
        ("q=licensing&kind=technology", ["Trench MOSFET process"]),
        ("q=许可", ["Hydrogen pilot plant", "Trench MOSFET process"]),
        ("q=nothing+like+this", []),
    ],
)
def test_search_and_filters_narrow_the_catalogue(expo, client, query, found):
    answer = client.get(f"/api/v1/exhibits?{query}")
    assert answer.status_code == 200
    assert _names(answer) == found
    assert answer.json["total"] == len(found)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("kind=gadget", 422, "There is no such filter: kind=gadget"),
        ("cooperation=barter", 422, "There is no such filter: cooperation=barter"),
        ("trl_min=0", 422, "Readiness levels run from 1 to 9"),
        ("trl_max=10", 422, "Readiness levels run from 1 to 9"),
        ("country=Sweden", 422, "two-letter code"),
        ("sector=no-such-sector", 404, ""),
    ],
)
def test_the_catalogue_page_refuses_filters_there_are_not(expo, client, query, status, message):
    answer = client.get(f"/exhibits?{query}")
    assert answer.status_code == status
    assert message in answer.get_data(as_text=True)


def test_the_api_refuses_filters_there_are_not(expo, client):
    for query in ("kind=gadget", "trl_min=0", "trl_max=10", "cooperation=barter", "per_page=101"):
        assert client.get(f"/api/v1/exhibits?{query}").status_code == 422, query
    assert client.get("/api/v1/exhibits?sector=no-such-sector").status_code == 404


def test_the_catalogue_page_shows_cards_and_counts_in_the_readers_language(expo, client):
    page = client.get("/exhibits?q=碳化硅").get_data(as_text=True)
    assert "1 exhibit" in page
    assert "SiC power wafer" in page
    assert "TRL 9" in page
    assert "Licensing (2)" in client.get("/exhibits").get_data(as_text=True)
    client.set_cookie("eexpo_locale", "zh_Hans")
    chinese = client.get("/exhibits?kind=technology").get_data(as_text=True)
    assert "沟槽栅工艺" in chinese
    assert "珠江微电子" in chinese


def test_an_exhibit_page_shows_the_exhibit_its_documents_and_the_way_to_its_exhibitor(make, client):
    make.sector("semiconductors")
    pearl = make.exhibitor("Pearl River Microelectronics")
    brochure = make.media(
        pearl, kind=MediaKind.DOCUMENT, page_count=12, size=300_000,
        original_filename="SiC brochure.pdf",
        variants={"document": {"key": "media/b/document.pdf", "content_type": "application/pdf"}},
    )  # fmt: skip
    booth = make.booth_with_exhibits(
        [{"name": "SiC power wafer", "kind": "product", "description": "Made in **Guangzhou**.",
          "trl": 9, "cooperation": ["sale"], "document_ids": [brochure.id]}], pearl,
    )  # fmt: skip
    exhibit_id = db.session.scalar(sa.select(Exhibit.id).where(Exhibit.booth_id == booth.id))
    page = client.get(f"/exhibits/{exhibit_id}").get_data(as_text=True)
    assert "<h1>SiC power wafer</h1>" in page
    assert "<strong>Guangzhou</strong>" in page
    assert "12 pages" in page
    assert "SiC brochure.pdf</a>" in page
    assert f'href="/booths/{booth.id}/contact"' in page
    assert "Book a meeting about this" not in page  # the exhibitor offers no times
    detail = client.get(f"/api/v1/exhibits/{exhibit_id}").json
    assert detail["documents"][0]["pages"] == 12
    assert detail["documents"][0]["title"] == "SiC brochure.pdf"
    assert client.get("/exhibits/999999").status_code == 404


def test_the_booth_page_lists_its_exhibits_as_a_grid(expo, client):
    booth_id = db.session.scalar(sa.select(Exhibit.booth_id).limit(1))
    page = client.get(f"/booths/{booth_id}").get_data(as_text=True)
    assert 'aria-labelledby="exhibits-heading"' in page
    assert page.count('class="card exhibit-card"') == 2


def test_exhibits_are_found_by_the_site_search_and_listed_in_the_sitemaps(expo, client):
    names = db.session.scalars(sa.select(ExhibitVersion.name)).all()
    assert len(names) == 4
    search = client.get("/search?q=hydrogen").get_data(as_text=True)
    assert "Hydrogen pilot plant" in search
    index = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/sitemap-exhibits-1.xml" in index
    listed = client.get("/sitemap-exhibits-1.xml").get_data(as_text=True)
    assert listed.count("/exhibits/") == 4
