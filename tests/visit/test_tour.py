"""Favourites, "my tour": kept in the account (pages and API) or, for anonymous visitors, sent
by the browser; listed as a walk through the halls; only published booths, ever."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eexpo.booths import moderation
from eexpo.extensions import db
from eexpo.models import Favourite, Hall, Role, Stand
from eexpo.visit import favourites
from tests.conftest import csrf_token


@pytest.fixture
def visitor(make, auth):
    user = make.user(Role.VISITOR, email="v@example.com")
    auth.login("v@example.com")
    return user


def _add(client, booth_id, **extra):
    data = {"csrf_token": csrf_token(client, "/tour"), **extra}
    return client.post(f"/tour/booths/{booth_id}", data=data)


def _stops(html: str) -> list[str]:
    return re.findall(r'<p class="tour-stop">([^<]+)</p>', html)


def _saved(user) -> list[int]:
    return sorted(
        db.session.scalars(sa.select(Favourite.booth_id).where(Favourite.user_id == user.id))
    )


def _place(exhibitor, hall: Hall, code: str) -> None:
    db.session.add(Stand(hall=hall, code=code, exhibitor_id=exhibitor.id))
    db.session.commit()


def test_a_signed_in_visitor_adds_and_removes_a_booth(client, make, visitor):
    booth = make.published_booth(title="Quantum sensors")
    page = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert "Add to my tour" in page
    added = _add(client, booth.id)
    assert added.status_code == 302
    assert added.headers["Location"] == f"/booths/{booth.id}"
    assert _saved(visitor) == [booth.id]
    page = client.get(f"/booths/{booth.id}").get_data(as_text=True)
    assert "The booth is on your tour." in page
    assert "On my tour: remove" in page
    assert "Quantum sensors" in client.get("/tour").get_data(as_text=True)
    assert _add(client, booth.id).status_code == 302  # again: no error, no second row
    assert _saved(visitor) == [booth.id]
    removed = client.post(
        f"/tour/booths/{booth.id}/remove",
        data={"csrf_token": csrf_token(client, "/tour"), "next": "/tour"},
    )
    assert removed.headers["Location"] == "/tour"
    assert _saved(visitor) == []
    assert "Your tour is empty." in client.get("/tour").get_data(as_text=True)


def test_the_tour_is_a_walk_through_the_halls(client, make, visitor):
    first, second = Hall(name="Hall 1", position=0), Hall(name="Hall 9", position=1)
    booths = {}
    for name, hall, code in [
        ("Far", second, "B1"), ("Ten", first, "A10"), ("Two", first, "A2"), ("Nowhere", None, None)
    ]:  # fmt: skip
        exhibitor = make.exhibitor(f"{name} Co")
        booths[name] = make.published_booth(exhibitor, title=f"{name} booth")
        if hall is not None:
            _place(exhibitor, hall, code)
    favourites.add(visitor, [b.id for b in booths.values()])
    db.session.commit()
    page = client.get("/tour").get_data(as_text=True)
    assert _stops(page) == ["Hall 1 · A2", "Hall 1 · A10", "Hall 9 · B1", "No stand in the halls"]
    assert "Print this route" in page


def test_hidden_booths_cannot_be_added_and_leave_the_tour(client, make, visitor):
    draft = make.draft_booth(make.exhibitor("Drafty"))
    assert _add(client, draft.id).status_code == 404
    assert _add(client, 999_999).status_code == 404
    assert _saved(visitor) == []
    booth = make.published_booth(title="Soon gone")
    _add(client, booth.id)
    moderation.take_down(booth, reason="Gone", actor=make.user(Role.ORGANIZER))
    db.session.commit()
    assert "Soon gone" not in client.get("/tour").get_data(as_text=True)


def test_a_tour_holds_at_most_a_hundred_booths(client, make, visitor, monkeypatch):
    monkeypatch.setattr(favourites, "MAX_BOOTHS", 2)
    ids = [make.published_booth(title=f"Booth {n}").id for n in range(3)]
    for booth_id in ids[:2]:
        _add(client, booth_id)
    refused = _add(client, ids[2])
    assert refused.status_code == 422
    assert "A tour holds at most 2 booths" in refused.get_data(as_text=True)
    assert _saved(visitor) == ids[:2]


def test_changes_need_a_signed_in_visitor_and_a_token(client, make, auth):
    booth = make.published_booth()
    anonymous = client.post(
        f"/tour/booths/{booth.id}", data={"csrf_token": csrf_token(client, "/login")}
    )
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/login")
    user = make.user(Role.VISITOR, email="v@example.com")
    auth.login("v@example.com")
    assert client.post(f"/tour/booths/{booth.id}", data={}).status_code == 400
    assert _saved(user) == []


def test_an_anonymous_tour_comes_from_the_browser(client, make):
    shown = make.published_booth(title="Shown booth")
    draft = make.draft_booth(make.exhibitor("Drafty"))
    page = client.get(f"/tour?booths={shown.id},{draft.id},abc,{shown.id},99999,'--")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("Shown booth") == 1
    assert "data-tour-page" in html
    assert "Set-Cookie" not in page.headers
    assert "csrf_token" not in html


def test_ids_from_a_url_are_cleaned_and_capped():
    assert favourites.parse_ids("3, 17;x,3,-4,1e5") == [3, 17, 4, 1, 5]
    assert len(favourites.parse_ids(",".join(str(n) for n in range(500)))) == favourites.MAX_BOOTHS
    assert favourites.parse_ids("9" * 2000) == [999_999_999, 999]  # read up to 1,200 characters


def test_an_anonymous_booth_page_offers_the_browser_tour(client, make):
    booth = make.published_booth()
    page = client.get(f"/booths/{booth.id}")
    html = page.get_data(as_text=True)
    assert f'data-tour-booth="{booth.id}"' in html
    assert "Set-Cookie" not in page.headers
    assert "js/tour.js" in html


def test_the_browser_tour_moves_into_the_account(client, make, visitor):
    one, two = make.published_booth(title="One"), make.published_booth(title="Two")
    draft = make.draft_booth(make.exhibitor("Drafty"))
    _add(client, one.id)
    imported = client.post(
        "/tour/import",
        data={"csrf_token": csrf_token(client, "/tour"), "booths": f"{one.id},{two.id},{draft.id}"},
    )
    assert imported.status_code == 302
    assert _saved(visitor) == [one.id, two.id]
    assert "1 booth added to your tour." in client.get("/tour").get_data(as_text=True)


def test_the_api_keeps_the_tour(client, make):
    make.user(Role.VISITOR, email="v@example.com")
    token = client.post(
        "/api/v1/tokens", json={"email": "v@example.com", "password": "correct horse battery"}
    ).json["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    hall = Hall(name="Hall 3")
    exhibitor = make.exhibitor("Stand Co")
    booth = make.published_booth(exhibitor, title="API booth")
    _place(exhibitor, hall, "C4")
    assert client.put(f"/api/v1/favourites/{booth.id}", headers=bearer).status_code == 201
    assert client.put(f"/api/v1/favourites/{booth.id}", headers=bearer).status_code == 200
    listed = client.get("/api/v1/favourites", headers=bearer).json["items"]
    assert [(item["id"], item["stand"]) for item in listed] == [(booth.id, "Hall 3 · C4")]
    draft = make.draft_booth(make.exhibitor("Drafty"))
    missing = client.put(f"/api/v1/favourites/{draft.id}", headers=bearer)
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"
    assert client.delete(f"/api/v1/favourites/{booth.id}", headers=bearer).status_code == 204
    gone = client.delete(f"/api/v1/favourites/{booth.id}", headers=bearer)
    assert gone.status_code == 404
    assert "not on your tour" in gone.json["error"]["message"]
    assert client.get("/api/v1/favourites").status_code == 401


def test_the_stops_in_a_hall_are_walked_nearest_first_and_numbered_on_its_plan(client, make):
    from eexpo.media import pipeline
    from eexpo.media import services as media
    from eexpo.media.generate import make_floor_plan
    from eexpo.models import MediaKind

    hall = Hall(name="Hall 1", position=0)
    db.session.add(hall)
    booths = []
    # A1 and A3 are side by side, A2 across the hall: the walk goes A1, A3, A2.
    for code, x, y in [("A1", 0.05, 0.05), ("A2", 0.75, 0.7), ("A3", 0.3, 0.05)]:
        exhibitor = make.exhibitor(f"{code} Co")
        booths.append(make.published_booth(exhibitor, title=f"{code} booth"))
        db.session.add(Stand(hall=hall, code=code, exhibitor_id=exhibitor.id, plan_x=x, plan_y=y,
                             plan_width=0.2, plan_height=0.2))  # fmt: skip
    plan = make_floor_plan([("A1", 0.05, 0.05, 0.2, 0.2)])
    item = media.ingest(None, plan, kind=MediaKind.IMAGE, filename="hall.png",
                        content_type="image/png", queue=False)  # fmt: skip
    hall.floor_plan_media_id = item.id
    db.session.commit()
    pipeline.process_media(item.id)
    ids = ",".join(str(b.id) for b in booths)
    page = client.get(f"/tour?booths={ids}").get_data(as_text=True)
    assert _stops(page) == ["Hall 1 · A1", "Hall 1 · A3", "Hall 1 · A2"]
    assert "Your stops in Hall 1" in page
    numbers = re.findall(r'<text class="plan-stop-number"[^>]*>(\d+)</text>', page)
    codes = re.findall(r'<text class="plan-code"[^>]*>([^<]+)</text>', page)
    assert dict(zip(codes, numbers, strict=True)) == {"A1": "1", "A2": "3", "A3": "2"}
    assert 'aria-labelledby="tour-plan-1-title"' in page
