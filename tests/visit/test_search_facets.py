"""The search page beyond matching words, on both databases: a "did you mean" for a misspelt
Latin word, and facets (sector, country, hall) counted over the results."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eexpo import search, spelling
from eexpo.extensions import db
from eexpo.models import Hall, Stand


def test_similarity_is_pg_trgm_s_measure(app):
    assert spelling.trigrams("cat") == {"  c", " ca", "cat", "at "}
    assert spelling.similarity("wafr", "wafer") == pytest.approx(3 / 8)
    assert spelling.similarity("wafer", "wafer") == 1
    if db.engine.dialect.name == "postgresql":  # the same figure as the database's own
        found = db.session.scalar(sa.text("SELECT similarity('wafr', 'wafer')"))
        assert found == pytest.approx(3 / 8)


def test_published_words_make_the_vocabulary(make):
    make.published_booth(title="Silicon wafers", text="Dicing saws, 晶圆 and 300mm tools")
    known = set(db.session.scalars(sa.text("SELECT word FROM search_word")))
    assert {"silicon", "wafers", "dicing", "saws", "and", "tools"} <= known
    assert not {w for w in known if not re.fullmatch("[a-z]{3,32}", w)}  # no digits, no CJK


def test_a_misspelt_word_is_corrected_with_did_you_mean(client, make):
    make.published_booth(title="Silicon wafer dicing", text="Blades for every wafer.")
    make.published_booth(title="Wave solder lines")
    page = client.get("/search", query_string={"q": "wafr"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Did you mean:" in text
    assert 'href="/search?q=wafer"' in text
    assert "Silicon wafer dicing" in text
    assert "Wave solder lines" not in text
    assert "1 booth found" in text


def test_only_unknown_words_change_and_chinese_stays(make):
    make.published_booth(title="Silicon wafer dicing", text="Precision blades")
    assert spelling.suggest("Precision wafr 晶圆") == "Precision wafer 晶圆"
    assert spelling.suggest("precision blades") is None  # known words: nothing to correct
    assert spelling.suggest("qqxzv") is None  # nothing alike enough
    assert spelling.suggest("晶圆 300") is None


def test_no_suggestion_when_the_correction_finds_nothing_either(client, make):
    make.published_booth(title="Silicon wafer dicing")
    make.published_booth(title="Robot arms")
    text = client.get("/search", query_string={"q": "wafer robots"}).get_data(as_text=True)
    assert "Did you mean" not in text
    assert "No booth matches" in text


def test_a_rebuild_keeps_the_vocabulary_of_live_booths(make):
    make.published_booth(title="Gallium nitride")
    db.session.execute(sa.text("DELETE FROM search_word"))
    assert spelling.suggest("galium") is None
    search.rebuild()
    db.session.commit()
    assert spelling.suggest("galium") == "gallium"


@pytest.fixture
def three_robots(make):
    """Three robot booths: two in Automation (one from DE, one from CN), one in Energy (CN);
    Hall 1 holds the German and the first Chinese one."""
    automation = make.sector("automation", name="Automation", name_zh="自动化")
    energy = make.sector("energy", name="Energy", name_zh="能源")
    german = make.exhibitor("Roboter GmbH", country="DE")
    chinese = make.exhibitor("Jiqiren", country="CN")
    other = make.exhibitor("Sun robots", country="CN")
    make.published_booth(german, automation, title="Robot arms")
    make.published_booth(chinese, automation, title="Robot grippers")
    make.published_booth(other, energy, title="Robot cleaners for solar panels")
    make.published_booth(title="Pumps")  # matches nothing
    one = Hall(name="Hall 1", name_zh="1号馆", position=1)
    two = Hall(name="Hall 2", position=2)
    db.session.add_all([one, two])
    db.session.flush()
    db.session.add_all([
        Stand(hall_id=one.id, code="A1", exhibitor_id=german.id),
        Stand(hall_id=one.id, code="A2", exhibitor_id=chinese.id),
        Stand(hall_id=two.id, code="B1", exhibitor_id=chinese.id),  # a second stand
        Stand(hall_id=two.id, code="B2", exhibitor_id=other.id),
    ])  # fmt: skip
    db.session.commit()


def _options(text: str, name: str) -> list[str]:
    select = re.search(rf'<select id="f-{name}" name="{name}">(.*?)</select>', text, re.S)
    assert select is not None
    return [re.sub(r"\s+", " ", o).strip() for o in re.findall(r">([^<]+)</option>", select[1])]


def test_facets_count_the_results_under_the_other_facets(client, three_robots):
    text = client.get("/search", query_string={"q": "robot"}).get_data(as_text=True)
    assert "3 booths found" in text
    assert _options(text, "sector") == ["All", "Automation (2)", "Energy (1)"]
    assert _options(text, "country") == ["All", "China (2)", "Germany (1)"]
    # A booth counts once per hall it has a stand in.
    assert _options(text, "hall") == ["All", "Hall 1 (2)", "Hall 2 (2)"]

    chosen = client.get("/search", query_string={"q": "robot", "sector": "automation"})
    text = chosen.get_data(as_text=True)
    assert "2 booths found" in text
    assert "Robot cleaners" not in text
    assert _options(text, "sector") == ["All", "Automation (2)", "Energy (1)"]  # its own: all
    assert _options(text, "country") == ["All", "China (1)", "Germany (1)"]
    assert _options(text, "hall") == ["All", "Hall 1 (2)", "Hall 2 (1)"]

    in_hall = client.get("/search", query_string={"q": "robot", "hall": "Hall 2"})
    text = in_hall.get_data(as_text=True)
    assert "2 booths found" in text
    assert "Robot grippers" in text
    assert "Robot cleaners" in text
    assert "Robot arms" not in text
    assert _options(text, "sector") == ["All", "Automation (1)", "Energy (1)"]

    both = client.get("/search", query_string={"q": "robot", "hall": "Hall 1", "country": "cn"})
    assert "1 booth found" in both.get_data(as_text=True)
    assert "Robot grippers" in both.get_data(as_text=True)


def test_facets_read_in_chinese(client, three_robots):
    found = client.get("/search", query_string={"q": "robot"}, headers={"Accept-Language": "zh-CN"})
    text = found.get_data(as_text=True)
    assert _options(text, "sector")[1:] == ["自动化 (2)", "能源 (1)"]
    assert _options(text, "country")[1:] == ["中国 (2)", "德国 (1)"]
    assert _options(text, "hall")[1:] == ["1号馆 (2)", "Hall 2 (2)"]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        ({"country": "Germany"}, 422, "A country is given by its two-letter code."),
        ({"hall": "Hall 9"}, 404, "There is no hall Hall 9."),
        ({"sector": "no-such-sector"}, 404, None),
    ],
)
def test_unknown_facets_are_refused(client, three_robots, args, status, message):
    response = client.get("/search", query_string={"q": "robot", **args})
    assert response.status_code == status
    if message:
        assert message in response.get_data(as_text=True)
