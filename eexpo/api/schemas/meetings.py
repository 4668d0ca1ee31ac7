"""Bodies of business matchmaking: meeting times offered, and the meetings booked in them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field, HttpUrl

from eexpo.api.schemas.common import JSON_INTEGER, Answer, Body, Id, Query, text
from eexpo.meetings.availability import MAX_SLOT_MINUTES, MIN_SLOT_MINUTES
from eexpo.meetings.booking import MAX_MESSAGE_CHARS

# Times travel as text (JSON has no time type), with their offset: read from text, although
# bodies are otherwise strict.
Moment = Annotated[AwareDatetime, Field(strict=False, json_schema_extra={"format": "date-time"})]
Message = Annotated[str, text(MAX_MESSAGE_CHARS, required=False)]


class AtStand(Body):
    kind: Literal["stand"]


def _web(url: HttpUrl) -> HttpUrl:
    if url.scheme not in ("https", "http"):
        raise ValueError("an http(s) link")
    return url


class Online(Body):
    kind: Literal["online"]
    url: Annotated[HttpUrl, AfterValidator(_web), Field(strict=False, max_length=500)] = Field(
        description="the video call's link, given by the host; eexpo hosts no calls"
    )


class AtTable(Body):
    kind: Literal["table"]
    session_id: Id = Field(description="a business talk of the programme with tables")


class Offer(Body):
    starts_at: Moment
    ends_at: Moment
    slot_minutes: Annotated[
        int, Field(ge=MIN_SLOT_MINUTES, le=MAX_SLOT_MINUTES, multiple_of=5), JSON_INTEGER
    ]
    place: Annotated[AtStand | Online | AtTable, Field(discriminator="kind")]
    host_user_id: Id | None = Field(
        default=None, description="a team member; the caller when absent"
    )


class PlaceOut(Answer):
    kind: Literal["stand", "online", "table"]
    url: str | None = Field(default=None, description="online: the call's link")
    session_id: int | None = Field(default=None, description="table: the business talk")
    hall: str | None = Field(
        default=None, description="stand: the hall, when the catalogue places it"
    )
    stand: str | None = Field(default=None, description="stand: its code")
    table: int | None = Field(default=None, description="table: assigned on acceptance")


class Slot(Answer):
    id: int
    starts_at: str = Field(json_schema_extra={"format": "date-time"})
    ends_at: str = Field(json_schema_extra={"format": "date-time"})
    place: PlaceOut


class Slots(Answer):
    slots: list[Slot]


class OwnSlot(Slot):
    state: Literal["free", "requested", "booked"]
    host_user_id: int


class SlotDay(Query):
    day: dt.date | None = Field(
        default=None, description="one of the expo's days (its own calendar)"
    )


class CalendarFeed(Query):
    key: Annotated[str, text(80)] = Field(description="`calendar_key` from `GET /me`")


class NewMeeting(Body):
    slot_id: Id
    message: Annotated[str, text(MAX_MESSAGE_CHARS)] = Field(
        description="what the caller would like to discuss"
    )
    exhibit_id: Id | None = Field(
        None, description="one of the host's exhibits the meeting is about (a live one)"
    )


class AboutExhibit(Answer):
    id: int
    name: str
    name_zh: str | None


class Answering(Body):
    message: Message = ""


class Cancelling(Body):
    reason: Message = ""


class Person(Answer):
    name: str
    organization: str | None


class MeetingOut(Answer):
    # `with` is a Python keyword: the field is `with_` here and `with` on the wire.
    model_config = ConfigDict(extra="forbid", serialize_by_alias=True, validate_by_name=True)

    id: int
    status: Literal["requested", "accepted", "declined", "cancelled"]
    starts_at: str = Field(json_schema_extra={"format": "date-time"})
    ends_at: str = Field(json_schema_extra={"format": "date-time"})
    place: PlaceOut
    with_: Person = Field(alias="with", description="the other side")
    hosting: bool = Field(description="the caller's organization hosts it")
    message: str
    answer: str | None = Field(
        description="the decline's message, the proposal's, or the cancellation's reason"
    )
    exhibit: AboutExhibit | None = Field(
        None, description="the exhibit the guest asked about, while its booth shows it"
    )
    proposed: bool = Field(
        description="the host moved the request to this other slot; the guest accepts or cancels"
    )


class Proposal(Body):
    slot_id: Id = Field(description="another free slot of the host organization")
    message: Message = ""


class MeetingList(Answer):
    items: list[MeetingOut]
