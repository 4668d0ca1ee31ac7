"""The tour as a walk: within each hall, the stops in nearest-neighbour order over the floor
plan (from the first stand in the hall's own order), numbered, and drawn on the hall's plan."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import groupby

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from eexpo.catalogue.services import Plan, floor_plan
from eexpo.extensions import db
from eexpo.models import Hall, Stand
from eexpo.visit.cards import Card


@dataclass
class HallWalk:
    """One hall of the walk: its plan (None until one is processed), its stands to draw, and
    the stop number of each stand the walk passes."""

    hall: Hall
    plan: Plan | None
    stands: list[Stand]
    numbers: dict[str, int] = field(default_factory=dict)


def _hall_and_code(card: Card) -> tuple[str, str] | None:
    hall, dot, code = (card.stand or "").rpartition(" · ")
    return (hall, code) if dot else None


def _centre(stand: Stand | None) -> tuple[float, float] | None:
    if stand is None or stand.plan_x is None or stand.plan_y is None or not stand.plan_width:
        return None
    return (stand.plan_x + stand.plan_width / 2, stand.plan_y + (stand.plan_height or 0) / 2)


def _nearest_first(cards: list[Card], stands: dict[str, Stand]) -> list[Card]:
    """Placed stands from the first one on, each time to the nearest not yet visited; stands
    not on the plan after them, in the order given."""
    placed: list[tuple[Card, tuple[float, float]]] = []
    unplaced: list[Card] = []
    for card in cards:
        where = _hall_and_code(card)
        centre = _centre(stands.get(where[1])) if where else None
        if centre is None:
            unplaced.append(card)
        else:
            placed.append((card, centre))
    walked, left = placed[:1], placed[1:]
    while left:
        here = walked[-1][1]
        nearest = min(left, key=lambda stop: math.dist(here, stop[1]))
        left.remove(nearest)
        walked.append(nearest)
    return [card for card, _centre in walked] + unplaced


def walk(route: list[Card]) -> tuple[list[Card], list[HallWalk]]:
    """The route (hall by hall, as `favourites.route` orders it) walked stand to stand within
    each hall, and each hall of it with its numbered stops."""
    names = {where[0] for card in route if (where := _hall_and_code(card))}
    halls = {
        hall.name: hall
        for hall in db.session.scalars(
            sa.select(Hall).where(Hall.name.in_(names)).options(selectinload(Hall.stands))
        )
    }
    ordered: list[Card] = []
    for name, grouped in groupby(route, key=lambda c: (_hall_and_code(c) or ("", ""))[0]):
        stops = list(grouped)
        hall = halls.get(name)
        ordered += _nearest_first(stops, {s.code: s for s in hall.stands}) if hall else stops
    walks: dict[str, HallWalk] = {}
    for number, card in enumerate(ordered, start=1):
        where = _hall_and_code(card)
        if where is None or where[0] not in halls:
            continue
        hall = halls[where[0]]
        if hall.name not in walks:
            walks[hall.name] = HallWalk(hall, floor_plan(hall), list(hall.stands))
        walks[hall.name].numbers[where[1]] = number
    return ordered, list(walks.values())
