"""What visitors leave behind: leads, favourites, and daily aggregate counters (no tracking)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eexpo.orm import Base, utcnow


class Lead(Base):
    """A visitor's request to be contacted by an exhibitor; kept only with explicit consent."""

    __tablename__ = "lead"

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(sa.ForeignKey("booth.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    organization: Mapped[str | None] = mapped_column(sa.String(200))
    message: Mapped[str] = mapped_column(sa.Text)
    locale: Mapped[str | None] = mapped_column(sa.String(10))
    consent_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    prospect_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("prospect.id", ondelete="SET NULL"), index=True
    )


class Favourite(Base):
    """A booth on a signed-in visitor's tour."""

    __tablename__ = "favourite"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    booth_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booth.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgendaItem(Base):
    """A programme session on a signed-in visitor's personal agenda."""

    __tablename__ = "agenda_item"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_session.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BoothDayStat(Base):
    """One booth's aggregate counts for one of the expo's days (EEXPO_TIMEZONE)."""

    __tablename__ = "booth_day_stat"

    day: Mapped[date] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booth.id", ondelete="CASCADE"), primary_key=True
    )
    views: Mapped[int] = mapped_column(default=0)
    video_plays: Mapped[int] = mapped_column(default=0)
    downloads: Mapped[int] = mapped_column(default=0, server_default="0")  # of documents
    unique_visitors: Mapped[int] = mapped_column(default=0)


class EventDayStat(Base):
    """The whole e-exhibition's aggregate counts for one of the expo's days."""

    __tablename__ = "event_day_stat"

    day: Mapped[date] = mapped_column(primary_key=True)
    unique_visitors: Mapped[int] = mapped_column(default=0)
    views: Mapped[int] = mapped_column(default=0)
    video_plays: Mapped[int] = mapped_column(default=0)
    downloads: Mapped[int] = mapped_column(default=0, server_default="0")  # of documents
