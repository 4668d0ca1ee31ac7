"""Business matchmaking: the slots an exhibitor's team offers, the meetings booked in them, and
the holds through which the database itself keeps anyone from being in two places at once."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eexpo.models.accounts import Exhibitor, User
from eexpo.models.catalogue import ProgrammeSession
from eexpo.orm import Base, enum_column, utcnow


class PlaceKind(enum.StrEnum):
    STAND = "stand"  # the exhibitor's stand in the halls
    ONLINE = "online"  # a video call at the link the host gives; eexpo hosts no calls
    TABLE = "table"  # a table at a business talk, assigned on acceptance


class MeetingStatus(enum.StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"


OPEN_MEETING = (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED)


class MeetingSlot(Base):
    """A time one of the exhibitor's team members offers for a meeting."""

    __tablename__ = "meeting_slot"
    __table_args__ = (sa.Index("ix_meeting_slot_exhibitor_start", "exhibitor_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibitor_id: Mapped[int] = mapped_column(sa.ForeignKey("exhibitor.id", ondelete="CASCADE"))
    host_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[PlaceKind] = enum_column(PlaceKind)
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme_session.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    exhibitor: Mapped[Exhibitor] = relationship()
    host: Mapped[User] = relationship()
    session: Mapped[ProgrammeSession | None] = relationship()


class Meeting(Base):
    """A request for a slot, and what became of it."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting_slot.id", ondelete="CASCADE"), index=True
    )
    requester_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[MeetingStatus] = enum_column(MeetingStatus, default=MeetingStatus.REQUESTED)
    message: Mapped[str] = mapped_column(sa.Text)
    answer: Mapped[str | None] = mapped_column(sa.Text)  # the decline's message or cancel's reason
    cancelled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    table_number: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]  # kept when it is later cancelled: the funnel counts it
    proposed_at: Mapped[datetime | None]  # the host moved it to another slot: the guest answers
    reminded_at: Mapped[datetime | None]  # both sides were reminded before it
    prospect_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("prospect.id", ondelete="SET NULL"), index=True
    )
    # What the guest would like to discuss: one of the host's exhibits, when they said so.
    exhibit_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exhibit.id", ondelete="SET NULL"), index=True
    )

    slot: Mapped[MeetingSlot] = relationship()
    requester: Mapped[User] = relationship(foreign_keys=[requester_id])


class SlotHold(Base):
    """Each five minutes of a slot, held for its host: a unique row, so one host's slots never
    overlap, however many requests offer them at once."""

    __tablename__ = "slot_hold"

    host_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    at: Mapped[datetime] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting_slot.id", ondelete="CASCADE"), index=True
    )


class MeetingHold(Base):
    """Each five minutes of an open meeting, held for each of its two people: nobody is in two
    meetings at once, and a slot is booked once (its host is held for it)."""

    __tablename__ = "meeting_hold"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    at: Mapped[datetime] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )


class TableHold(Base):
    """A business talk's table at one of its slot times, taken by an accepted meeting."""

    __tablename__ = "table_hold"

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_session.id", ondelete="CASCADE"), primary_key=True
    )
    starts_at: Mapped[datetime] = mapped_column(primary_key=True)
    table_number: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )
