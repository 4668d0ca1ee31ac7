"""Halls in the organizers' hands: names, order, a floor plan through the media pipeline, and
where each stand sits on it (fractions of the plan's width and height)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from eexpo.errors import Invalid
from eexpo.extensions import db
from eexpo.media import services as media
from eexpo.models import Hall, MediaKind, Stand

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp"}


@dataclass(frozen=True)
class Placement:
    stand_id: int
    x: float
    y: float
    width: float
    height: float


def _percent(raw: str, label: str, problems: list[str]) -> float | None:
    try:
        value = Decimal(raw)
    except InvalidOperation:
        problems.append(_("%(field)s: “%(value)s” is not a number", field=label, value=raw))
        return None
    if not 0 <= value <= 100:
        problems.append(_("%(field)s: between 0 and 100", field=label))
        return None
    return float(value) / 100


def placements(hall: Hall, form: dict[str, str]) -> list[Placement | None]:
    """Each stand's box from the form, in percent of the plan (empty: not on the plan); Invalid
    lists every problem."""
    problems: list[str] = []
    found: list[Placement | None] = []
    for stand in hall.stands:
        raw = [form.get(f"{part}-{stand.id}", "").strip() for part in ("x", "y", "w", "h")]
        if not any(raw):
            found.append(None)
            continue
        label = _("Stand %(code)s", code=stand.code)
        if not all(raw):
            problems.append(_("%(stand)s: give all four numbers, or none", stand=label))
            continue
        x, y, w, h = (_percent(value, label, problems) for value in raw)
        if None in (x, y, w, h):
            continue
        if not w or not h or x + w > 1.0001 or y + h > 1.0001:  # type: ignore[operator]
            problems.append(_("%(stand)s: the box must lie on the plan", stand=label))
            continue
        found.append(Placement(stand.id, x, y, w, h))  # type: ignore[arg-type]
    if problems:
        raise Invalid("; ".join(problems), fields={"stands": "invalid"})
    return found


def save(hall: Hall, *, name_zh: str, position: int, boxes: list[Placement | None]) -> None:
    hall.name_zh = name_zh or None
    hall.position = position
    for stand, box in zip(hall.stands, boxes, strict=True):
        if box is None:
            stand.plan_x = stand.plan_y = stand.plan_width = stand.plan_height = None
        else:
            stand.plan_x, stand.plan_y = box.x, box.y
            stand.plan_width, stand.plan_height = box.width, box.height


def attach_plan(hall: Hall, data: bytes, *, filename: str, content_type: str) -> None:
    """The plan goes through the media pipeline like any photo: decoded, stripped, resized."""
    if content_type not in IMAGE_TYPES:
        raise Invalid(_("A floor plan is a JPEG, PNG or WebP image."), fields={"plan": "type"})
    item = media.ingest(None, data, kind=MediaKind.IMAGE, filename=filename,
                        content_type=content_type)  # fmt: skip
    hall.floor_plan_media_id = item.id
    db.session.flush()


def placed(stands: list[Stand]) -> list[Stand]:
    return [s for s in stands if s.plan_x is not None and s.plan_width]
