"""Booths, their revisions and ordered blocks, and the submissions organizers review."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eexpo.orm import Base, TimestampMixin, enum_column, utcnow

if TYPE_CHECKING:
    from eexpo.models.accounts import Exhibitor, User
    from eexpo.models.catalogue import Sector
    from eexpo.models.exhibits import ExhibitVersion
    from eexpo.models.media import MediaItem


class BoothStatus(enum.StrEnum):
    """Where a booth stands for visitors; changed only through the moderation transition table."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    TAKEN_DOWN = "taken_down"


class RevisionState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"


class SubmissionStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class BlockType(enum.StrEnum):
    TEXT = "text"
    PHOTO = "photo"
    VIDEO = "video"
    DOCUMENT = "document"


class Booth(TimestampMixin, Base):
    """A booth: the published revision stays live while the exhibitor edits a draft revision."""

    __tablename__ = "booth"
    # Sector listings and the tour walk this index in order, instead of sorting every booth of
    # the sector on each request.
    __table_args__ = (
        sa.Index("ix_booth_listing", "sector_id", "status", "sort_name", "id"),
        # The home page's featured, then newest, booths: a walk backwards along this index.
        sa.Index("ix_booth_featured", "status", "is_featured", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exhibitor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exhibitor.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    status: Mapped[BoothStatus] = enum_column(BoothStatus, default=BoothStatus.DRAFT, index=True)
    published_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("booth_revision.id", ondelete="SET NULL", use_alter=True)
    )
    draft_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("booth_revision.id", ondelete="SET NULL", use_alter=True)
    )
    # Denormalised from the published revision so listings need no join through revisions.
    sector_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sector.id", ondelete="SET NULL"), index=True
    )
    published_at: Mapped[datetime | None]
    takedown_reason: Mapped[str | None] = mapped_column(sa.Text)
    is_featured: Mapped[bool] = mapped_column(default=False)
    # Also set on publish, for booth cards and the "has video" filter without reading blocks.
    cover_media_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("media_item.id", ondelete="SET NULL")
    )
    has_video: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The exhibitor's name, copied here for that index (booths.services keeps it in step).
    sort_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")

    exhibitor: Mapped[Exhibitor] = relationship()
    cover_media: Mapped[MediaItem | None] = relationship()
    sector: Mapped[Sector | None] = relationship()
    published_revision: Mapped[BoothRevision | None] = relationship(
        foreign_keys=[published_revision_id], post_update=True
    )
    draft_revision: Mapped[BoothRevision | None] = relationship(
        foreign_keys=[draft_revision_id], post_update=True
    )


revision_sector = sa.Table(
    "revision_sector",
    Base.metadata,
    sa.Column(
        "revision_id", sa.ForeignKey("booth_revision.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("sector_id", sa.ForeignKey("sector.id", ondelete="CASCADE"), primary_key=True),
)


class BoothRevision(TimestampMixin, Base):
    """One version of a booth's content; `version` guards drafts against silent overwrites."""

    __tablename__ = "booth_revision"
    __table_args__ = (sa.UniqueConstraint("booth_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(sa.ForeignKey("booth.id", ondelete="CASCADE"))
    number: Mapped[int]
    state: Mapped[RevisionState] = enum_column(RevisionState, default=RevisionState.DRAFT)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    sector_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sector.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )

    booth: Mapped[Booth] = relationship(foreign_keys=[booth_id])
    sector: Mapped[Sector | None] = relationship()
    secondary_sectors: Mapped[list[Sector]] = relationship(secondary=revision_sector)
    blocks: Mapped[list[Block]] = relationship(
        back_populates="revision", order_by="Block.position", cascade="all, delete-orphan"
    )
    exhibits: Mapped[list[ExhibitVersion]] = relationship(
        back_populates="revision", order_by="ExhibitVersion.position",
        cascade="all, delete-orphan",
    )  # fmt: skip


class Block(Base):
    """An ordered piece of a revision: text (Markdown and sanitized HTML), a photo, a video or a
    document (a PDF visitors download)."""

    __tablename__ = "block"
    __table_args__ = (sa.Index("ix_block_revision_position", "revision_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("booth_revision.id", ondelete="CASCADE"))
    position: Mapped[int]
    type: Mapped[BlockType] = enum_column(BlockType)
    markdown: Mapped[str | None] = mapped_column(sa.Text)
    html: Mapped[str | None] = mapped_column(sa.Text)
    media_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("media_item.id", ondelete="RESTRICT"), index=True
    )
    alt: Mapped[str | None] = mapped_column(sa.String(500))
    caption: Mapped[str | None] = mapped_column(sa.String(500))

    revision: Mapped[BoothRevision] = relationship(back_populates="blocks")
    media: Mapped[MediaItem | None] = relationship()


class Submission(Base):
    """A frozen revision waiting for, or having had, an organizer's decision."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(sa.ForeignKey("booth.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("booth_revision.id", ondelete="CASCADE"))
    # The revision that was live when submitted: the review diff is taken against it.
    base_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("booth_revision.id", ondelete="SET NULL")
    )
    status: Mapped[SubmissionStatus] = enum_column(
        SubmissionStatus, default=SubmissionStatus.PENDING, index=True
    )
    submitted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(sa.Text)

    booth: Mapped[Booth] = relationship()
    revision: Mapped[BoothRevision] = relationship(foreign_keys=[revision_id])
    base_revision: Mapped[BoothRevision | None] = relationship(foreign_keys=[base_revision_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
