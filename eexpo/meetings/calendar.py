"""Meetings as iCalendar (RFC 5545): a personal feed calendar applications subscribe to, under
a secret key, and one meeting as the attachment of its mails.

The key is signed, not stored: the user's id, then an HMAC of the id and a version the user can
bump. Renewing the key changes the version, so every older key stops working at once."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from eexpo.catalogue import agenda, programme
from eexpo.extensions import db
from eexpo.i18n import current_locale_code
from eexpo.links import external_url
from eexpo.meetings.booking import mine
from eexpo.meetings.places import place_words
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


# Calendar applications replace an event by a later one of the same UID and a higher sequence.
_SEQUENCE = {MeetingStatus.REQUESTED: 0, MeetingStatus.ACCEPTED: 1,
             MeetingStatus.DECLINED: 2, MeetingStatus.CANCELLED: 2}  # fmt: skip


def _event(meeting: Meeting, hosting: bool, stamp: datetime, host: str) -> CalendarEvent:
    slot = meeting.slot
    other = meeting.requester.name or meeting.requester.email if hosting else slot.exhibitor.name
    item = CalendarEvent()
    item.add("uid", f"meeting-{meeting.id}@{host}")
    item.add("dtstamp", stamp)
    item.add("dtstart", slot.starts_at)
    item.add("dtend", slot.ends_at)
    item.add("summary", _("Meeting with %(name)s", name=other))
    item.add("location", place_words(meeting))
    if slot.place == PlaceKind.ONLINE and slot.online_url:
        item.add("url", slot.online_url)
    item.add("description", meeting.message)
    status = {MeetingStatus.REQUESTED: "TENTATIVE", MeetingStatus.ACCEPTED: "CONFIRMED"}
    item.add("status", status.get(meeting.status, "CANCELLED"))
    item.add("sequence", _SEQUENCE[meeting.status])
    return item


def _uid_host() -> str:
    """The site's host name, which makes the events' UIDs unique (the same in jobs as in pages)."""
    return urlsplit(external_url("visit.home")).hostname or "eexpo"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//eexpo//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def feed(user: User) -> bytes:
    """The user's accepted meetings, both sides, and the sessions on the user's agenda."""
    calendar = _calendar(_("My meetings"))
    stamp = datetime.now(UTC).replace(microsecond=0)
    host = _uid_host()
    for listed in mine(user):
        if listed.meeting.status == MeetingStatus.ACCEPTED:
            calendar.add_component(_event(listed.meeting, listed.hosting, stamp, host))
    sessions = agenda.sessions(agenda.session_ids(user))
    for item in programme.session_events(sessions, user.locale or current_locale_code(), host):
        calendar.add_component(item)
    return calendar.to_ical()


def one(meeting_id: int, *, for_user: User) -> bytes | None:
    """One meeting as it stands now, for a mail to one of its two sides."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        return None
    hosting = meeting.requester_id != for_user.id
    calendar = _calendar(_("My meetings"))
    calendar.add("method", "PUBLISH")
    stamp = datetime.now(UTC).replace(microsecond=0)
    calendar.add_component(_event(meeting, hosting, stamp, _uid_host()))
    return calendar.to_ical()
