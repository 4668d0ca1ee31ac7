"""API handlers of business matchmaking: an exhibitor's team offers times, anyone signed in of
another organization books one, and the host organization answers."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo.access import public, role_required, signed_in
from eexpo.api import bp
from eexpo.api.schemas.meetings import (
    AboutExhibit,
    Answering,
    CalendarFeed,
    Cancelling,
    MeetingList,
    MeetingOut,
    NewMeeting,
    Offer,
    OwnSlot,
    Person,
    PlaceOut,
    Proposal,
    Slot,
    SlotDay,
    Slots,
)
from eexpo.api.spec import ANYONE, answers, api
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db
from eexpo.meetings import availability, booking, calendar
from eexpo.meetings.places import stand_of
from eexpo.models import Meeting, MeetingSlot, PlaceKind, Role, User
from eexpo.pagecache import PRIVATE

_NO_MEETING = "No such meeting of the caller's (or of the caller's organization)"


def _place(slot: MeetingSlot, table: int | None = None) -> PlaceOut:
    if slot.place == PlaceKind.ONLINE:
        return PlaceOut(kind="online", url=slot.online_url)
    if slot.place == PlaceKind.TABLE:
        return PlaceOut(kind="table", session_id=slot.session_id, table=table)
    hall, stand = stand_of(slot.exhibitor_id)
    return PlaceOut(kind="stand", hall=hall, stand=stand)


def _slot(slot: MeetingSlot) -> Slot:
    return Slot(id=slot.id, starts_at=slot.starts_at.isoformat(),
                ends_at=slot.ends_at.isoformat(), place=_place(slot))  # fmt: skip


def _meeting(meeting: Meeting, hosting: bool) -> MeetingOut:
    slot = meeting.slot
    if hosting:
        other = Person(name=meeting.requester.name or meeting.requester.email,
                       organization=meeting.requester.exhibitor.name
                       if meeting.requester.exhibitor else None)  # fmt: skip
    else:
        other = Person(name=slot.host.name or slot.exhibitor.name,
                       organization=slot.exhibitor.name)  # fmt: skip
    return MeetingOut.model_validate({
        "id": meeting.id, "status": meeting.status.value,
        "starts_at": slot.starts_at.isoformat(), "ends_at": slot.ends_at.isoformat(),
        "place": _place(slot, meeting.table_number), "with": other, "hosting": hosting,
        "message": meeting.message, "answer": meeting.answer,
        "proposed": meeting.proposed_at is not None,
        "exhibit": _about(meeting),
    })  # fmt: skip


def _about(meeting: Meeting) -> AboutExhibit | None:
    version = booking.exhibits_asked_about([meeting]).get(meeting.exhibit_id or 0)
    if version is None:
        return None
    return AboutExhibit(id=version.exhibit_id, name=version.name, name_zh=version.name_zh)


@bp.post("/availability")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True,
        HTTP_201=(Slots, "The slots made, as many as fit in the range"),
        HTTP_403="Not an exhibitor of an approved organization",
        HTTP_422="Times in the past, outside the expo's days, off the 5-minute grid, "
        "overlapping the host's other slots, or a place that does not exist",
    )
)
def offer_slots(json: Offer) -> tuple[Slots, int]:
    """Offer meeting times for the caller or a team member"""
    host = None
    if json.host_user_id is not None:
        host = db.session.get(User, json.host_user_id)
        if host is None:
            raise Invalid(fields={"host_user_id": "invalid"})
    place = availability.Place(
        PlaceKind(json.place.kind),
        url=str(json.place.url) if json.place.kind == "online" else None,
        session_id=json.place.session_id if json.place.kind == "table" else None,
    )
    slots = availability.offer(
        current_user, starts_at=json.starts_at, ends_at=json.ends_at,
        slot_minutes=json.slot_minutes, place=place, host=host,
    )  # fmt: skip
    db.session.commit()
    return Slots(slots=[_slot(s) for s in slots]), 201


@bp.get("/availability")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        HTTP_200=(list[OwnSlot], "The organization's slots, soonest first"),
        HTTP_403="Not an exhibitor of an approved organization",
    )
)
def list_availability() -> list[OwnSlot]:
    """The organization's slots, each free, requested or booked"""
    return [
        OwnSlot(**_slot(o.slot).model_dump(), state=o.state, host_user_id=o.slot.host_id)
        for o in availability.offered(current_user)
    ]


@bp.delete("/availability/<int:slot_id>")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        HTTP_204=(None, "Withdrawn"),
        HTTP_403="Not an exhibitor",
        HTTP_404="No such slot of the caller's organization",
        HTTP_409="Someone has asked for the slot",
    )
)
def withdraw_slot(slot_id: int) -> tuple[str, int]:
    """Withdraw a slot nobody has asked for"""
    availability.withdraw(current_user, slot_id)
    db.session.commit()
    return "", 204


