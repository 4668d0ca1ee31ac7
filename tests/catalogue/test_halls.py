"""Halls in the console: order and Chinese names, a floor plan through the media pipeline, and
stands placed on it, which the public hall page draws as links."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from eexpo import tasks
from eexpo.extensions import db
from eexpo.media.generate import make_photo
from eexpo.models import Hall, MediaStatus, Role, Stand
from tests.catalogue.test_csv import FILES, SECTORS, _import
from tests.conftest import csrf_token


@pytest.fixture
def hall(app, make, auth):
    make.user(Role.ORGANIZER, email="org@example.com")
    auth.login("org@example.com")
    _import("sectors", SECTORS)
    _import("exhibitors", FILES["exhibitors"])
    return db.session.scalar(sa.select(Hall).where(Hall.name == "Hall 1"))


def _save(client, hall, **fields):
    data = {"csrf_token": csrf_token(client, f"/organizer/halls/{hall.id}"), "position": "0",
            **fields}  # fmt: skip
    return client.post(f"/organizer/halls/{hall.id}", data=data, content_type="multipart/form-data")


def test_a_floor_plan_is_processed_and_stands_are_drawn_on_it(client, hall):
    stand = db.session.scalar(sa.select(Stand).where(Stand.hall_id == hall.id))
    plan = (io.BytesIO(make_photo(1600, 1000, seed=3, label="Hall 1")), "plan.jpg", "image/jpeg")
    response = _save(client, hall, name_zh="一号馆", position="2", plan=plan,
                     **{f"x-{stand.id}": "10", f"y-{stand.id}": "20", f"w-{stand.id}": "15",
                        f"h-{stand.id}": "12.5"})  # fmt: skip
    assert response.status_code == 302
    tasks.drain(30)
    db.session.expire_all()
    saved = db.session.get(Hall, hall.id)
    assert (saved.name_zh, saved.position) == ("一号馆", 2)
    assert saved.floor_plan.status == MediaStatus.READY
    assert saved.floor_plan.exhibitor_id is None
    assert (stand.plan_x, stand.plan_y, stand.plan_width, stand.plan_height) == (
        0.1, 0.2, 0.15, 0.125
    )  # fmt: skip
    page = client.get("/catalogue/halls/Hall 1").get_data(as_text=True)
    svg = re.search(r"<svg viewBox=\"0 0 (\d+) (\d+)\".*?</svg>", page, re.S)
    width, height = int(svg[1]), int(svg[2])
    assert width == 1600
    box = re.search(r'<rect class="plan-stand" x="([\d.]+)" y="([\d.]+)"', svg[0])
    assert float(box[1]) == pytest.approx(0.1 * width, abs=0.1)
    assert float(box[2]) == pytest.approx(0.2 * height, abs=0.1)
    assert 'href="#stand-A12"' in svg[0]
    console = client.get(f"/organizer/halls/{hall.id}").get_data(as_text=True)
    assert f'name="x-{stand.id}"' in console
    assert 'value="10"' in console


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        ({"x": "10", "y": "", "w": "5", "h": "5"}, "give all four numbers, or none"),
        ({"x": "ten", "y": "1", "w": "5", "h": "5"}, "“ten” is not a number"),
        ({"x": "90", "y": "1", "w": "20", "h": "5"}, "the box must lie on the plan"),
        ({"x": "-1", "y": "1", "w": "5", "h": "5"}, "between 0 and 100"),
        ({"x": "1", "y": "1", "w": "0", "h": "5"}, "the box must lie on the plan"),
    ],
)
def test_bad_boxes_are_explained_and_change_nothing(client, hall, boxes, message):
    stand = db.session.scalar(sa.select(Stand).where(Stand.hall_id == hall.id))
    response = _save(
        client, hall, name_zh="改名", **{f"{k}-{stand.id}": v for k, v in boxes.items()}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Hall, hall.id).name_zh is None
    assert db.session.get(Stand, stand.id).plan_x is None


def test_a_plan_that_is_not_an_image_is_refused(client, hall):
    response = _save(client, hall, plan=(io.BytesIO(b"%PDF-1.4"), "plan.pdf", "application/pdf"))
    assert response.status_code == 422
    assert "A floor plan is a JPEG, PNG or WebP image." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Hall, hall.id).floor_plan_media_id is None


def test_a_broken_image_fails_in_the_pipeline_with_its_reason(client, hall):
    _save(client, hall, plan=(io.BytesIO(b"not really a jpeg"), "plan.jpg", "image/jpeg"))
    tasks.drain(30)
    page = client.get(f"/organizer/halls/{hall.id}").get_data(as_text=True)
    assert "The floor plan could not be used:" in page
    assert "<svg" not in client.get("/catalogue/halls/Hall 1").get_data(as_text=True)


def test_only_organizers_edit_halls(client, make, auth, app):
    make.user(Role.EXHIBITOR, email="ex@example.com")
    auth.login("ex@example.com")
    assert client.get("/organizer/halls").status_code == 403


def _placed(client, hall) -> str:
    """Hall 1's stand A12 and a free stand B3, placed on a plan; the hall page's address."""
    db.session.add(Stand(hall_id=hall.id, code="B3"))
    db.session.commit()
    boxes = {}
    for stand, (x, y) in zip(sorted(hall.stands, key=lambda s: s.code), [(10, 20), (50, 50)],
                             strict=True):  # fmt: skip
        boxes |= {f"x-{stand.id}": str(x), f"y-{stand.id}": str(y), f"w-{stand.id}": "15",
                  f"h-{stand.id}": "12.5"}  # fmt: skip
    plan = (io.BytesIO(make_photo(800, 500, seed=4, label="Hall 1")), "plan.jpg", "image/jpeg")
    assert _save(client, hall, plan=plan, **boxes).status_code == 302
    tasks.drain(30)
    return "/catalogue/halls/Hall 1"


def _marks(page: str) -> dict[str, str]:
    """Each stand drawn on the plan with its classes."""
    svg = re.search(r"<svg .*?</svg>", page, re.S)[0]
    return dict(
        (code, classes)
        for classes, code in re.findall(
            r'<rect class="([^"]+)"[^>]*></rect>\s*<text class="plan-code"[^>]*>([^<]+)</text>', svg
        )
    )


def test_a_searched_stand_is_marked_on_the_plan(client, hall):
    url = _placed(client, hall)
    for query in ("pearl", "珠江", "a12"):
        page = client.get(url, query_string={"find": query}).get_data(as_text=True)
        assert _marks(page) == {"A12": "plan-stand plan-found", "B3": "plan-stand"}, query
        assert "1 stand matches" in page
        assert '<tr id="stand-A12" class="stand-found">' in page
    db.session.add(Stand(hall_id=hall.id, code="A120"))  # not placed: listed only
    db.session.commit()
    exact = client.get(url, query_string={"find": "a12"}).get_data(as_text=True)
    assert '<tr id="stand-A12" class="stand-found">' in exact
    assert '<tr id="stand-A120">' in exact  # its code only starts with A12
    both = client.get(url, query_string={"find": "a1"}).get_data(as_text=True)
    assert '<tr id="stand-A120" class="stand-found">' in both
    none = client.get(url, query_string={"find": "nobody"}).get_data(as_text=True)
    assert "No stand or exhibitor in this hall matches “nobody”." in none
    assert _marks(none) == {"A12": "plan-stand", "B3": "plan-stand"}


def test_a_stands_link_marks_you_are_here(client, hall):
    url = _placed(client, hall)
    b3 = db.session.scalar(sa.select(Stand).where(Stand.code == "B3"))
    link = client.get(f"/catalogue/stands/{b3.id}")
    assert link.headers["Location"] == "/catalogue/halls/Hall%201?here=B3#plan"  # placed on it
    arrived = client.get(f"/catalogue/stands/{b3.id}", follow_redirects=True)
    page = arrived.get_data(as_text=True)
    assert _marks(page) == {"A12": "plan-stand", "B3": "plan-stand plan-here"}
    assert "You are here</text>" in page
    assert "You are at stand B3, marked on the plan." in page
    assert '<tr id="stand-B3" class="stand-here">' in page
    missing = client.get(url, query_string={"here": "Z99"})
    assert missing.status_code == 404
    assert "This hall has no stand Z99." in missing.get_data(as_text=True)
