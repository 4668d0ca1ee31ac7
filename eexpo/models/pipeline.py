"""An exhibitor's sales pipeline: each person who wrote to it or asked to meet it, once per
address, with where the business stands, who of the team owns it, and the team's notes."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eexpo.models.accounts import User
from eexpo.orm import Base, enum_column, utcnow


class Stage(enum.StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    MEETING = "meeting"
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    LOST = "lost"


class Prospect(Base):
    """One person in one exhibitor's pipeline; their leads and meetings point here."""

    __tablename__ = "prospect"
    __table_args__ = (sa.UniqueConstraint("exhibitor_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibitor_id: Mapped[int] = mapped_column(sa.ForeignKey("exhibitor.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))  # lower case: the person's key
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    organization: Mapped[str | None] = mapped_column(sa.String(200))
    stage: Mapped[Stage] = enum_column(Stage, default=Stage.NEW)
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    active_at: Mapped[datetime] = mapped_column(default=utcnow)  # the latest lead, meeting or note

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    notes: Mapped[list[ProspectNote]] = relationship(
        order_by="ProspectNote.id", cascade="all, delete-orphan", passive_deletes=True
    )


class ProspectNote(Base):
    """A team member's note on a prospect; the pipeline's history in the team's own words."""

    __tablename__ = "prospect_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    prospect_id: Mapped[int] = mapped_column(
        sa.ForeignKey("prospect.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
