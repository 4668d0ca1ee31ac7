"""The upload protocol: start an upload, sign its parts, complete it, delete media. The browser
talks to the store; the app signs and verifies (media as pages and the API show them:
`eexpo.media.shown`)."""

from __future__ import annotations

import math
import unicodedata
import uuid
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eexpo import permissions, tasks
from eexpo.errors import Conflict, DomainError, Invalid, NotFound
from eexpo.extensions import db
from eexpo.models import (
    Block,
    Booth,
    BoothStatus,
    ExhibitMedia,
    ExhibitVersion,
    MediaItem,
    MediaKind,
    MediaStatus,
    User,
    utcnow,
)
from eexpo.storage import Part, StorageError, StorageUnavailable, get_storage

MAX_PARTS = 10_000
MAX_PARTS_PER_REQUEST = 1000
PROCESS_JOB = "eexpo.media.pipeline:process_media"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


def clean_filename(name: str) -> str:
    """The uploader's file name as harmless metadata: no folders, no control characters, short."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200] or "upload"


LIMITS = {
    MediaKind.IMAGE: "MAX_IMAGE_BYTES",
    MediaKind.VIDEO: "MAX_VIDEO_BYTES",
    MediaKind.DOCUMENT: "MAX_DOCUMENT_BYTES",
}


def _limit(kind: MediaKind) -> int:
    return current_app.config[LIMITS[kind]]


def _mebibytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MiB"


def start_upload(
    booth: Booth | None,
    *,
    kind: MediaKind,
    filename: str,
    content_type: str,
    size: int,
    actor: User,
) -> tuple[MediaItem, dict[str, Any]]:
    """A media item of the actor's organization awaiting its bytes, and how the browser sends
    them (a form, or parts). With a booth, the actor must be able to edit it; without one (a
    logo, a floor plan), the item is simply the organization's. The types taken are the API's
    (`api/schemas/media.py`); the size declared is checked against the limit here (a refused
    field, 422), the bytes themselves when they arrive."""
    if not permissions.can_upload(actor, booth):
        raise NotFound()
    limit = _limit(kind)
    if size > limit:
        raise Invalid(
            _("The file is larger than the limit of %(limit)s.", limit=_mebibytes(limit)),
            fields={"size": "too_large"},
        )
    storage = get_storage()
    key = f"media/{uuid.uuid4()}/original"
    item = MediaItem(
        uuid=key.split("/")[1],
        exhibitor_id=actor.exhibitor_id,
        uploaded_by_id=actor.id,
        kind=kind,
        backend=storage.name,
        original_key=key,
        original_filename=clean_filename(filename),
        declared_content_type=content_type,
        declared_size=size,
    )
    config = current_app.config
    if size > config["MULTIPART_THRESHOLD"]:
        part_size = max(config["MULTIPART_PART_SIZE"], math.ceil(size / MAX_PARTS))
        item.multipart_upload_id = storage.create_multipart(key, content_type=content_type)
        upload = {
            "method": "multipart",
            "part_size": part_size,
            "part_count": math.ceil(size / part_size),
        }
    else:
        upload = storage.presigned_post(
            key, content_type=content_type, max_size=size, expires_in=config["UPLOAD_URL_SECONDS"]
        )
    db.session.add(item)
    db.session.flush()
    return item, upload


def ingest(
    exhibitor_id: int | None,
    data: bytes,
    *,
    kind: MediaKind,
    filename: str,
    content_type: str,
    queue: bool = True,
) -> MediaItem:
    """Store bytes the platform itself holds (the demo expo, organizers' floor plans) for
    processing exactly as an upload gets: same checks, same variants. Queued unless the caller
    processes it itself. Without an exhibitor, the item is the organizers'."""
    storage = get_storage()
    key = f"media/{uuid.uuid4()}/original"
    storage.put(key, data, content_type=content_type, immutable=False)
    item = MediaItem(
        uuid=key.split("/")[1],
        exhibitor_id=exhibitor_id,
        kind=kind,
        backend=storage.name,
        original_key=key,
        original_filename=clean_filename(filename),
        declared_content_type=content_type,
        declared_size=len(data),
        size=len(data),
        status=MediaStatus.PROCESSING,
        lease_expires_at=queue_lease(),
    )
    db.session.add(item)
    db.session.flush()
    if queue:
        tasks.enqueue(PROCESS_JOB, item.id)
    return item


def get_own_media(media_id: int, actor: User) -> MediaItem:
    """The actor's organization's media item; 404 for anyone else's, which they may not see."""
    item = db.session.get(MediaItem, media_id)
    if item is None or not permissions.can_manage_media(actor, item):
        raise NotFound()
    return item


def _multipart(item: MediaItem) -> str:
    if item.status != MediaStatus.UPLOADING or not item.multipart_upload_id:
        raise Conflict(_("This media item is not taking parts."))
    return item.multipart_upload_id


def part_urls(item: MediaItem, part_numbers: Any) -> dict[int, str]:
    upload_id = _multipart(item)
    if (
        not isinstance(part_numbers, list)
        or not part_numbers
        or len(part_numbers) > MAX_PARTS_PER_REQUEST
        or not all(isinstance(n, int) and 1 <= n <= MAX_PARTS for n in part_numbers)
    ):
        raise Invalid(
            _("'part_numbers' must list 1 to 1000 part numbers between 1 and 10000."),
            fields={"part_numbers": "invalid"},
        )
    try:
        return get_storage().presigned_part_urls(
            item.original_key,
            upload_id,
            sorted(set(part_numbers)),
            expires_in=current_app.config["UPLOAD_URL_SECONDS"],
        )
    except StorageUnavailable:
        raise
    except StorageError:
        raise Conflict(_("This upload is no longer open; start it again.")) from None


def stored_parts(item: MediaItem) -> list[Part]:
    return get_storage().list_parts(item.original_key, _multipart(item))


def _parse_parts(raw: Any) -> list[Part]:
    try:
        return [Part(int(p["part_number"]), str(p["etag"]), 0) for p in raw]
    except (TypeError, KeyError, ValueError):
        raise Invalid(
            _("'parts' must list objects with 'part_number' and 'etag'."),
            fields={"parts": "invalid"},
        ) from None


def complete_upload(item: MediaItem, parts: Any = None) -> MediaItem:
    """Check what arrived (it exists, within the declared size and the limit) and start
    processing once the transaction commits. Refuses a second completion."""
    if item.status != MediaStatus.UPLOADING:
        raise Conflict(_("This upload is already complete."))
    storage = get_storage()
    if item.multipart_upload_id:
        listed = _parse_parts(parts) if parts is not None else stored_parts(item)
        if not listed:
            raise Conflict(_("Nothing was uploaded yet."))
        try:
            storage.complete_multipart(item.original_key, item.multipart_upload_id, listed)
        except StorageError:
            raise Conflict(
                _("The upload is incomplete: some parts are missing or were not stored.")
            ) from None
        item.multipart_upload_id = None
    info = storage.head(item.original_key)
    if info is None:
        raise Conflict(_("Nothing was uploaded yet."))
    limit = min(item.declared_size or 0, _limit(item.kind))
    if info.size == 0 or info.size > limit:
        storage.delete([item.original_key])
        if info.size == 0:
            raise Invalid(_("The file is empty."))
        raise TooLarge(
            _("The file is larger than declared or than the limit of %(limit)s.",
              limit=_mebibytes(_limit(item.kind)))
        )  # fmt: skip
    item.size = info.size
    item.status = MediaStatus.PROCESSING
    item.lease_expires_at = queue_lease()
    tasks.enqueue(PROCESS_JOB, item.id)
    return item


def queue_lease() -> datetime:
    """Until when a newly queued item is the queue's: if no worker has taken it by then (a
    queue lost with its process), the recovery check queues it again."""
    return utcnow() + timedelta(seconds=current_app.config["MEDIA_LEASE_SECONDS"])


def in_the_works() -> sa.ColumnElement[bool]:
    """Items a job works on: processing, or a video that plays while its larger renditions are
    still being made."""
    return sa.or_(
        MediaItem.status == MediaStatus.PROCESSING,
        sa.and_(MediaItem.status == MediaStatus.READY, MediaItem.progress.is_not(None)),
    )


def lease_expired(now: datetime) -> sa.ColumnElement[bool]:
    """Items whose lease has run out by `now`: nobody holds them, so the recovery check may."""
    return sa.or_(MediaItem.lease_expires_at.is_(None), MediaItem.lease_expires_at <= now)


def is_published(item: MediaItem) -> bool:
    """Whether a published booth shows this item (in a block or an exhibit), which makes it
    public."""
    published = Booth.status == BoothStatus.PUBLISHED
    in_block = (
        sa.select(Block.id)
        .join(Booth, Booth.published_revision_id == Block.revision_id)
        .where(Block.media_id == item.id, published)
    )
    in_exhibit = (
        sa.select(ExhibitMedia.version_id)
        .join(ExhibitVersion, ExhibitVersion.id == ExhibitMedia.version_id)
        .join(Booth, Booth.published_revision_id == ExhibitVersion.revision_id)
        .where(ExhibitMedia.media_id == item.id, published)
    )
    return bool(db.session.scalar(sa.select(sa.or_(in_block.exists(), in_exhibit.exists()))))


def delete_media(item: MediaItem) -> None:
    """Remove the item and its objects; refuses while a booth revision still shows it."""
    used = sa.or_(
        sa.exists().where(Block.media_id == item.id),
        sa.exists().where(ExhibitMedia.media_id == item.id),
    )
    if db.session.scalar(sa.select(used)):
        raise Conflict(_("This file is used in a booth; remove it from the booth first."))
    storage = get_storage()
    if item.multipart_upload_id:
        storage.abort_multipart(item.original_key, item.multipart_upload_id)
    storage.delete([item.original_key, *(v["key"] for v in item.variants.values())])
    db.session.delete(item)
