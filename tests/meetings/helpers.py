"""Times on the test expo's days, and the calls that offer, list and book slots."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")
OPENS = datetime.now(ZONE).date() + timedelta(days=2)


def at(day: int, hour: int, minute: int = 0) -> str:
    """A time on the expo's `day` (0 = opening day), in the expo's zone, as the API takes it."""
    return datetime.combine(OPENS + timedelta(days=day), time(hour, minute), ZONE).isoformat()


def offer_times(caller, starts=None, ends=None, minutes=30, place=None, **extra):
    body = {"starts_at": starts or at(0, 10), "ends_at": ends or at(0, 11),
            "slot_minutes": minutes, "place": place or {"kind": "stand"}, **extra}  # fmt: skip
    return caller.call("POST", "/availability", body)


def slot_ids(host, **offered):
    answer = offer_times(host, **offered)
    assert answer.status_code == 201, answer.json
    return [slot["id"] for slot in answer.json["slots"]]


def book(caller, slot_id, message="We would like to license your sensor."):
    return caller.call("POST", "/meetings", {"slot_id": slot_id, "message": message})
