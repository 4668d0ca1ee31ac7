"""Exhibits: an exhibitor's products, technologies, services and projects. Each belongs to its
booth's revisions, so it is drafted, reviewed and published with the booth: `Exhibit` is its
lasting identity (its page, links and meetings about it), `ExhibitVersion` its content in one
revision."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eexpo.orm import Base, enum_column, tags_of, tags_text, utcnow

if TYPE_CHECKING:
    from eexpo.models.booths import Booth, BoothRevision
    from eexpo.models.catalogue import Sector
    from eexpo.models.media import MediaItem


class ExhibitKind(enum.StrEnum):
    PRODUCT = "product"
    TECHNOLOGY = "technology"
    SERVICE = "service"
    PROJECT = "project"  # a project seeking partners


class ExhibitCooperation(enum.StrEnum):
    """What the exhibitor seeks for an exhibit."""

    SALE = "sale"
    LICENSING = "licensing"
    JOINT_DEVELOPMENT = "joint_development"
    INVESTMENT = "investment"
    DISTRIBUTION = "distribution"
    RESEARCH = "research"


class IpStatus(enum.StrEnum):
    PATENTED = "patented"
    PENDING = "pending"  # a patent applied for
    NONE = "none"


class Exhibit(Base):
    """An exhibit's lasting identity, across the revisions of its booth. `live_version_id` is
    the version visitors see: set when its booth's revision is published, cleared when the
    booth is taken down (`booths.exhibits.show_live`), so the catalogue starts from the
    exhibits themselves rather than from every booth."""

    __tablename__ = "exhibit"

    id: Mapped[int] = mapped_column(primary_key=True)
    booth_id: Mapped[int] = mapped_column(sa.ForeignKey("booth.id", ondelete="CASCADE"), index=True)
    live_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exhibit_version.id", ondelete="SET NULL", use_alter=True), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    booth: Mapped[Booth] = relationship()


exhibit_version_sector = sa.Table(
    "exhibit_version_sector",
    Base.metadata,
    sa.Column(
        "version_id", sa.ForeignKey("exhibit_version.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "sector_id", sa.ForeignKey("sector.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class ExhibitVersion(Base):
    """An exhibit as one revision of its booth has it. `offers` holds the cooperation sought as
    ",sale,licensing,", so a kind is found with one portable LIKE (as business profiles do)."""

    __tablename__ = "exhibit_version"
    __table_args__ = (
        sa.UniqueConstraint("revision_id", "exhibit_id"),
        sa.Index("ix_exhibit_version_revision_position", "revision_id", "position"),
        sa.CheckConstraint("trl BETWEEN 1 AND 9", name="trl"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("booth_revision.id", ondelete="CASCADE"))
    exhibit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exhibit.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    name_zh: Mapped[str | None] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    summary_zh: Mapped[str | None] = mapped_column(sa.String(500))
    markdown: Mapped[str] = mapped_column(sa.Text, default="")
    html: Mapped[str] = mapped_column(sa.Text, default="")
    kind: Mapped[ExhibitKind] = enum_column(ExhibitKind)
    trl: Mapped[int | None]  # technology readiness level, 1 to 9
    ip_status: Mapped[IpStatus | None] = enum_column(IpStatus, nullable=True)
    offers: Mapped[str] = mapped_column(sa.String(120), default="")

    exhibit: Mapped[Exhibit] = relationship(foreign_keys=[exhibit_id])
    revision: Mapped[BoothRevision] = relationship(back_populates="exhibits")
    sectors: Mapped[list[Sector]] = relationship(secondary=exhibit_version_sector)
    media: Mapped[list[ExhibitMedia]] = relationship(
        order_by="ExhibitMedia.position", cascade="all, delete-orphan"
    )

    @property
    def cooperation(self) -> list[ExhibitCooperation]:
        return tags_of(self.offers, ExhibitCooperation)

    @cooperation.setter
    def cooperation(self, kinds: list[ExhibitCooperation]) -> None:
        self.offers = tags_text(kinds, ExhibitCooperation)

    def display_name(self, locale: str | None) -> str:
        return self.name_zh if locale and locale.startswith("zh") and self.name_zh else self.name

    def display_summary(self, locale: str | None) -> str:
        zh = locale and locale.startswith("zh") and self.summary_zh
        return self.summary_zh if zh else self.summary  # type: ignore[return-value]


class ExhibitMedia(Base):
    """A photo, the video or a document of an exhibit version, in its order."""

    __tablename__ = "exhibit_media"

    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("exhibit_version.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    media_id: Mapped[int] = mapped_column(
        sa.ForeignKey("media_item.id", ondelete="RESTRICT"), index=True
    )

    media: Mapped[MediaItem] = relationship()