@bp.get("/booths/<int:booth_id>/slots")
@signed_in
@api.validate(
    resp=answers(
        HTTP_200=(list[Slot], "Free slots ahead, soonest first"),
        HTTP_404="No such published booth",
        HTTP_422="A day that is not a date",
    )
)
def booth_slots(booth_id: int, query: SlotDay) -> list[Slot]:
    """The free meeting slots of a booth's exhibitor"""
    exhibitor_id = availability.shown_exhibitor(booth_id)
    return [_slot(s) for s in availability.free_slots(exhibitor_id, query.day)]


@bp.post("/meetings")
@signed_in
@api.validate(
    resp=answers(
        body=True,
        HTTP_201=(MeetingOut, "The request, waiting for the host's answer"),
        HTTP_403="The caller's own organization's slot",
        HTTP_404="No such slot of a published booth, or no such exhibit of the host's",
        HTTP_409="The slot is no longer free, or the caller has a meeting at that time",
        HTTP_422="A missing or too long message",
        HTTP_429="Too many requests waiting for an answer (EEXPO_MEETING_REQUEST_LIMIT)",
    )
)
def request_meeting(json: NewMeeting) -> tuple[MeetingOut, int]:
    """Ask for a meeting in a free slot"""
    meeting = booking.request_meeting(current_user, json.slot_id, json.message, json.exhibit_id)
    db.session.commit()
    return _meeting(meeting, hosting=False), 201


@bp.get("/meetings.ics")
@public
@api.validate(
    security=ANYONE,
    resp=answers(
        HTTP_200=(None, "The accepted meetings as iCalendar (`text/calendar`)"),
        HTTP_404="A key that is wrong, renewed since, or of a deactivated account",
    ),
)
def meetings_feed(query: CalendarFeed) -> Response:
    """The caller's accepted meetings for calendar applications, under the key from `GET /me`"""
    user = calendar.user_for_key(query.key)
    if user is None:
        raise NotFound(_("This calendar link is not valid: copy the current one from eexpo."))
    response = Response(calendar.feed(user), mimetype="text/calendar")
    response.headers["Cache-Control"] = PRIVATE
    response.headers["Content-Disposition"] = 'attachment; filename="meetings.ics"'
    return response


@bp.get("/meetings")
@signed_in
@api.validate(resp=answers(HTTP_200=(MeetingList, "The caller's meetings, soonest first")))
def list_meetings() -> MeetingList:
    """The caller's meetings, both those asked for and those the organization hosts"""
    return MeetingList(items=[_meeting(x.meeting, x.hosting) for x in booking.mine(current_user)])


_NOT_NOW = "The meeting is not in a state that allows it"


@bp.post("/meetings/<int:meeting_id>/accept")
@signed_in
@api.validate(
    resp=answers(
        HTTP_200=(MeetingOut, "Accepted"),
        HTTP_404=_NO_MEETING,
        HTTP_409=f"{_NOT_NOW}, or every table of the business talk is taken then",
    )
)
def accept_meeting(meeting_id: int) -> MeetingOut:
    """Accept a request (the slot's organization), or the other time proposed (the guest)"""
    meeting = booking.accept(current_user, meeting_id)
    db.session.commit()
    return _meeting(meeting, hosting=meeting.requester_id != current_user.id)


@bp.post("/meetings/<int:meeting_id>/propose")
@signed_in
@api.validate(
    resp=answers(
        body=True,
        HTTP_200=(MeetingOut, "Moved to the other slot, waiting for the guest's answer"),
        HTTP_404=f"{_NO_MEETING}, or no such slot of the organization",
        HTTP_409=f"{_NOT_NOW}, the slot is not free or has begun, or the guest is busy then",
        HTTP_422="A message too long",
    )
)
def propose_meeting(meeting_id: int, json: Proposal) -> MeetingOut:
    """Answer a request with another of the organization's free slots"""
    meeting = booking.propose(current_user, meeting_id, json.slot_id, json.message)
    db.session.commit()
    return _meeting(meeting, hosting=True)


@bp.post("/meetings/<int:meeting_id>/decline")
@signed_in
@api.validate(
    resp=answers(
        body=True, HTTP_200=(MeetingOut, "Declined"), HTTP_404=_NO_MEETING, HTTP_409=_NOT_NOW
    )
)
def decline_meeting(meeting_id: int, json: Answering) -> MeetingOut:
    """Decline a request, with a message (the slot's organization)"""
    meeting = booking.decline(current_user, meeting_id, json.message)
    db.session.commit()
    return _meeting(meeting, hosting=True)


@bp.post("/meetings/<int:meeting_id>/cancel")
@signed_in
@api.validate(
    resp=answers(
        body=True, HTTP_200=(MeetingOut, "Cancelled"), HTTP_404=_NO_MEETING, HTTP_409=_NOT_NOW
    )
)
def cancel_meeting(meeting_id: int, json: Cancelling) -> MeetingOut:
    """Call a meeting off, with a reason (either side)"""
    meeting = booking.cancel(current_user, meeting_id, json.reason)
    db.session.commit()
    return _meeting(meeting, hosting=meeting.requester_id != current_user.id)
