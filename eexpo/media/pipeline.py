"""Processing jobs: decode what was uploaded, write its variants, and end `ready` or `failed`.

A failed item keeps nothing in storage: its original and any variant already written go.
"""

from __future__ import annotations

import logging
import tempfile
import threading
from contextlib import suppress
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from eexpo import metrics, tasks
from eexpo.content import UNSEEN
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.media import documents
from eexpo.media.images import MediaRejected, Variant, process_image, variants_from_image
from eexpo.media.renditions import process_video
from eexpo.media.services import PROCESS_JOB, in_the_works, lease_expired
from eexpo.models import MediaItem, MediaKind, MediaStatus, User, utcnow
from eexpo.orm import rowcount
from eexpo.storage import StorageUnavailable, get_storage

log = logging.getLogger("eexpo.media")
# A job interrupted this many times (its worker died each time) is given up: the file itself
# may be what kills the worker.
MAX_ATTEMPTS = 3
# One photo decodes at a time in each process: a large one takes hundreds of megabytes while it
# is decoded, and two at once would double a worker's peak.
IMAGE_JOBS = threading.BoundedSemaphore(1)
# Likewise one document check at a time, each in a child allowed DOCUMENT_CHECK_BYTES.
DOCUMENT_JOBS = threading.BoundedSemaphore(1)
# A store outage is retried after 30 s, then twice as long each time, up to 10 minutes.
OUTAGE_BACKOFF_SECONDS = (30, 60, 120, 240, 480, 600)


def lease_seconds() -> int:
    return current_app.config["MEDIA_LEASE_SECONDS"]


def process_media(media_id: int) -> None:
    """The job: validate and convert one uploaded item, ending it `ready` or `failed` with a
    specific reason. The worker holds a lease on the item, renewed by a heartbeat while it
    works; if it dies, the lease runs out and `recover_stale` queues the item again. A store
    outage is not the file's fault: the item stays `processing`, says so, and is retried with
    backoff without using up an attempt."""
    item = _claim(media_id)
    if item is None:
        return
    if item.attempts > MAX_ATTEMPTS:
        if item.status == MediaStatus.READY:  # a video that plays: keep the renditions made
            item.progress, item.lease_expires_at, item.in_worker = None, None, False
        else:
            _fail(item, _interrupted_message(item), [])
        db.session.commit()
        return
    with _Heartbeat(db.engine, item.id, lease_seconds()):
        _process(item)
    db.session.commit()


