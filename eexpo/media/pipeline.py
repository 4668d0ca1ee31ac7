"""Processing jobs: decode what was uploaded, write its variants, and end `ready` or `failed`.

A failed item keeps nothing in storage: its original and any variant already written go.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eexpo import tasks
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.media.images import MediaRejected, Variant, process_image, variants_from_image
from eexpo.media.services import PROCESS_JOB
from eexpo.media.videos import probe_video
from eexpo.models import MediaItem, MediaKind, MediaStatus, User, utcnow
from eexpo.storage import get_storage

log = logging.getLogger("eexpo.media")
MAX_ATTEMPTS = 3


def process_media(media_id: int) -> None:
    """The job: validate and convert one uploaded item. Store outages propagate, leaving the item
    `processing` for `recover_stale` to retry; a rejected file ends `failed` with the reason."""
    item = db.session.get(MediaItem, media_id)
    if item is None or item.status != MediaStatus.PROCESSING:
        return
    item.attempts += 1
    item.processing_started_at = utcnow()
    db.session.commit()
    storage = get_storage()
    config = current_app.config
    written: list[str] = []
    uploader = db.session.get(User, item.uploaded_by_id) if item.uploaded_by_id else None
    # Reasons are written in the uploader's language, as they will read them.
    with force_locale((uploader.locale if uploader else None) or "en"):
        try:
            if item.kind == MediaKind.IMAGE:
                image = process_image(
                    storage.read(item.original_key),
                    max_pixels=config["MAX_IMAGE_PIXELS"],
                    declared_type=item.declared_content_type,
                )
                variants = image.variants
                item.width, item.height = image.width, image.height
                item.placeholder_color = image.placeholder_color
                item.content_type = image.content_type
            else:
                facts, poster = probe_video(
                    storage.processing_source(item.original_key),
                    max_seconds=config["MAX_VIDEO_SECONDS"],
                    declared_type=item.declared_content_type,
                )
                variants = variants_from_image(poster, prefix="poster-w")
                item.width, item.height = facts.width, facts.height
                item.duration_seconds = facts.duration_seconds
                item.content_type = item.declared_content_type
            item.variants = _store_variants(item, variants, written)
            item.status = MediaStatus.READY
            item.error = None
        except MediaRejected as rejection:
            _fail(item, rejection.message, written)
        except Exception:
            if item.attempts < MAX_ATTEMPTS:
                db.session.rollback()
                raise
            log.exception("media %s failed %d times", item.id, item.attempts)
            _fail(item, _("This file could not be processed."), written)
    db.session.commit()


def _store_variants(item: MediaItem, variants: list[Variant], written: list[str]) -> dict:
    storage = get_storage()
    stored = {}
    for variant in variants:
        key = f"media/{item.uuid}/{variant.name}"
        storage.put(key, variant.data, content_type=variant.content_type, immutable=True)
        written.append(key)
        stored[variant.name] = {
            "key": key,
            "width": variant.width,
            "height": variant.height,
            "content_type": variant.content_type,
        }
    return stored


def _fail(item: MediaItem, message: str, written: list[str]) -> None:
    get_storage().delete([item.original_key, *written])
    item.status = MediaStatus.FAILED
    item.error = message
    item.variants = {}


def recover_stale() -> int:
    """Queue again the items a dead worker left `processing`; returns how many were queued.

    Each item is claimed with a guarded UPDATE, so several processes recovering at once queue
    it only once."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["STALE_PROCESSING_SECONDS"])
    stale = db.session.execute(
        sa.select(MediaItem.id, MediaItem.processing_started_at).where(
            MediaItem.status == MediaStatus.PROCESSING,
            MediaItem.processing_started_at < cutoff,
        )
    ).all()
    queued = 0
    for media_id, started_at in stale:
        claimed = db.session.execute(
            sa.update(MediaItem)
            .where(MediaItem.id == media_id, MediaItem.processing_started_at == started_at)
            .values(processing_started_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:
            tasks.enqueue(PROCESS_JOB, media_id)
            queued += 1
    db.session.commit()
    return queued


def cleanup(*, abandoned_after: timedelta = timedelta(days=2)) -> tuple[int, int]:
    """Delete objects no media item points to, and catalogue files uploaded for a preview but
    never imported; abort (and forget) uploads abandoned for longer than `abandoned_after`.
    Returns (objects deleted, uploads aborted)."""
    storage = get_storage()
    known = set(db.session.scalars(sa.select(MediaItem.uuid)))
    orphans = [key for key in storage.keys("media/") if key.split("/")[1] not in known]
    cutoff = utcnow() - abandoned_after
    orphans += [
        key for key in storage.keys("imports/")
        if int(key.split("/")[1].split("-")[0] or 0) < cutoff.timestamp()
    ]  # fmt: skip
    storage.delete(orphans)
    aborted = 0
    for upload in storage.pending_uploads():
        if upload.initiated_at >= cutoff:
            continue
        storage.abort_multipart(upload.key, upload.upload_id)
        aborted += 1
        item = db.session.scalar(
            sa.select(MediaItem).where(MediaItem.multipart_upload_id == upload.upload_id)
        )
        if item is not None and item.status == MediaStatus.UPLOADING:
            db.session.delete(item)
    db.session.execute(
        sa.delete(MediaItem).where(
            MediaItem.status == MediaStatus.UPLOADING,
            MediaItem.multipart_upload_id.is_(None),
            MediaItem.created_at < cutoff,
        )
    )
    db.session.commit()
    return len(orphans), aborted
