"""Search in English and Chinese, on both databases: ranking, snippets, odd input, and an index
that follows publication, takedown and restore at once."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eexpo import search
from eexpo.accounts import profile
from eexpo.booths import drafts, moderation, services
from eexpo.extensions import db
from eexpo.models import Role


def test_text_is_prepared_as_stemmed_words_and_chinese_bigrams():
    assert search.prepare("Smart SENSORS for cities") == "smart sensor for citi"
    assert search.prepare("智能传感器") == "智能 能传 传感 感器"
    assert search.prepare("5G基站, ok") == "5g 基站 ok"


@pytest.mark.parametrize(
    "query",
    ['"sensor" OR 1=1; DROP TABLE booth; --', "NEAR(a b) * ^ - + :", "!!! ??? ...", "x" * 2000,
     "'", '"', "\\", "传感器" * 700, "sensor:* & !x | <->"],
)  # fmt: skip
def test_odd_queries_never_fail(client, make, query):
    make.published_booth(title="Air sensors")
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 200
    api = client.get("/api/v1/booths", query_string={"q": query})
    if len(query) <= search.MAX_QUERY_CHARS:
        assert api.status_code == 200
    else:  # the API states its limit and holds to it
        assert api.status_code == 422
        assert api.json["error"]["fields"] == {"q": "too_long"}


def test_operators_are_just_words(client, make):
    make.published_booth(title="Sensor networks")
    make.published_booth(title="Robot arms")
    titles = _titles(client, '"sensor" OR robot')
    assert titles == []  # every word must match; OR is not an operator here
    assert _titles(client, "sensor, (networks)!") == ["Sensor networks"]


def _titles(client, query: str) -> list[str]:
    response = client.get("/api/v1/booths", query_string={"q": query})
    assert response.status_code == 200
    return [item["title"] for item in response.json["items"]]


def test_english_words_match_their_other_forms_and_titles_rank_first(client, make):
    make.published_booth(title="Water pumps", text="Our pumps carry **sensor** data too.")
    make.published_booth(title="Smart sensors", text="Measure the air.")
    assert _titles(client, "sensors") == ["Smart sensors", "Water pumps"]
    assert _titles(client, "SENSOR") == ["Smart sensors", "Water pumps"]


def test_beyond_the_ranked_matches_older_ones_follow_newest_first(make, monkeypatch):
    """Only the newest RANKED_MATCHES matches are ranked; the rest follow, newest first, and
    every match is on exactly one page."""
    monkeypatch.setattr(search, "RANKED_MATCHES", 3)
    older = [make.published_booth(title=f"Robot arms {n}").id for n in range(2)]
    plain = make.published_booth(title="Grippers", text="Also robots.").id
    titled = make.published_booth(title="Robots").id
    newest = make.published_booth(title="Arms", summary="Robots inside.").id
    pages = [search.search("robots", limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [total for _hits, total in pages] == [5, 5, 5]
    ids = [hit.booth_id for hits, _total in pages for hit in hits]
    assert ids[:3] == [titled, newest, plain]  # the three newest, best first
    assert ids[3:] == [older[1], older[0]]  # then the older match, newest first
    monkeypatch.setattr(search, "RANKED_MATCHES", 5)  # all of them ranked
    ranked = [hit.booth_id for hit in search.search("robots", limit=5)[0]]
    assert set(ranked) == set(ids)
    assert ranked[0] in (titled, *older)  # a title match, wherever its age


def test_chinese_is_found_inside_longer_words(client, make):
    make.published_booth(title="城市空气", text="我们的智能传感器网络覆盖全城。")
    make.published_booth(title="芯片设计", summary="高性能芯片")
    assert _titles(client, "传感器") == ["城市空气"]
    assert _titles(client, "芯片") == ["芯片设计"]
    assert _titles(client, "芯") == ["芯片设计"]
    assert _titles(client, "传感 网络") == ["城市空气"]
    assert _titles(client, "传感器芯片") == []


def test_exhibitor_names_in_both_languages_are_searchable(client, make):
    exhibitor = make.exhibitor("Pearl River Microelectronics", name_zh="珠江微电子")
    make.published_booth(exhibitor, title="Booth of the river")
    assert _titles(client, "pearl") == ["Booth of the river"]
    assert _titles(client, "珠江") == ["Booth of the river"]


def test_results_carry_a_highlighted_snippet(client, make):
    make.published_booth(
        title="Air", summary="We build <b>sensors</b> for cities", text="Other things."
    )
    html = client.get("/search?q=sensor").get_data(as_text=True)
    assert "<mark>sensors</mark>" in html
    assert "&lt;b&gt;" in html  # the exhibitor's text is escaped, never markup
    item = client.get("/api/v1/booths?q=sensor").json["items"][0]
    assert "<mark>sensors</mark>" in item["snippet_html"]


def test_the_index_follows_takedown_restore_and_approved_changes_at_once(client, make):
    owner = make.user(Role.EXHIBITOR)
    booth = make.published_booth(owner.exhibitor, title="Drone docks")
    organizer = make.user(Role.ORGANIZER)
    assert _titles(client, "drone") == ["Drone docks"]

    moderation.take_down(booth, reason="Counterfeit", actor=organizer)
    db.session.commit()
    assert _titles(client, "drone") == []
    assert "Drone docks" not in client.get("/search?q=drone").get_data(as_text=True)

    moderation.restore(booth, actor=organizer)
    db.session.commit()
    assert _titles(client, "drone") == ["Drone docks"]

    drafts.update_draft(booth, version=0, changes={"title": "Harbour drones"}, actor=owner)
    submission = services.submit_booth(booth, actor=owner)
    db.session.commit()
    assert _titles(client, "harbour") == []  # not before approval
    moderation.approve_submission(submission, actor=organizer)
    db.session.commit()
    assert _titles(client, "harbour") == ["Harbour drones"]


def test_drafts_and_submissions_are_never_found(client, make):
    exhibitor = make.exhibitor()
    make.draft_booth(exhibitor)
    make.submission(exhibitor, "Secret prototype")
    assert _titles(client, "draft") == []
    assert _titles(client, "secret prototype") == []


def test_a_search_page_past_the_end_is_a_404_that_points_back(client, make):
    make.published_booth(title="Only one")
    response = client.get("/search?q=only&page=5")
    assert response.status_code == 404
    assert "the last page is 1" in response.get_data(as_text=True)
    api = client.get("/api/v1/booths?q=only&page=5").json
    assert (api["items"], api["total"]) == ([], 1)


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=101", "per_page=-1"])
def test_bad_paging_in_the_api_is_explained(client, query):
    response = client.get(f"/api/v1/booths?{query}")
    assert response.status_code == 422
    assert re.search(
        r"must be (a whole number|at least 1|at most 100)\.", response.json["error"]["message"]
    )


def test_an_unknown_sector_in_the_api_is_404(client):
    assert client.get("/api/v1/booths?sector=nowhere").status_code == 404


def test_the_index_can_be_rebuilt_from_the_command_line(client, make, runner):
    make.published_booth(title="Drone docks")
    db.session.execute(sa.text(f"DELETE FROM {search.BOOTHS.table}"))  # noqa: S608
    db.session.commit()
    assert _titles(client, "drone") == []
    result = runner.invoke(args=["search", "rebuild"])
    assert result.output == "Indexed 1 published booths.\n"
    assert _titles(client, "drone") == ["Drone docks"]


def test_a_new_chinese_name_in_the_profile_is_searchable_at_once(client, make):
    owner = make.user(Role.EXHIBITOR)
    make.published_booth(owner.exhibitor, title="River booth")
    assert _titles(client, "珠江") == []
    profile.update_profile(
        owner.exhibitor, {"name_zh": "珠江微电子"}, logo_media_id=None, actor=owner
    )
    db.session.commit()
    assert _titles(client, "珠江") == ["River booth"]


def test_booths_are_found_by_their_sector_delegation_and_region(client, make):
    from eexpo.catalogue import transfer

    sector = make.sector("ic", name="Integrated circuits", name_zh="集成电路")
    chips = make.exhibitor("Pearl Chips", delegation="Guangdong Delegation", region="Shenzhen")
    make.published_booth(chips, sector, title="Wafer services")
    make.published_booth(sector=make.sector("farm", name="Farming"), title="Tractors")
    for query in ("集成电路", "电路", "集成", "integrated circuits", "Guangdong delegation",
                  "shenzhen"):  # fmt: skip
        assert _titles(client, query) == ["Wafer services"], query
    assert _titles(client, "半导") == []
    renamed = "\r\n".join(["id,slug,name,name_zh,group", f"{sector.id},ic,Semiconductors,半导体,",
                           ""]).encode()  # fmt: skip
    transfer.import_csv("sectors", renamed)
    db.session.commit()
    assert _titles(client, "半导") == ["Wafer services"]  # the new names, at once
    assert _titles(client, "电路") == []
    moved = "\r\n".join([
        "name,name_zh,country,region,delegation,sector,website,email,hall,stand",
        "Pearl Chips,,CN,Shenzhen,Shenzhen Delegation,ic,,,,", "",
    ]).encode()  # fmt: skip
    transfer.import_csv("exhibitors", moved)
    db.session.commit()
    assert _titles(client, "shenzhen delegation") == ["Wafer services"]
    assert _titles(client, "Guangdong delegation") == []