def _claim(media_id: int) -> MediaItem | None:
    """Take the item for this worker: one guarded UPDATE, so of two jobs for one item (a
    recovery racing a slow worker) only one proceeds; the other finds a worker's lease held.
    A queued item's lease is the queue's, which any job may take over."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(MediaItem)
        .where(
            MediaItem.id == media_id,
            in_the_works(),
            sa.or_(
                MediaItem.in_worker.is_(False),
                MediaItem.lease_expires_at.is_(None),
                MediaItem.lease_expires_at <= now,
            ),
        )
        .values(
            attempts=MediaItem.attempts + 1,
            lease_expires_at=now + timedelta(seconds=lease_seconds()),
            in_worker=True,
        )
        .execution_options(synchronize_session=False, **UNSEEN)
    )
    db.session.commit()
    if rowcount(claimed) != 1:
        return None
    return db.session.get(MediaItem, media_id)


def _process(item: MediaItem) -> None:
    storage = get_storage()
    config = current_app.config
    written: list[str] = []
    uploader = db.session.get(User, item.uploaded_by_id) if item.uploaded_by_id else None
    # Reasons are written in the uploader's language, as they will read them.
    with force_locale((uploader.locale if uploader else None) or "en"):
        try:
            if item.kind == MediaKind.IMAGE:
                with IMAGE_JOBS:
                    image = process_image(
                        storage.read(item.original_key),
                        max_pixels=config["MAX_IMAGE_PIXELS"],
                        declared_type=item.declared_content_type,
                    )
                variants = image.variants
                item.width, item.height = image.width, image.height
                item.placeholder_color = image.placeholder_color
                item.content_type = image.content_type
                item.variants = _store_variants(item, variants, written)
            elif item.kind == MediaKind.VIDEO:
                _require_original(item)
                process_video(item, written, _store_variants)
            else:
                _require_original(item)
                item.variants = _process_document(item, written)
            item.status = MediaStatus.READY
            item.error = None
            item.outages = 0
            item.lease_expires_at, item.in_worker = None, False
            outcome = "ready"
        except MediaRejected as rejection:
            _fail(item, rejection.message, written)
            outcome = "rejected"
        except StorageUnavailable:
            log.warning("media %s: the store is unreachable; retrying later", item.id)
            _retry_after_outage(item, written)
            outcome = "outage"
        except Exception:
            log.exception("media %s could not be processed", item.id)
            _fail(item, _unexpected_message(item), written)
            outcome = "error"
        metrics.MEDIA_PROCESSED.labels(item.kind.value, outcome).inc()


def _require_original(item: MediaItem) -> None:
    """Refuse an item whose upload is gone; an outage raises here, not in a decoder."""
    if get_storage().head(item.original_key) is None:
        raise MediaRejected(_("The uploaded file is missing. Upload it again."))


def _process_document(item: MediaItem, written: list[str]) -> dict[str, Any]:
    """Check the PDF in a child process (one at a time per process: each may take
    DOCUMENT_CHECK_BYTES), then store exactly the bytes checked, for download, and pictures of
    its first page. The copy, not the original, is served: the original's upload link could
    replace it after the check."""
    storage, config = get_storage(), current_app.config
    key = f"media/{item.uuid}/document.pdf"
    with DOCUMENT_JOBS, tempfile.NamedTemporaryFile(prefix="eexpo-document-") as copy:
        storage.read_into(item.original_key, copy)
        copy.flush()
        checked = documents.check_document(
            copy.name,
            max_pages=config["MAX_DOCUMENT_PAGES"],
            cpu_seconds=config["DOCUMENT_CHECK_SECONDS"],
            max_bytes=config["DOCUMENT_CHECK_BYTES"],
        )
        copy.seek(0)
        name = documents.download_name(item.original_filename)
        storage.write_from(
            key, copy, content_type=documents.CONTENT_TYPE, immutable=True, download_name=name
        )
        written.append(key)
    item.page_count = checked.pages
    item.width, item.height = checked.first_page.size
    item.content_type = documents.CONTENT_TYPE
    pictures = _store_variants(item, variants_from_image(checked.first_page, prefix="page-w"),
                               written)  # fmt: skip
    return {**pictures, "document": {"key": key, "content_type": documents.CONTENT_TYPE}}


def _retry_after_outage(item: MediaItem, written: list[str]) -> None:
    """Hand the item back to the queue after a pause, without counting the attempt, and tell
    the editor why it waits."""
    delay = OUTAGE_BACKOFF_SECONDS[min(item.outages, len(OUTAGE_BACKOFF_SECONDS) - 1)]
    item.attempts -= 1
    item.outages += 1
    item.error = _("The storage is unreachable; processing will be retried shortly.")
    item.lease_expires_at = utcnow() + timedelta(seconds=delay)
    item.in_worker = False
    with suppress(StorageUnavailable):  # else `media cleanup` removes what no record points to
        get_storage().delete(written)


def _unexpected_message(item: MediaItem) -> str:
    return _(
        "This file could not be processed because of an error on our side. Upload it again; "
        "if it fails again, tell the organizers (reference %(reference)s).",
        reference=item.uuid[:8],
    )


def _interrupted_message(item: MediaItem) -> str:
    return _(
        "Processing this file was interrupted %(count)d times, so it was given up. Try a "
        "smaller or re-exported file (reference %(reference)s).",
        count=MAX_ATTEMPTS,
        reference=item.uuid[:8],
    )


class _Heartbeat:
    """A thread renewing the worker's lease on one item until the job ends. It writes through
    its own connection, so the job's transaction is untouched."""

    def __init__(self, engine: sa.Engine, media_id: int, seconds: int) -> None:
        self.engine = engine
        self.media_id = media_id
        self.seconds = seconds
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True, name="eexpo-lease")

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopped.set()
        self.thread.join()

    def _beat(self) -> None:
        while not self.stopped.wait(self.seconds / 3):
            try:
                with self.engine.begin() as connection:
                    connection.execute(
                        sa.update(MediaItem)
                        .where(MediaItem.id == self.media_id, in_the_works())
                        .values(lease_expires_at=utcnow() + timedelta(seconds=self.seconds))
                    )
            except sa.exc.SQLAlchemyError:
                log.warning("media %s: renewing the lease failed", self.media_id, exc_info=True)


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
    try:
        get_storage().delete([item.original_key, *written])
    except StorageUnavailable:
        log.warning("media %s: its objects stay until `media cleanup`", item.id)
    item.status = MediaStatus.FAILED
    item.error = message
    item.variants = {}
    item.lease_expires_at, item.in_worker = None, False


def recover_stale() -> int:
    """Queue again the items whose lease ran out (a dead worker's, a lost job's, or one waiting
    out a store outage); returns how many were queued.

    Each item is claimed with a guarded UPDATE of its lease, so several processes recovering at
    once queue it only once."""
    now = utcnow()
    stale = db.session.execute(
        sa.select(MediaItem.id, MediaItem.lease_expires_at).where(
            in_the_works(), lease_expired(now)
        )
    ).all()
    queued = 0
    for media_id, expires_at in stale:
        held = (
            MediaItem.lease_expires_at.is_(None)
            if expires_at is None
            else MediaItem.lease_expires_at == expires_at
        )
        claimed = db.session.execute(
            sa.update(MediaItem)
            .where(MediaItem.id == media_id, held)
            .values(lease_expires_at=now + timedelta(seconds=lease_seconds()), in_worker=False)
            .execution_options(synchronize_session=False, **UNSEEN)
        )
        if rowcount(claimed) == 1:
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
        sa.delete(MediaItem)
        .where(
            MediaItem.status == MediaStatus.UPLOADING,
            MediaItem.multipart_upload_id.is_(None),
            MediaItem.created_at < cutoff,
        )
        .execution_options(**UNSEEN)
    )
    db.session.commit()
    return len(orphans), aborted
