"""How the catalogue CSV's rows are read and checked: canonical text in each cell (upper-case
country codes, ISO dates, plain decimals, the expo's local time), the field checks that report
every problem by line, and the interface each kind of file implements (`Kind`)."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel import Locale
from flask import current_app
from flask_babel import gettext as _

from eexpo.extensions import db
from eexpo.models import Event, Sector

Row = dict[str, str]
Key = tuple[str, ...]

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SPEAKER = re.compile(r"^(?P<name>[^()]+?)\s*(?:\((?P<affiliation>[^()]*)\))?$")
MAX_DECIMALS = 6


class Problem(Exception):
    """What is wrong with one row (every problem found in it)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


# CLDR's two-letter territories that are not countries or regions: unknown, groupings, pseudo.
_NOT_PLACES = {"ZZ", "QO", "EU", "EZ", "UN", "XA", "XB"}


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """ISO 3166 alpha-2 codes, as CLDR knows them (with Kosovo's XK)."""
    territories = (str(code) for code in Locale("en").territories)
    codes = (code for code in territories if re.fullmatch(r"[A-Z]{2}", code))
    return frozenset(code for code in codes if code not in _NOT_PLACES)


def current_event() -> Event | None:
    """The expo this site serves (the catalogue's one `event` row), or None before it is set."""
    return db.session.scalar(sa.select(Event).order_by(Event.id).limit(1))


def expo_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_time(moment: datetime) -> str:
    return moment.astimezone(expo_zone()).isoformat(timespec="minutes")


def plain_decimal(value: Decimal) -> str:
    """1500000.500000 -> "1500000.5": no exponent, no trailing zeros."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class Fields:
    """Reads one row's cells, gathering every problem instead of stopping at the first."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self.problems: list[str] = []

    def fail(self, name: str, message: str) -> str:
        self.problems.append(f"{name}: {message}")
        return ""

    def text(self, name: str, limit: int, *, required: bool = False) -> str:
        value = self.values.get(name, "")
        if required and not value:
            return self.fail(name, _("required"))
        if len(value) > limit:
            return self.fail(name, _("at most %(n)d characters", n=limit))
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
            return self.fail(name, _("control characters are not allowed"))
        return value

    def choice(self, name: str, allowed: Iterable[str], *, default: str) -> str:
        value = self.values.get(name, "") or default
        allowed = list(allowed)
        if value not in allowed:
            return self.fail(name, _("one of %(values)s", values=", ".join(allowed)))
        return value

    def whole(self, name: str, low: int, high: int) -> str:
        """An optional whole number from `low` to `high`."""
        value = self.values.get(name, "")
        if value and not (value.isdigit() and low <= int(value) <= high):
            return self.fail(name, _("a whole number from %(low)d to %(high)d", low=low, high=high))
        return str(int(value)) if value else ""

    def country(self, name: str) -> str:
        value = self.values.get(name, "").upper()
        if value and value not in countries():
            return self.fail(name, _("“%(value)s” is not an ISO 3166 two-letter code", value=value))
        return value

    def date(self, name: str, *, required: bool = False) -> str:
        value = self.values.get(name, "")
        if not value:
            return self.fail(name, _("required")) if required else ""
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return self.fail(name, _("“%(value)s” is not a date like 2026-11-16", value=value))

    def moment(self, name: str) -> str:
        """A date and time; without an offset, the expo's own time zone."""
        value = self.values.get(name, "")
        if not value:
            return self.fail(name, _("required"))
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return self.fail(
                name, _("“%(value)s” is not a time like 2026-11-16T09:30+08:00", value=value)
            )
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=expo_zone())
        return local_time(moment)

    def amount(self, name: str) -> str:
        value = self.values.get(name, "")
        if not value:
            return self.fail(name, _("required"))
        try:
            number = Decimal(value)
        except InvalidOperation:
            return self.fail(
                name, _("“%(value)s” is not a number (write 1500000.50, without separators)",
                        value=value)
            )  # fmt: skip
        if not number.is_finite() or number < 0:
            return self.fail(name, _("must be zero or more"))
        if -number.as_tuple().exponent > MAX_DECIMALS:  # type: ignore[operator]
            return self.fail(name, _("at most %(n)d decimal places", n=MAX_DECIMALS))
        if number >= Decimal(10) ** 18:
            return self.fail(name, _("too large"))
        return plain_decimal(number)

    def url(self, name: str) -> str:
        value = self.text(name, 500)
        if value and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
            return self.fail(name, _("“%(value)s” is not a web address (https://…)", value=value))
        return value

    def email(self, name: str) -> str:
        value = self.text(name, 254).lower()
        if value and not EMAIL.match(value):
            return self.fail(name, _("“%(value)s” is not an email address", value=value))
        return value

    def sector(self, name: str, known: set[str]) -> str:
        value = self.values.get(name, "")
        if value and value not in known:
            return self.fail(
                name, _("no sector “%(value)s” (import the sectors first)", value=value)
            )
        return value

    def done(self, row: Row) -> Row:
        if self.problems:
            raise Problem(self.problems)
        return row


class Kind(ABC):
    """One kind of catalogue CSV; each subclass reads, checks and writes its rows.

    Every row but the event's has an `id`: exports begin with it, and an import updates the
    row with that id (so its key may change) or, without one, the row with the same key."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    # Columns a file may leave out (the Chinese twins, added after the first files were
    # written): a row then keeps what is stored in them.
    optional: tuple[str, ...] = ()
    single = False

    def context(self) -> dict[str, Any]:
        return {}

    @property
    def header(self) -> tuple[str, ...]:
        """The exported columns: the id first, then the kind's own."""
        return self.columns if self.single else ("id", *self.columns)

    def key_of(self, row: Row) -> Key:
        return tuple(row[name] for name in self.key)

    @abstractmethod
    def parse(self, values: dict[str, str], context: dict[str, Any]) -> Row:
        """One row's cells as canonical text; Problem lists everything wrong with them."""

    def keep_stored(self, row: Row, stored: Row, left_out: list[str]) -> None:
        """Fill the optional columns a file left out with what is stored (`stored` is empty for
        a new row)."""
        row.update({name: stored.get(name, "") for name in left_out})

    def check_together(self, rows: list[Row], lines: list[int]) -> list[tuple[int, str]]:
        """Problems between rows, beyond repeated keys (which the caller finds)."""
        return []

    @abstractmethod
    def existing(self) -> dict[Key, Row]:
        """What is stored, as rows with their `id`, by key, in export order."""

    @abstractmethod
    def write(self, rows: list[Row]) -> None:
        """Write the rows: update the one with the row's `id` (its key too), or create it when
        the id is "" (the caller commits)."""

    def delete(self, row_id: int) -> None:
        """Remove one row; Problem when other records still need it."""
        raise Problem([_("This kind cannot be deleted here.")])


def delete_one(query: sa.Select[Any]) -> None:
    """Delete what the query finds; Problem when it finds nothing."""
    found = db.session.scalar(query)
    if found is None:
        raise Problem([_("There is no such row.")])
    db.session.delete(found)


def sector_slugs() -> set[str]:
    return set(db.session.scalars(sa.select(Sector.slug)))


def sectors_by_slug() -> dict[str, Sector]:
    return {sector.slug: sector for sector in db.session.scalars(sa.select(Sector))}
