"""The demo's floor plan in Chromium: it zooms and pans with the buttons, the mouse wheel, a drag,
the keyboard and two fingers; a click on a stand shows its exhibitor and opens the e-booth; a
search marks the stand; a stand's link marks "you are here"; a three-booth tour is numbered on the
plan in walking order."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from eexpo.catalogue import services as catalogue
from eexpo.extensions import db
from eexpo.models import Exhibitor, ExhibitorStatus, Hall, Stand
from eexpo.visit import walk
from eexpo.visit.favourites import route

pytestmark = pytest.mark.e2e

# The plan's CSS transform, as [scale, x, y] (Panzoom writes "scale(s) translate(xpx, ypx)").
TRANSFORM = r"""(svg) => {
    const found = svg.style.transform.match(
        /scale\(([-\d.e]+)\) translate\(([-\d.e]+)px, ([-\d.e]+)px/);
    return found ? found.slice(1).map(Number) : [1, 0, 0];
}"""

# Two fingers on the plan moving apart, as touch pointer events.
PINCH = """(svg) => {
    const box = svg.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const touch = (type, id, dx) => svg.dispatchEvent(new PointerEvent(type, {
        pointerId: id, pointerType: "touch", isPrimary: id === 1, bubbles: true, cancelable: true,
        clientX: x + dx, clientY: y, buttons: type === "pointerup" ? 0 : 1,
    }));
    touch("pointerdown", 1, -20); touch("pointerdown", 2, 20);
    for (let step = 1; step <= 10; step++) {
        touch("pointermove", 1, -20 - 8 * step);
        touch("pointermove", 2, 20 + 8 * step);
    }
    touch("pointerup", 1, -100); touch("pointerup", 2, 100);
}"""


def _first_hall() -> tuple[str, list[catalogue.PlacedStand]]:
    hall = db.session.scalar(sa.select(Hall).order_by(Hall.position, Hall.id))
    stands = [s for s in catalogue.hall_stands(hall) if s.stand.plan_x is not None]
    return hall.name, stands


def _until(page, condition: str, *values: float) -> list[float]:
    """Wait until the first plan's transform `t` ([scale, x, y]) meets `condition`, a JavaScript
    expression over `t` and `v` (the values given), and return it: Panzoom may apply a change a
    frame later."""
    page.wait_for_function(
        f"""(v) => {{
            const t = ({TRANSFORM})(document.querySelector(".plan-view svg"));
            return {condition};
        }}""",
        arg=list(values),
    )
    return page.locator(".plan-view svg").evaluate(TRANSFORM)


SCALED = "Math.abs(t[0] - v[0]) < 1e-6"
WHOLE = "t[0] === 1 && t[1] === 0 && t[2] === 0"


def test_the_plan_zooms_and_pans_every_way_and_a_stand_opens_its_e_booth(page):
    name, stands = _first_hall()
    page.goto(f"/catalogue/halls/{name}")
    svg = page.locator(".plan-view svg")
    expect(page.locator(".plan-tools")).to_be_visible()
    assert svg.evaluate(TRANSFORM)[0] == 1

    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    _until(page, SCALED, 2.25)
    page.get_by_role("button", name="Zoom out").click()
    _until(page, SCALED, 1.5)

    box = page.locator(".plan-view").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    before = _until(page, "t[0] > v[0]", 1.5)

    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 80, box["y"] + box["height"] / 2 - 40, steps=8)
    page.mouse.up()
    dragged = _until(page, "t[1] < v[1] && t[2] < v[2]", *before)
    assert dragged[0] == before[0]
    expect(page.locator(".plan-info > div")).to_be_hidden()  # a drag chooses no stand

    page.get_by_role("button", name="Whole plan").click()
    _until(page, WHOLE)

    view = page.locator(".plan-view")
    view.press("+")
    _until(page, SCALED, 1.5)
    view.press("+")
    keyed = _until(page, SCALED, 2.25)
    view.press("ArrowRight")
    _until(page, "t[1] < v[0]", keyed[1])
    view.press("0")
    _until(page, WHOLE)

    svg.evaluate(PINCH)
    _until(page, "t[0] > v[0]", 1.5)

    # A click on a stand shows its exhibitor, and opens the e-booth.
    online = next(s for s in stands if s.booth_id)
    page.get_by_role("button", name="Whole plan").click()
    page.locator(f'a[data-stand="{online.stand.code}"] rect').click()
    info = page.locator(".plan-info")
    expect(info.locator(".plan-info-code")).to_have_text(online.stand.code)
    expect(info.locator(".plan-info-name")).to_have_text(online.exhibitor)
    expect(page.locator(f'a[data-stand="{online.stand.code}"] rect')).to_have_class(
        re.compile("plan-chosen")
    )
    info.get_by_role("link", name="Visit the e-booth").click()
    expect(page).to_have_url(re.compile(rf"/booths/{online.booth_id}$"))


def test_the_plan_marks_a_searched_stand_you_are_here_and_a_tour(page):
    name, stands = _first_hall()
    wanted = stands[1]
    page.goto(f"/catalogue/halls/{name}")
    page.get_by_label("Find a stand or an exhibitor in this hall").fill(wanted.exhibitor)
    page.get_by_role("button", name="Find").click()
    expect(page.locator(f'a[data-stand="{wanted.stand.code}"] rect.plan-found')).to_have_count(1)
    expect(page.locator("rect.plan-found")).to_have_count(1)
    page.screenshot(path="test-results/floor-plan-found.png")

    # The lasting link (and QR code) of a stand whose exhibitor has no e-booth yet.
    hall = db.session.scalar(sa.select(Hall).where(Hall.name == name))
    late = Exhibitor(name="Late Robotics", status=ExhibitorStatus.APPROVED)
    db.session.add(late)
    db.session.flush()
    where = Stand(hall_id=hall.id, code="Z1", exhibitor_id=late.id, plan_x=0.4, plan_y=0.72,
                  plan_width=0.18, plan_height=0.2)  # fmt: skip
    db.session.add(where)
    db.session.commit()
    page.goto(f"/catalogue/stands/{where.id}")
    expect(page).to_have_url(re.compile(r"\?here=Z1#plan$"))  # scrolled to the plan
    expect(page.locator('a[data-stand="Z1"] rect.plan-here')).to_have_count(1)
    expect(page.locator(".plan-here-label")).to_have_text("You are here")
    expect(page.get_by_text("You are at stand Z1, marked on the plan.")).to_be_visible()
    page.screenshot(path="test-results/floor-plan-here.png")

    # A three-booth tour is numbered on the plan in walking order.
    booths = [s.booth_id for s in stands if s.booth_id][:3]
    assert len(booths) == 3
    stops, halls = walk.walk(route(list(reversed(booths))))
    order = [stand for stand, _number in sorted(halls[0].numbers.items(), key=lambda i: i[1])]
    page.goto("/tour?booths=" + ",".join(map(str, reversed(booths))))
    plan = page.locator(".tour-plan").first
    expect(plan.locator(".plan-stop-number")).to_have_count(3)
    numbered = {
        link.get_attribute("data-stand"): link.locator(".plan-stop-number").text_content()
        for link in plan.locator("a[data-stand]").all()
        if link.locator(".plan-stop-number").count()
    }
    assert numbered == {code: str(n) for n, code in enumerate(order, 1)}
    assert [card.id for card in stops] == [
        next(s.booth_id for s in stands if s.stand.code == code) for code in order
    ]
    page.get_by_role("button", name="Zoom in").first.click()
    _until(page, SCALED, 1.5)
