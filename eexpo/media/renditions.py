"""A video's renditions, made by the worker: the smallest first, after which the item is ready
and plays; the others follow, each shown as soon as it is stored. What is left to make survives
a dead worker: the item stays `ready` with its `progress` set, and recovery takes it up again.

The original is never served; the renditions carry nothing of it but its pictures and sound.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app

from eexpo.extensions import db
from eexpo.media import transcode
from eexpo.media.images import variants_from_image
from eexpo.media.videos import probe_video
from eexpo.models import MediaItem, MediaStatus
from eexpo.storage import get_storage

log = logging.getLogger("eexpo.media")
# Transcodes at once in this process: one per core, each as fast as x264 makes it.
VIDEO_JOBS = threading.BoundedSemaphore(max(1, len(os.sched_getaffinity(0))))
# How often progress is written while a rendition is made.
PROGRESS_SECONDS = 1.0


def rendition_entries(item: MediaItem | Any) -> list[dict[str, Any]]:
    """The renditions stored so far (the variants holding a video), smallest first."""
    found = [v for v in item.variants.values() if v.get("content_type") == "video/mp4"]
    return sorted(found, key=transcode.lines_of)


def fallback(item: MediaItem | Any) -> dict[str, Any] | None:
    """The rendition browsers without HLS play whole: 720p, else the largest below it, else the
    smallest there is."""
    made = rendition_entries(item)
    if not made:
        return None
    below = [v for v in made if transcode.lines_of(v) <= 720]
    return below[-1] if below else made[0]


def process_video(item: MediaItem, written: list[str], store_variants: Any) -> None:
    """Probe and poster (for a new item), then each rendition still missing. Raises
    MediaRejected (or a store outage) only while nothing plays yet; after that a failure keeps
    what was made."""
    config = current_app.config
    storage = get_storage()
    source = storage.processing_source(item.original_key)
    if item.status == MediaStatus.PROCESSING:
        facts, poster = probe_video(source, max_seconds=config["MAX_VIDEO_SECONDS"],
                                    declared_type=item.declared_content_type)  # fmt: skip
        item.width, item.height = facts.width, facts.height
        item.duration_seconds = facts.duration_seconds
        item.content_type = "video/mp4"
        item.variants = store_variants(item, variants_from_image(poster, prefix="poster-w"),
                                       written)  # fmt: skip
        item.progress = 0.0
    sizes = transcode.plan(item.width or 0, item.height or 0)
    made = {transcode.lines_of(v) for v in rendition_entries(item)}
    duration = item.duration_seconds or 0.0
    deadline = _deadline(duration)
    with VIDEO_JOBS, tempfile.TemporaryDirectory(prefix="eexpo-video-") as scratch:
        for number, size in enumerate(sizes):
            if min(size) in made:
                continue
            playing = bool(made)
            try:
                done = transcode.transcode(
                    source, Path(scratch), size, deadline=deadline, duration=duration,
                    progress=_Progress(item.id, number, len(sizes)),
                )  # fmt: skip
                item.variants = {**item.variants, **_store(item, done, written)}
            except Exception:
                if not playing:
                    raise
                log.exception("media %s: the %sp rendition failed; %s kept",
                              item.id, min(size), sorted(made))  # fmt: skip
                break
            made.add(min(size))
            item.progress = (number + 1) / len(sizes)
            if not playing:
                item.status, item.error = MediaStatus.READY, None
            db.session.commit()  # plays from now on (or plays better)
    item.progress = None


def _deadline(duration: float) -> float:
    """When the job gives up: VIDEO_WORK_FACTOR seconds of work per second of video, and at
    least a minute."""
    return time.monotonic() + max(60.0, current_app.config["VIDEO_WORK_FACTOR"] * duration)


def _store(item: MediaItem, made: transcode.Rendition, written: list[str]) -> dict[str, Any]:
    """Upload a rendition's file and playlist; their variants' entries."""
    storage = get_storage()
    entries: dict[str, dict[str, Any]] = {}
    for path, content_type in ((made.media, "video/mp4"),
                               (made.playlist, transcode.PLAYLIST_TYPE)):  # fmt: skip
        key = f"media/{item.uuid}/{path.name}"
        with path.open("rb") as source:
            storage.write_from(key, source, content_type=content_type, immutable=True)
        written.append(key)
        entries[path.name] = {"key": key, "content_type": content_type}
    entries[made.media.name].update(
        name=made.name, width=made.width, height=made.height, bitrate=made.bitrate,
        codecs=made.codecs,
    )  # fmt: skip
    return entries


class _Progress:
    """Writes how far the item's renditions are, at most every PROGRESS_SECONDS, through a
    connection of its own (the job's transaction stays untouched until the rendition is
    stored)."""

    def __init__(self, media_id: int, number: int, total: int) -> None:
        self.media_id, self.number, self.total = media_id, number, total
        self.written_at = 0.0

    def __call__(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self.written_at < PROGRESS_SECONDS:
            return
        self.written_at = now
        try:
            with db.engine.begin() as connection:
                connection.execute(
                    sa.update(MediaItem)
                    .where(MediaItem.id == self.media_id)
                    .values(progress=(self.number + fraction) / self.total)
                )
        except sa.exc.SQLAlchemyError:
            log.warning("media %s: writing progress failed", self.media_id, exc_info=True)
