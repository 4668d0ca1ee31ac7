"""People and organizations: users and their roles, exhibitors, invitations, API tokens, notices."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eexpo.orm import Base, BilingualName, TimestampMixin, enum_column, utcnow

if TYPE_CHECKING:
    from eexpo.models.catalogue import Sector


class Role(enum.StrEnum):
    ORGANIZER = "organizer"
    EXHIBITOR = "exhibitor"
    VISITOR = "visitor"


class ExhibitorStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Exhibitor(BilingualName, TimestampMixin, Base):
    """An exhibiting organization; its users edit its booths. Also the catalogue's exhibitor row."""

    __tablename__ = "exhibitor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str | None] = mapped_column(sa.String(2))
    region: Mapped[str | None] = mapped_column(sa.String(100))
    delegation: Mapped[str | None] = mapped_column(sa.String(200))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(50))
    description: Mapped[str | None] = mapped_column(sa.Text)
    sector_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sector.id", ondelete="SET NULL"))
    logo_media_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("media_item.id", ondelete="SET NULL", use_alter=True)
    )
    # The booth pages' header picture, one of the organization's photos, shown at 4:1.
    banner_media_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("media_item.id", ondelete="SET NULL", use_alter=True)
    )
    # Up to five https addresses of the organization elsewhere (LinkedIn, WeChat, YouTube…).
    social_links: Mapped[list[str]] = mapped_column(sa.JSON, default=list, server_default="[]")
    status: Mapped[ExhibitorStatus] = enum_column(ExhibitorStatus, default=ExhibitorStatus.PENDING)
    decided_at: Mapped[datetime | None]

    sector: Mapped[Sector | None] = relationship()
    users: Mapped[list[User]] = relationship(back_populates="exhibitor", order_by="User.id")

    @property
    def is_approved(self) -> bool:
        return self.status == ExhibitorStatus.APPROVED


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased so uniqueness is case-insensitive on every database.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[Role] = enum_column(Role)
    exhibitor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exhibitor.id", ondelete="SET NULL"), index=True
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    # Bumped to end every session of the user at once (deactivation, password change).
    session_version: Mapped[int] = mapped_column(default=1)
    # Part of the secret key of the user's meetings calendar feed: renewing it bumps this.
    calendar_version: Mapped[int] = mapped_column(default=0, server_default="0")
    locale: Mapped[str | None] = mapped_column(sa.String(10))
    last_login_at: Mapped[datetime | None]

    exhibitor: Mapped[Exhibitor | None] = relationship(back_populates="users")

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_organizer(self) -> bool:
        return self.role == Role.ORGANIZER

    @property
    def is_exhibitor(self) -> bool:
        return self.role == Role.EXHIBITOR


class Invitation(Base):
    """A single-use invitation: to a new exhibitor organization, or into an existing one (a
    colleague's, or a catalogue exhibitor's first account). An address has at most one open
    invitation (neither accepted nor revoked), which the database enforces: inviting twice, even
    at the same moment, sends one."""

    __tablename__ = "invitation"
    __table_args__ = (
        sa.Index(
            "uq_invitation_open_email",
            "email",
            unique=True,
            sqlite_where=sa.text("accepted_at IS NULL AND revoked_at IS NULL"),
            postgresql_where=sa.text("accepted_at IS NULL AND revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    role: Mapped[Role] = enum_column(Role)
    exhibitor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exhibitor.id", ondelete="CASCADE")
    )
    # For an organizer's invitation of a new exhibitor: the organization to create.
    organization_name: Mapped[str | None] = mapped_column(sa.String(200))
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # The language its mails are written in (the invitee's, as far as the organizers know).
    locale: Mapped[str | None] = mapped_column(sa.String(10))
    last_sent_at: Mapped[datetime | None]

    exhibitor: Mapped[Exhibitor | None] = relationship()
    invited_by: Mapped[User | None] = relationship()


class Reminder(Base):
    """One reminder to one exhibitor at one stage of the schedule (days before opening): the
    unique pair makes each go once, whichever process sends it."""

    __tablename__ = "exhibitor_reminder"
    __table_args__ = (sa.UniqueConstraint("exhibitor_id", "days_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibitor_id: Mapped[int] = mapped_column(sa.ForeignKey("exhibitor.id", ondelete="CASCADE"))
    days_before: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals no usable token."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str | None] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class Notification(Base):
    """An in-app notice to one user (moderation outcomes, takedowns)."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(50))
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
