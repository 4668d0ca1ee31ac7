"""Meetings as iCalendar (RFC 5545): a personal feed calendar applications subscribe to, under
a secret key, and one meeting as the attachment of its mails.

The key is signed, not stored: the user's id, then an HMAC of the id and a version the user can
bump. Renewing the key changes the version, so every older key stops working at once."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime

from flask import current_app, request
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from eexpo.extensions import db
from eexpo.meetings.booking import mine
from eexpo.meetings.places import stand_of
from eexpo.models import Meeting, MeetingStatus, PlaceKind, User


def _signature(user_id: int, version: int) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"eexpo.calendar:{user_id}:{version}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def key_of(user: User) -> str:
    return f"{user.id}.{_signature(user.id, user.calendar_version)}"


def renew(user: User) -> str:
    """A new key; the old one stops working (the caller commits)."""
    user.calendar_version += 1
    return key_of(user)


def user_for_key(key: str) -> User | None:
    """The active user whose current key this is, or None."""
    user_id, _dot, signature = key.partition(".")
    if not user_id.isdigit() or len(user_id) > 10:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active:
        return None
    expected = _signature(user.id, user.calendar_version)
    return user if hmac.compare_digest(signature.encode(), expected.encode()) else None


def _place(meeting: Meeting) -> str:
    slot = meeting.slot
    if slot.place == PlaceKind.ONLINE:
        return slot.online_url or ""
    if slot.place == PlaceKind.TABLE and slot.session is not None:
        table = _("table %(number)s", number=meeting.table_number) if meeting.table_number else ""
        return ", ".join(filter(None, [slot.session.title, slot.session.room, table]))
    hall, stand = stand_of(slot.exhibitor_id)
    return ", ".join(filter(None, [slot.exhibitor.name, hall, stand]))


def _event(meeting: Meeting, hosting: bool, stamp: datetime, host: str) -> CalendarEvent:
    slot = meeting.slot
    other = meeting.requester.name or meeting.requester.email if hosting else slot.exhibitor.name
    item = CalendarEvent()
    item.add("uid", f"meeting-{meeting.id}@{host}")
    item.add("dtstamp", stamp)
    item.add("dtstart", slot.starts_at)
    item.add("dtend", slot.ends_at)
    item.add("summary", _("Meeting with %(name)s", name=other))
    item.add("location", _place(meeting))
    if slot.place == PlaceKind.ONLINE and slot.online_url:
        item.add("url", slot.online_url)
    item.add("description", meeting.message)
    cancelled = meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.DECLINED)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//eexpo//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def feed(user: User) -> bytes:
    """The user's accepted meetings, both sides."""
    calendar = _calendar(_("My meetings"))
    stamp = datetime.now(UTC).replace(microsecond=0)
    host = request.host.split(":")[0]
    for listed in mine(user):
        if listed.meeting.status == MeetingStatus.ACCEPTED:
            calendar.add_component(_event(listed.meeting, listed.hosting, stamp, host))
    return calendar.to_ical()
