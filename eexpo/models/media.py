"""Media items: uploaded originals and the variants processing derives from them."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from eexpo.orm import Base, TimestampMixin, enum_column


class MediaKind(enum.StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    DOCUMENT = "document"  # a PDF: checked, and downloaded as it was uploaded


class MediaStatus(enum.StrEnum):
    UPLOADING = "uploading"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class MediaItem(TimestampMixin, Base):
    """A photo, video or PDF document; keys are generated from `uuid`, never from the uploader's
    file name."""

    __tablename__ = "media_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True, default=lambda: str(uuid.uuid4()))
    exhibitor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("exhibitor.id", ondelete="CASCADE"), index=True
    )
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    kind: Mapped[MediaKind] = enum_column(MediaKind)
    status: Mapped[MediaStatus] = enum_column(
        MediaStatus, default=MediaStatus.UPLOADING, index=True
    )
    # A human message for a failed item.
    error: Mapped[str | None] = mapped_column(sa.String(500))
    # The storage backend name and key of the original, as the storage interface wants them.
    backend: Mapped[str] = mapped_column(sa.String(20))
    original_key: Mapped[str] = mapped_column(sa.String(200))
    multipart_upload_id: Mapped[str | None] = mapped_column(sa.String(1024))
    original_filename: Mapped[str | None] = mapped_column(sa.String(255))
    declared_content_type: Mapped[str | None] = mapped_column(sa.String(100))
    declared_size: Mapped[int | None] = mapped_column(sa.BigInteger)
    size: Mapped[int | None] = mapped_column(sa.BigInteger)
    content_type: Mapped[str | None] = mapped_column(sa.String(100))
    width: Mapped[int | None]
    height: Mapped[int | None]
    duration_seconds: Mapped[float | None]
    page_count: Mapped[int | None]  # a document's
    # A video's renditions made, from 0 to 1, while they are being made (None otherwise): the
    # item is `ready` once the first one is.
    progress: Mapped[float | None]
    placeholder_color: Mapped[str | None] = mapped_column(sa.String(7))
    # {"w320.webp": {"key": ..., "width": ..., "height": ..., "content_type": ...}, ...}
    variants: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # While processing: until when the queue (in_worker false) or a worker (true, renewed by
    # its heartbeat) holds the item; once it runs out, the recovery check queues it again.
    lease_expires_at: Mapped[datetime | None]
    in_worker: Mapped[bool] = mapped_column(default=False)
    # Jobs started on the item, and store outages that sent it back to wait.
    attempts: Mapped[int] = mapped_column(default=0)
    outages: Mapped[int] = mapped_column(default=0)
