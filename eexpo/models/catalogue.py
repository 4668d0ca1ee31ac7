"""The offline event: sectors, the event, halls and stands, programme, venues, signed projects."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eexpo.orm import Base, Bilingual, BilingualName, enum_column

if TYPE_CHECKING:
    from eexpo.models.accounts import Exhibitor
    from eexpo.models.media import MediaItem


class Sector(BilingualName, Base):
    """An industry sector; `group` gathers sectors for the report (e.g. high-tech). The group's
    names are repeated on each of its sectors, as the CSV gives them (and checks they agree)."""

    __tablename__ = "sector"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    group: Mapped[str | None] = mapped_column(sa.String(80))
    group_name: Mapped[str | None] = mapped_column(sa.String(200))
    group_name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)


class Event(BilingualName, Base):
    """The expo itself; a single row."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    venue: Mapped[str | None] = mapped_column(sa.String(300))
    venue_zh: Mapped[str | None] = mapped_column(sa.String(300))
    country: Mapped[str | None] = mapped_column(sa.String(2))
    # The host region; the report counts what lies outside it.
    region: Mapped[str | None] = mapped_column(sa.String(100))
    # Days before opening on which exhibitors without a submitted booth are reminded.
    reminder_days: Mapped[list[int]] = mapped_column(sa.JSON, default=list)


class Hall(BilingualName, Base):
    __tablename__ = "hall"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    name_zh: Mapped[str | None] = mapped_column(sa.String(100))
    position: Mapped[int] = mapped_column(default=0)
    floor_plan_media_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("media_item.id", ondelete="SET NULL")
    )

    stands: Mapped[list[Stand]] = relationship(back_populates="hall", order_by="Stand.code")
    floor_plan: Mapped[MediaItem | None] = relationship()


class Stand(Base):
    """A stand in a hall; its position on the floor plan is in fractions of the plan's size."""

    __tablename__ = "stand"
    __table_args__ = (sa.UniqueConstraint("hall_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(sa.ForeignKey("hall.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(sa.String(40))
    exhibitor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exhibitor.id", ondelete="SET NULL"), index=True
    )
    plan_x: Mapped[float | None]
    plan_y: Mapped[float | None]
    plan_width: Mapped[float | None]
    plan_height: Mapped[float | None]

    hall: Mapped[Hall] = relationship(back_populates="stands")
    exhibitor: Mapped[Exhibitor | None] = relationship()


class SessionKind(enum.StrEnum):
    FORUM = "forum"
    BUSINESS_TALK = "business_talk"
    CEREMONY = "ceremony"
    OTHER = "other"


session_speaker = sa.Table(
    "session_speaker",
    Base.metadata,
    sa.Column(
        "session_id",
        sa.ForeignKey("programme_session.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("speaker_id", sa.ForeignKey("speaker.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False, default=0),
)


session_exhibitor = sa.Table(
    "session_exhibitor",
    Base.metadata,
    sa.Column(
        "session_id",
        sa.ForeignKey("programme_session.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "exhibitor_id",
        sa.ForeignKey("exhibitor.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Speaker(Bilingual, Base):
    """Someone who speaks at sessions; the sessions CSV names them, the speakers CSV adds bios."""

    __tablename__ = "speaker"
    __table_args__ = (sa.UniqueConstraint("name", "affiliation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    affiliation: Mapped[str] = mapped_column(sa.String(300), default="")
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    affiliation_zh: Mapped[str | None] = mapped_column(sa.String(300))
    bio: Mapped[str | None] = mapped_column(sa.Text)
    bio_zh: Mapped[str | None] = mapped_column(sa.Text)

    sessions: Mapped[list[ProgrammeSession]] = relationship(
        secondary=session_speaker,
        order_by="ProgrammeSession.starts_at",
        back_populates="speakers",
    )

    def label(self, locale: str | None) -> str:
        return speaker_label(self.text("name", locale), self.text("affiliation", locale))


def speaker_label(name: str, affiliation: str) -> str:
    """ "Name (Affiliation)", as the programme and the catalogue CSV write a speaker."""
    return f"{name} ({affiliation})" if affiliation else name


class ProgrammeSession(Bilingual, Base):
    """A forum, business talk or ceremony in the programme (not a web session)."""

    __tablename__ = "programme_session"
    __table_args__ = (sa.UniqueConstraint("title", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    title_zh: Mapped[str | None] = mapped_column(sa.String(300))
    kind: Mapped[SessionKind] = enum_column(SessionKind, default=SessionKind.OTHER)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    room: Mapped[str | None] = mapped_column(sa.String(200))
    room_zh: Mapped[str | None] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    description_zh: Mapped[str | None] = mapped_column(sa.Text)
    # A business talk's meeting tables, and the length of the slots booked at them.
    tables: Mapped[int | None]
    slot_minutes: Mapped[int | None]

    speakers: Mapped[list[Speaker]] = relationship(
        secondary=session_speaker, order_by=session_speaker.c.position, back_populates="sessions"
    )
    # Exhibitors the session features (a launch, a panel), linked from its page.
    exhibitors: Mapped[list[Exhibitor]] = relationship(
        secondary=session_exhibitor, order_by="Exhibitor.name"
    )


class VenueKind(enum.StrEnum):
    MUSEUM = "museum"
    LABORATORY = "laboratory"
    SCIENCE_PARK = "science_park"
    OTHER = "other"


class Venue(BilingualName, Base):
    """A place open to the public during the expo."""

    __tablename__ = "venue"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300), unique=True)
    name_zh: Mapped[str | None] = mapped_column(sa.String(300))
    kind: Mapped[VenueKind] = enum_column(VenueKind, default=VenueKind.OTHER)
    address: Mapped[str | None] = mapped_column(sa.String(500))
    address_zh: Mapped[str | None] = mapped_column(sa.String(500))
    opening_hours: Mapped[str | None] = mapped_column(sa.String(300))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    description: Mapped[str | None] = mapped_column(sa.Text)
    description_zh: Mapped[str | None] = mapped_column(sa.Text)


project_exhibitor = sa.Table(
    "project_exhibitor",
    Base.metadata,
    sa.Column("project_id", sa.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "exhibitor_id",
        sa.ForeignKey("exhibitor.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Project(Base):
    """A project signed at the expo; value in exact decimal yuan. It may name the exhibitors it
    came from, which ties the deal to the meetings before it."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300), unique=True)
    sector_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sector.id", ondelete="SET NULL"), index=True
    )
    country: Mapped[str | None] = mapped_column(sa.String(2))
    region: Mapped[str | None] = mapped_column(sa.String(100))
    value_cny: Mapped[Decimal] = mapped_column(sa.Numeric(24, 6))
    signed_on: Mapped[date | None]
    parties: Mapped[str | None] = mapped_column(sa.Text)

    sector: Mapped[Sector | None] = relationship()
    exhibitors: Mapped[list[Exhibitor]] = relationship(secondary=project_exhibitor)


class Glossary(Base):
    """The Chinese of a name exhibitors and projects give in English: a region ("Guangdong") or a
    delegation ("German Pavilion"). They repeat across many exhibitors, so organizers name each
    once here, and readers see it in their language wherever it shows."""

    __tablename__ = "glossary"

    id: Mapped[int] = mapped_column(primary_key=True)
    english: Mapped[str] = mapped_column(sa.String(200), unique=True)
    chinese: Mapped[str] = mapped_column(sa.String(200))
