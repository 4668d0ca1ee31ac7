"""The declarative base: naming convention, UTC timestamps and enum columns for every model."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, QueryableAttribute, mapped_column, registry

# Predictable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database keeps."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_type: type[enum.Enum], **kwargs: Any) -> Any:
    """A portable enum column: VARCHAR plus a CHECK constraint, storing the members' values."""
    return mapped_column(
        sa.Enum(
            enum_type,
            native_enum=False,
            create_constraint=True,
            length=24,
            validate_strings=True,
            values_callable=lambda members: [m.value for m in members],
            name=enum_type.__name__.lower(),
        ),
        **kwargs,
    )


class Base(DeclarativeBase):
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Bilingual:
    """For rows whose visitor-read texts have Chinese twins: `title_zh` beside `title`, and so on
    (the columns are the model's own). An empty twin falls back to the English."""

    def text(self, field: str, locale: str | None) -> str:
        english: str = getattr(self, field) or ""
        if locale and locale.startswith("zh"):
            return getattr(self, f"{field}_zh") or english
        return english


class BilingualName(Bilingual):
    """For rows named in English and, optionally, in Chinese."""

    if TYPE_CHECKING:
        name: str
        name_zh: str | None

    def display_name(self, locale: str | None) -> str:
        return self.text("name", locale)


E = TypeVar("E", bound=enum.Enum)


def tags_of(text: str, kind: type[E]) -> list[E]:
    """The members a ",a,b," column holds (a set found with one portable LIKE "%,a,%")."""
    return [kind(value) for value in text.split(",") if value]


def tags_text(chosen: Iterable[E], kind: type[E]) -> str:
    """The ",a,b," text of `chosen`, in the enum's order; "" for none."""
    kept = set(chosen)
    values = [member.value for member in kind if member in kept]
    return f",{','.join(values)}," if values else ""


def contains(
    column: sa.ColumnElement[str] | QueryableAttribute[str], text: str
) -> sa.ColumnElement[bool]:
    """Case-insensitive "column contains text", with the user's % and _ taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
    return sa.func.lower(column).like(f"%{escaped}%", escape="\\")


def upsert(model: type[Any], dialect: sa.Dialect) -> Any:
    """The dialect's INSERT, which has `on_conflict_do_update` / `on_conflict_do_nothing` on both
    databases we run on (SQLite and PostgreSQL)."""
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql if dialect.name == "postgresql" else sqlite).insert(model)


def rowcount(result: sa.Result[Any]) -> int:
    """How many rows an UPDATE or DELETE run through the session matched (the session types
    its results as plain `Result`, which has no row count)."""
    return cast(sa.CursorResult[Any], result).rowcount
