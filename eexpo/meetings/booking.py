"""Meetings: a request for a slot, then the host organization's answer, or either side's
cancellation. Every step is one guarded statement, so two people acting at once never both win.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eexpo import notifications, permissions
from eexpo.errors import Conflict, Forbidden, Invalid, NotFound, TooMany
from eexpo.extensions import db
from eexpo.meetings import holds
from eexpo.meetings.availability import bookable, shown_exhibits
from eexpo.models import (
    OPEN_MEETING,
    Exhibit,
    ExhibitVersion,
    Meeting,
    MeetingHold,
    MeetingSlot,
    MeetingStatus,
    PlaceKind,
    TableHold,
    User,
    utcnow,
)
from eexpo.orm import rowcount
from eexpo.pipeline import services as pipeline

MAX_MESSAGE_CHARS = 2000


def request_meeting(
    actor: User, slot_id: int, message: str, exhibit_id: int | None = None
) -> Meeting:
    """Ask for a free slot, optionally about one of the host's exhibits (one its published
    booths show now, else NotFound). The slot's host and the actor are each held for its whole
    time: a slot already asked for, or a person already in a meeting then, answers 409."""
    slot = db.session.get(MeetingSlot, slot_id)
    if slot is None or not slot.host.is_active or not bookable(slot.exhibitor_id):
        raise NotFound(_("There is no such meeting slot."))
    if not permissions.can_book(actor, slot.exhibitor_id):
        raise Forbidden(_("You cannot book a meeting with your own organization."))
    if exhibit_id is not None and exhibit_id not in shown_exhibits(slot.exhibitor_id):
        raise NotFound(_("This exhibitor shows no such exhibit."))
    text = _message(message, "message", required=True)
    if slot.starts_at <= utcnow():
        raise Conflict(_("This slot has already begun."))
    limit = current_app.config["MEETING_REQUEST_LIMIT"]
    waiting = db.session.scalar(
        sa.select(sa.func.count()).where(
            Meeting.requester_id == actor.id, Meeting.status == MeetingStatus.REQUESTED
        )
    )
    if (waiting or 0) >= limit:
        raise TooMany(
            _("You have %(count)d requests waiting for an answer; wait for one or cancel one.",
              count=limit)
        )  # fmt: skip
    meeting = Meeting(slot_id=slot.id, requester_id=actor.id, message=text, exhibit_id=exhibit_id)
    db.session.add(meeting)
    db.session.flush()
    _hold(meeting, slot, _("You already have a meeting at that time."))
    pipeline.for_meeting(meeting, slot.exhibitor_id, actor)
    tell(meeting, "meeting.requested", to_host=True, words=text)
    return meeting


def exhibits_asked_about(meetings: list[Meeting]) -> dict[int, ExhibitVersion]:
    """The live versions of the exhibits these meetings are about, by exhibit id (one
    statement; an exhibit its booth no longer shows is left out)."""
    wanted = {meeting.exhibit_id for meeting in meetings if meeting.exhibit_id}
    if not wanted:
        return {}
    versions = db.session.scalars(
        sa.select(ExhibitVersion)
        .join(Exhibit, Exhibit.live_version_id == ExhibitVersion.id)
        .where(Exhibit.id.in_(wanted))
    )
    return {version.exhibit_id: version for version in versions}


def tell(meeting: Meeting, kind: str, *, to_host: bool, words: str | None = None) -> None:
    """Notify the other side: the slot's host of what the requester did, or the reverse."""
    slot = meeting.slot
    if to_host:
        requester = meeting.requester
        name = requester.name or requester.email
        if requester.exhibitor is not None:
            name = f"{name} ({requester.exhibitor.name})"
        recipient = slot.host
    else:
        name, recipient = slot.exhibitor.name, meeting.requester
    notifications.notify_user(
        recipient, kind, meeting_id=meeting.id, name=name,
        starts_at=slot.starts_at.isoformat(), words=words,
    )  # fmt: skip


