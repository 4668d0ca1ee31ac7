"""Favourites, "my tour": booths a visitor means to see, in the order of a walk through the halls.

Signed-in visitors keep their tour in their account; anonymous ones keep it in their browser
(localStorage, static/js/tour.js), which sends the booth ids in the tour page's URL. Either way,
only published booths are ever shown.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from eexpo.catalogue.services import natural
from eexpo.extensions import db
from eexpo.kept import keep
from eexpo.models import Booth, BoothStatus, Exhibitor, Favourite, Hall, Stand, User
from eexpo.orm import rowcount
from eexpo.visit import booth_page, cards
from eexpo.visit.cards import Card

MAX_BOOTHS = 100


def booth_ids(user: User) -> list[int]:
    """The user's favourites that are on show, most recently added first."""
    return list(
        db.session.scalars(
            sa.select(Favourite.booth_id)
            .join(Booth, Booth.id == Favourite.booth_id)
            .where(Favourite.user_id == user.id, Booth.status == BoothStatus.PUBLISHED)
            .order_by(Favourite.created_at.desc(), Favourite.booth_id.desc())
        )
    )


def is_favourite(user: User, booth_id: int) -> bool:
    return db.session.get(Favourite, (user.id, booth_id)) is not None


def add(user: User, booth_ids: list[int]) -> int:
    """Put published booths on the user's tour (again is no error); returns how many were new.
    Unknown or hidden booths are NotFound when asked for one by one, skipped in a batch."""
    wanted = list(dict.fromkeys(booth_ids))
    if len(wanted) == 1:
        booth_page.check_published(wanted[0])
    published = set(
        db.session.scalars(
            sa.select(Booth.id).where(Booth.id.in_(wanted), Booth.status == BoothStatus.PUBLISHED)
        )
    )
    too_many = _("A tour holds at most %(n)d booths; remove some first.", n=MAX_BOOTHS)
    return keep(Favourite, "booth_id", user, wanted, published, limit=MAX_BOOTHS,
                too_many=too_many)  # fmt: skip


def remove(user: User, booth_id: int) -> bool:
    deleted = db.session.execute(
        sa.delete(Favourite).where(Favourite.user_id == user.id, Favourite.booth_id == booth_id)
    )
    return bool(rowcount(deleted))


def parse_ids(raw: str, limit: int = MAX_BOOTHS) -> list[int]:
    """Ids from a URL ("3,17,42"), as a browser's kept list sends them: anything that is not a
    number is ignored, repeats are dropped, and at most `limit` are kept."""
    ids = [int(part) for part in re.findall(r"\d{1,9}", raw[: limit * 12])]
    return list(dict.fromkeys(ids))[:limit]


def route(booth_ids: list[int]) -> list[Card]:
    """The booths as a walk: hall by hall in the halls' order, stand by stand; booths whose
    exhibitor has no stand come last. One statement."""
    if not booth_ids:
        return []
    first_hall = (
        sa.select(sa.func.min(Hall.position))
        .select_from(Stand)
        .join(Stand.hall)
        .where(Stand.exhibitor_id == Exhibitor.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        cards.cards_select().add_columns(first_hall).where(Booth.id.in_(booth_ids))
    ).all()

    def walk(pair: tuple[Card, sa.Row]) -> tuple[object, ...]:
        card, row = pair
        return (card.stand is None, row[-1] or 0, natural(card.stand), card.title)

    return [card for card, _row in sorted(zip(cards.cards(rows), rows, strict=True), key=walk)]
