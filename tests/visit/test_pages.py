"""The public pages: sector listings (paged, filtered, sorted), booth pages, the tour, QR codes;
what they cost in SQL, and what they must never show or set."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa
import zxingcpp
from PIL import Image

from eexpo.booths import moderation
from eexpo.booths import services as booths
from eexpo.extensions import db
from eexpo.media.generate import make_photo
from eexpo.media.pipeline import process_media
from eexpo.media.services import ingest
from eexpo.models import Booth, Hall, MediaKind, ProgrammeSession, Role, Stand, utcnow


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements run meanwhile (on the app's engine, by any session)."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _photo_booth(make, exhibitor, sector, *, photos: int = 1, title: str = "Photo booth"):
    booth = booths.create_booth(exhibitor, title=title, summary="", sector=sector, actor=None)
    booths.add_text_block(booth, "Hello", actor=None)
    for n in range(photos):
        item = ingest(
            exhibitor.id, make_photo(1200, 800, seed=n), kind=MediaKind.IMAGE,
            filename="p.jpg", content_type="image/jpeg", queue=False,
        )  # fmt: skip
        db.session.commit()
        process_media(item.id)
        booths.add_media_block(booth, item, alt=f"Photo {n}", actor=None)
    moderation.approve_submission(
        booths.submit_booth(booth, actor=None), actor=make.user(Role.ORGANIZER)
    )
    db.session.commit()
    return booth


def _titles(html: str) -> list[str]:
    return re.findall(r'class="card-title"><a href="/booths/\d+">([^<]+)</a>', html)


def test_a_sector_is_paged_24_at_a_time_by_exhibitor_name(client, make):
    sector = make.sector("iot")
    for n in range(26):
        make.published_booth(make.exhibitor(f"Maker {n:02d}"), sector, title=f"Booth {n:02d}")
    first = client.get("/sectors/iot").get_data(as_text=True)
    assert _titles(first) == [f"Booth {n:02d}" for n in range(24)]
    assert "26 booths" in first
    assert "Page 1 of 2" in first
    second = client.get("/sectors/iot?page=2").get_data(as_text=True)
    assert _titles(second) == ["Booth 24", "Booth 25"]
    past = client.get("/sectors/iot?page=9")
    assert past.status_code == 404
    assert "the last page is 2" in past.get_data(as_text=True)


def test_sector_filters_and_sorting(client, make):
    sector = make.sector("iot")
    german = make.exhibitor("Berlin Sensors", country="DE", delegation="Berlin delegation")
    make.published_booth(german, sector, title="German booth")
    make.published_booth(make.exhibitor("Anhui Chips", country="CN"), sector, title="Chinese booth")
    _photo_booth(make, make.exhibitor("Zhejiang Cams", country="CN"), sector, title="Late booth")
    html = client.get("/sectors/iot?country=de").get_data(as_text=True)
    assert _titles(html) == ["German booth"]
    assert '<option value="DE" selected>DE (1)</option>' in html
    by_delegation = client.get("/sectors/iot?delegation=Berlin+delegation").get_data(as_text=True)
    assert _titles(by_delegation) == ["German booth"]
    newest = client.get("/sectors/iot?sort=newest").get_data(as_text=True)
    assert _titles(newest) == ["Late booth", "Chinese booth", "German booth"]
    assert _titles(client.get("/sectors/iot?video=1").get_data(as_text=True)) == []
    weird = client.get("/sectors/iot?sort=sideways&country=%27%22").get_data(as_text=True)
    assert _titles(weird) == []


def test_sector_totals_and_filters_follow_each_publication(client, make):
    sector = make.sector("iot")
    make.published_booth(make.exhibitor("Berlin Sensors", country="DE"), sector)
    before = client.get("/sectors/iot").get_data(as_text=True)
    assert "1 booth<" in before
    assert ">DE (1)</option>" in before
    make.published_booth(make.exhibitor("Munich Motors", country="DE"), sector)
    after = client.get("/sectors/iot?country=DE").get_data(as_text=True)
    assert "2 booths" in after
    assert ">DE (2)</option>" in after


def test_cards_have_responsive_lazy_thumbnails(client, make):
    sector = make.sector("iot")
    _photo_booth(make, make.exhibitor(), sector)
    html = client.get("/sectors/iot").get_data(as_text=True)
    card = html[html.index('class="card booth-card"') :]
    assert 'loading="lazy"' in card
    assert re.search(r'srcset="[^"]+ 320w, [^"]+ 960w', card)
    assert '<source type="image/webp"' in card


def test_unknown_sectors_and_booths_get_the_404_page(client):
    for path in ("/sectors/nowhere", "/booths/999", "/booths/no-such-slug", "/booths/999/qr.svg"):
        response = client.get(path)
        assert response.status_code == 404
        if not path.endswith(".svg"):
            assert "Error 404" in response.get_data(as_text=True)


@pytest.mark.parametrize("count", [1, 30])
def test_a_sector_page_costs_at_most_three_statements(client, make, count):
    sector = make.sector("iot")
    for n in range(count):
        make.published_booth(make.exhibitor(f"Maker {n:02d}"), sector)
    with statements() as seen:
        assert client.get("/sectors/iot").status_code == 200
    assert len(seen) <= 3, seen


@pytest.mark.parametrize("photos", [1, 6])
def test_a_booth_page_costs_one_statement(client, make, photos):
    sector = make.sector("iot")
    exhibitor = make.exhibitor()
    booth = _photo_booth(make, exhibitor, sector, photos=photos)
    make.published_booth(make.exhibitor(), sector)
    db.session.add(Stand(hall=Hall(name="Hall 2"), code="B17", exhibitor_id=exhibitor.id))
    db.session.commit()
    path = f"/booths/{booth.id}"
    with statements() as seen:
        html = client.get(path).get_data(as_text=True)
    assert len(seen) == 1, seen
    assert html.count('class="lightbox-link"') == photos
    assert (
        len(re.findall(r'<source type="image/webp"[^>]* srcset="[^"]+ 320w, [^"]+ 960w', html))
        == photos
    )
    assert (
        len(re.findall(r'<img src="[^"]+/w1200\.jpg\?[^"]+" width="1200" height="800"', html))
        == photos
    )
    assert "Visit us in the hall: Hall 2 · B17" in html
    # Link previews get the first photo's largest JPEG, as an absolute URL.
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith("http://localhost/media-files/")
    assert "/w1200.jpg?" in image


def test_a_booth_shows_its_blocks_in_their_order(client, make, api_as):
    booth = booths.create_booth(
        make.exhibitor(), title="Ordered", summary="", sector=make.sector("iot"), actor=None
    )
    for word in ("Alpha", "Beta", "Gamma"):
        booths.add_text_block(booth, word, actor=None)
    first, second, third = booth.draft_revision.blocks
    first.position, third.position = 2, 0  # Gamma, Beta, Alpha: not the order they were added
    moderation.approve_submission(
        booths.submit_booth(booth, actor=None), actor=make.user(Role.ORGANIZER)
    )
    db.session.commit()
    html = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert html.index("Gamma") < html.index("Beta") < html.index("Alpha")
    blocks = client.get(f"/api/v1/booths/{booth.id}").get_json()["blocks"]
    assert [block["html"] for block in blocks] == [
        "<p>Gamma</p>\n",
        "<p>Beta</p>\n",
        "<p>Alpha</p>\n",
    ]


def test_the_tour_leads_through_the_sector_a_to_z(client, make):
    sector = make.sector("iot")
    other = make.sector("robots")
    a = make.published_booth(make.exhibitor("Alpha"), sector)
    make.published_booth(make.exhibitor("Beta"), other)
    c = make.published_booth(make.exhibitor("Gamma"), sector)
    hidden = make.published_booth(make.exhibitor("Delta"), sector)
    moderation.take_down(hidden, reason="x", actor=make.user(Role.ORGANIZER))
    db.session.commit()
    first = client.get(f"/booths/{a.id}").get_data(as_text=True)
    assert f'rel="next" href="/booths/{c.id}"' in first
    assert 'rel="prev"' not in first
    last = client.get(f"/booths/{c.id}").get_data(as_text=True)
    assert f'rel="prev" href="/booths/{a.id}"' in last
    assert 'rel="next"' not in last


@pytest.mark.parametrize("path", ["/", "/sectors/iot", "/booths/{id}", "/search?q=booth"])
def test_anonymous_pages_set_no_cookie_and_write_nothing(client, make, path):
    path = path.format(id=make.published_booth(sector=make.sector("iot")).id)
    with statements() as seen:
        response = client.get(path, headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not [s for s in seen if not s.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_a_booth_not_published_leaks_nowhere(client, make):
    sector = make.sector("iot")
    owner = make.user(Role.EXHIBITOR)
    live = _photo_booth(make, owner.exhibitor, sector, title="Taken down booth")
    media_keys = [
        v["key"].split("/")[1] for b in live.published_revision.blocks if b.media
        for v in b.media.variants.values()
    ]  # fmt: skip
    moderation.take_down(live, reason="x", actor=make.user(Role.ORGANIZER))
    draft = make.draft_booth(owner.exhibitor, sector)
    db.session.commit()
    for booth in (live, draft):
        assert client.get(f"/booths/{booth.id}").status_code == 404
        assert client.get(f"/booths/{booth.slug}").status_code == 404
        assert client.get(f"/booths/{booth.id}/qr.svg").status_code == 404
        assert client.get(f"/api/v1/booths/{booth.id}").status_code == 404
    pages = [
        client.get("/sectors/iot").get_data(as_text=True),
        client.get("/").get_data(as_text=True),
        client.get("/search?q=taken+down+booth").get_data(as_text=True),
        client.get("/api/v1/booths").get_data(as_text=True),
        client.get("/api/v1/booths?q=taken").get_data(as_text=True),
    ]
    for html in pages:
        assert "Taken down booth" not in html
        assert "Draft booth" not in html
        assert not any(key in html for key in media_keys)


def test_the_qr_code_decodes_to_the_booth_url(client, make):
    booth = make.published_booth()
    for kind in ("svg", "png"):
        response = client.get(f"/booths/{booth.id}/qr.{kind}")
        assert response.status_code == 200
    png = Image.open(io.BytesIO(client.get(f"/booths/{booth.id}/qr.png").get_data()))
    [code] = zxingcpp.read_barcodes(png)
    assert code.text == f"http://localhost/booths/{booth.id}"
    assert b"<svg" in client.get(f"/booths/{booth.id}/qr.svg").get_data()


def test_published_media_urls_are_signed_once_not_per_view(client, make, monkeypatch):
    booth = _photo_booth(make, make.exhibitor(), make.sector("iot"))
    client.get(f"/booths/{booth.id}")
    signed = []
    storage = client.application.extensions["eexpo.storage"]
    real = storage.url
    monkeypatch.setattr(storage, "url", lambda *a, **k: signed.append(a) or real(*a, **k))
    first = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    second = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert signed == []
    assert first == second


def test_the_api_lists_and_reads_published_booths(client, make):
    sector = make.sector("iot")
    booth = make.published_booth(make.exhibitor("Acme", country="DE"), sector, title="Acme booth")
    make.published_booth(make.exhibitor("Other", country="CN"), make.sector("robots"))
    listing = client.get("/api/v1/booths?sector=iot").json
    assert [item["id"] for item in listing["items"]] == [booth.id]
    assert listing["total"] == 1
    assert client.get("/api/v1/booths?country=cn").json["total"] == 1
    detail = client.get(f"/api/v1/booths/{booth.id}").json
    assert detail["title"] == "Acme booth"
    assert detail["blocks"][0]["html"] == "<p>Hello <strong>visitors</strong></p>\n"
    assert db.session.get(Booth, booth.id) is not None


def test_the_home_page_features_booths_and_what_is_on_today(client, make):
    booth = make.published_booth(title="Star booth")
    booth.is_featured = True
    now = utcnow()
    db.session.add_all(
        [
            ProgrammeSession(
                title="Opening forum", starts_at=now, ends_at=now + timedelta(hours=1)
            ),
            ProgrammeSession(
                title="Later talk",
                starts_at=now + timedelta(days=3),
                ends_at=now + timedelta(days=3, hours=1),
            ),
        ]
    )
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Featured booths" in html
    assert _titles(html) == ["Star booth"]
    assert "On today" in html
    assert "Opening forum" in html
    assert "Later talk" not in html


def test_without_sessions_today_the_home_page_shows_what_comes_next(client, make):
    later = utcnow() + timedelta(days=3)
    db.session.add(
        ProgrammeSession(title="Later talk", starts_at=later, ends_at=later + timedelta(hours=1))
    )
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Coming up" in html
    assert "Later talk" in html


def test_a_renamed_exhibitor_moves_in_the_listing_and_the_tour(client, make):
    sector = make.sector("iot")
    alpha = make.published_booth(make.exhibitor("Alpha Co"), sector, title="Alpha booth")
    make.published_booth(make.exhibitor("Beta Co"), sector, title="Beta booth")
    assert _titles(client.get("/sectors/iot").get_data(as_text=True)) == [
        "Alpha booth",
        "Beta booth",
    ]
    alpha.exhibitor.name = "Zeta Co"
    db.session.commit()
    assert _titles(client.get("/sectors/iot").get_data(as_text=True)) == [
        "Beta booth",
        "Alpha booth",
    ]
    page = client.get(f"/booths/{alpha.id}").get_data(as_text=True)
    assert "Previous: Beta Co" in page
    assert "Next:" not in page