def _message(value: str | None, field: str, *, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise Invalid(_("Write a few words about what you would like to discuss."),
                      fields={field: "required"})  # fmt: skip
    if len(text) > MAX_MESSAGE_CHARS:
        raise Invalid(_("Keep it under %(count)d characters.", count=MAX_MESSAGE_CHARS),
                      fields={field: "too_long"})  # fmt: skip
    return text


def _meeting_for(actor: User, meeting_id: int, *, host_only: bool) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id, options=[joinedload(Meeting.slot)])
    if meeting is None:
        raise NotFound()
    host = permissions.can_answer_meeting(actor, meeting.slot.exhibitor_id)
    if not host and (host_only or meeting.requester_id != actor.id):
        raise NotFound()
    return meeting


def _move(meeting: Meeting, to: MeetingStatus, *, allowed: tuple[MeetingStatus, ...],
          **values: object) -> None:  # fmt: skip
    moved = db.session.execute(
        sa.update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.status.in_(allowed))
        .values(status=to, decided_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if rowcount(moved) != 1:
        db.session.refresh(meeting)
        raise Conflict(
            _("This meeting is %(status)s already.", status=status_label(meeting.status))
        )
    db.session.refresh(meeting)


def accept(actor: User, meeting_id: int) -> Meeting:
    """The host organization accepts a request, or the guest the other time the host proposed;
    at a business talk, the first free table is assigned."""
    meeting = _meeting_for(actor, meeting_id, host_only=False)
    hosting = permissions.can_answer_meeting(actor, meeting.slot.exhibitor_id)
    if meeting.proposed_at is None and not hosting:
        raise NotFound()
    if meeting.proposed_at is not None and hosting and meeting.status == MeetingStatus.REQUESTED:
        raise Conflict(_("The guest has yet to answer the time you proposed."))
    _move(meeting, MeetingStatus.ACCEPTED, allowed=(MeetingStatus.REQUESTED,),
          accepted_at=utcnow())  # fmt: skip
    slot = meeting.slot
    if slot.place == PlaceKind.TABLE and slot.session is not None:
        for number in range(1, (slot.session.tables or 0) + 1):
            row = {"session_id": slot.session_id, "starts_at": slot.starts_at,
                   "table_number": number, "meeting_id": meeting.id}  # fmt: skip
            if holds.claim(TableHold, [row], TableHold.table_number):
                meeting.table_number = number
                break
        else:
            raise Conflict(
                _("All %(count)d tables of the business talk are taken at that time.",
                  count=slot.session.tables or 0)
            )  # fmt: skip
    tell(meeting, "meeting.accepted", to_host=not hosting)
    return meeting


def propose(actor: User, meeting_id: int, slot_id: int, message: str | None) -> Meeting:
    """The host organization answers a request with another of its free slots: the meeting
    moves there (both people held for the new time, freed from the old) and waits for the
    guest to accept it or call it off."""
    meeting = _meeting_for(actor, meeting_id, host_only=True)
    slot = db.session.get(MeetingSlot, slot_id)
    if slot is None or slot.exhibitor_id != meeting.slot.exhibitor_id or not slot.host.is_active:
        raise NotFound(_("There is no such meeting slot."))
    if slot.id == meeting.slot_id:
        raise Conflict(_("Propose a time other than the one asked for."))
    if slot.starts_at <= utcnow():
        raise Conflict(_("This slot has already begun."))
    text = _message(message, "message", required=False)
    _move(meeting, MeetingStatus.REQUESTED, allowed=(MeetingStatus.REQUESTED,),
          slot_id=slot.id, proposed_at=utcnow(), answer=text or None)  # fmt: skip
    holds.release(MeetingHold, MeetingHold.meeting_id == meeting.id)
    _hold(meeting, slot, _("The guest already has a meeting at that time."))
    tell(meeting, "meeting.proposed", to_host=False, words=text)
    return meeting


def _hold(meeting: Meeting, slot: MeetingSlot, busy: str) -> None:
    """Hold the slot's host and the meeting's guest for the slot's whole time, or refuse:
    the host short means the slot is taken; the guest short, `busy` (the handler rolls back)."""
    people = (slot.host_id, meeting.requester_id)
    wanted = [
        {"user_id": person, "at": at, "meeting_id": meeting.id}
        for person in people
        for at in holds.grains(slot.starts_at, slot.ends_at)
    ]
    held = holds.claim(MeetingHold, wanted, MeetingHold.user_id)
    if len(held) < len(wanted):
        if held.count(slot.host_id) < len(wanted) // 2:
            raise Conflict(_("This slot is no longer free."))
        raise Conflict(busy)


def decline(actor: User, meeting_id: int, message: str | None) -> Meeting:
    meeting = _meeting_for(actor, meeting_id, host_only=True)
    text = _message(message, "message", required=False)
    _move(meeting, MeetingStatus.DECLINED, allowed=(MeetingStatus.REQUESTED,), answer=text or None)
    _free(meeting)
    tell(meeting, "meeting.declined", to_host=False, words=text)
    return meeting


def cancel(actor: User, meeting_id: int, reason: str | None) -> Meeting:
    """Either side calls an open meeting off; its time and the slot are free again."""
    meeting = _meeting_for(actor, meeting_id, host_only=False)
    text = _message(reason, "reason", required=False)
    _move(meeting, MeetingStatus.CANCELLED, allowed=OPEN_MEETING,
          answer=text or None, cancelled_by_id=actor.id)  # fmt: skip
    _free(meeting)
    tell(meeting, "meeting.cancelled", to_host=actor.id == meeting.requester_id, words=text)
    return meeting


def _free(meeting: Meeting) -> None:
    holds.release(MeetingHold, MeetingHold.meeting_id == meeting.id)
    holds.release(TableHold, TableHold.meeting_id == meeting.id)
    meeting.table_number = None


def status_label(status: MeetingStatus) -> str:
    return {
        MeetingStatus.REQUESTED: _("requested"),
        MeetingStatus.ACCEPTED: _("accepted"),
        MeetingStatus.DECLINED: _("declined"),
        MeetingStatus.CANCELLED: _("cancelled"),
    }[status]


# --- reading ----------------------------------------------------------------------------------


def hosted_counts(exhibitor_id: int) -> dict[MeetingStatus, int]:
    """The meetings the exhibitor hosts, by status (for the organizers' page of it)."""
    rows = db.session.execute(
        sa.select(Meeting.status, sa.func.count())
        .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
        .where(MeetingSlot.exhibitor_id == exhibitor_id)
        .group_by(Meeting.status)
    ).all()
    counts = {status: count for status, count in rows}
    return {status: counts.get(status, 0) for status in MeetingStatus}


@dataclass(frozen=True)
class Listed:
    meeting: Meeting
    hosting: bool  # the reader's organization hosts it (else the reader asked for it)


def mine(actor: User) -> list[Listed]:
    """The reader's meetings, both sides: those they asked for, and those their organization
    hosts; soonest first."""
    hosted = (
        MeetingSlot.exhibitor_id == actor.exhibitor_id
        if permissions.can_use_portal(actor)
        else sa.false()
    )
    meetings = db.session.scalars(
        sa.select(Meeting)
        .join(MeetingSlot, MeetingSlot.id == Meeting.slot_id)
        .where(sa.or_(Meeting.requester_id == actor.id, hosted))
        .options(
            joinedload(Meeting.slot).joinedload(MeetingSlot.host),
            joinedload(Meeting.slot).joinedload(MeetingSlot.exhibitor),
            joinedload(Meeting.requester).joinedload(User.exhibitor),
        )
        .order_by(MeetingSlot.starts_at, Meeting.id)
    ).all()
    return [Listed(m, permissions.can_answer_meeting(actor, m.slot.exhibitor_id)) for m in meetings]
