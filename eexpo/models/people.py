"""Business profiles: who a signed-in visitor (or any user) is, what they look for, and whether
exhibitors may find them in the "who is coming" list."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eexpo.models.accounts import User
from eexpo.models.catalogue import Sector
from eexpo.orm import Base, tags_of, tags_text, utcnow


class Cooperation(enum.StrEnum):
    BUY = "buy"
    LICENSE = "license"
    INVEST = "invest"
    DISTRIBUTE = "distribute"
    RESEARCH = "research"  # a research partner


profile_sector = sa.Table(
    "profile_sector",
    Base.metadata,
    sa.Column(
        "user_id", sa.ForeignKey("business_profile.user_id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "sector_id", sa.ForeignKey("sector.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class BusinessProfile(Base):
    """One user's business card. `wants` holds the cooperation kinds as ",buy,license,", so a
    kind is found with one portable LIKE; `listed` is the user's own choice, off by default."""

    __tablename__ = "business_profile"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    organization: Mapped[str | None] = mapped_column(sa.String(200))
    job_title: Mapped[str | None] = mapped_column(sa.String(200))
    country: Mapped[str | None] = mapped_column(sa.String(2))
    region: Mapped[str | None] = mapped_column(sa.String(100))
    wants: Mapped[str] = mapped_column(sa.String(100), default="")
    introduction: Mapped[str | None] = mapped_column(sa.Text)
    language: Mapped[str | None] = mapped_column(sa.String(10))  # the introduction's
    listed: Mapped[bool] = mapped_column(default=False, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    sectors: Mapped[list[Sector]] = relationship(secondary=profile_sector, order_by=Sector.position)

    @property
    def cooperation(self) -> list[Cooperation]:
        return tags_of(self.wants, Cooperation)

    @cooperation.setter
    def cooperation(self, kinds: list[Cooperation]) -> None:
        self.wants = tags_text(kinds, Cooperation)
