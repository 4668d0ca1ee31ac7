"""Captions of a video, one file per language: WebVTT or SRT as uploaded, checked (timestamps,
cues within the video, size, no markup beyond WebVTT's cue tags) and kept as WebVTT, which
`<track>` elements read."""

from __future__ import annotations

import hashlib
import io
import re

import webvtt
from flask_babel import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

from eexpo import permissions, tasks
from eexpo.errors import Conflict, Invalid, NotFound
from eexpo.extensions import db
from eexpo.models import MediaItem, MediaKind, MediaStatus, User
from eexpo.storage import get_storage

LANGUAGES = ("en", "zh")
MAX_BYTES = 1_000_000
CONTENT_TYPE = "text/vtt"
# A cue may end a little after the last frame (a rounded timestamp), not later.
SLACK_SECONDS = 1.0
# WebVTT's cue text tags (classes and annotations allowed) and its inner timestamps.
_TAG = re.compile(r"<[^>]*>")
_BLOCKS = re.compile(r"\n[ \t]*\n+")
_ALLOWED = re.compile(
    r"</?(?:[biu]|ruby|rt)(?:\.[\w-]+)*>|</?c(?:\.[\w-]+)*>|<v(?:\.[\w-]+)*(?:\s[^<>]*)?>|</v>"
    r"|<lang(?:\.[\w-]+)*\s[\w-]+>|</lang>|<(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}>"
)


def parse(data: bytes, *, duration: float) -> str:
    """The captions as WebVTT; Invalid with the reason when they cannot be shown."""
    if len(data) > MAX_BYTES:
        raise Invalid(
            _("Caption files are at most 1 MB; this one is %(size)s bytes.", size=len(data)),
            fields={"captions": "too_large"},
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Invalid(
            _("Save the captions as UTF-8 text."), fields={"captions": "invalid"}
        ) from None
    vtt = text.lstrip().startswith("WEBVTT")
    try:
        if vtt:
            read = webvtt.from_string(text, strict=True)
        else:
            read = webvtt.from_buffer(io.StringIO(text), format="srt")
    except (MalformedFileError, MalformedCaptionError, ValueError, IndexError):
        raise Invalid(
            _("These captions are not WebVTT or SRT, or a timestamp in them is broken."),
            fields={"captions": "invalid"},
        ) from None
    if not vtt and len(_BLOCKS.split(text.strip())) != len(read.captions):
        # The SRT reader passes over a block it cannot read: say so rather than drop its words.
        raise Invalid(
            _("These captions are not WebVTT or SRT, or a timestamp in them is broken."),
            fields={"captions": "invalid"},
        )
    if not read.captions:
        raise Invalid(_("These captions have no cues."), fields={"captions": "empty"})
    for number, cue in enumerate(read.captions, start=1):
        start, end = _seconds(cue.start), _seconds(cue.end)
        if not start < end:
            raise Invalid(
                _("Cue %(n)d ends before it starts (%(start)s --> %(end)s).",
                  n=number, start=cue.start, end=cue.end),
                fields={"captions": "invalid"},
            )  # fmt: skip
        if end > duration + SLACK_SECONDS:
            raise Invalid(
                _("Cue %(n)d ends at %(end)s, after the video (%(seconds)d s).",
                  n=number, end=cue.end, seconds=round(duration)),
                fields={"captions": "past_the_end"},
            )  # fmt: skip
        for tag in _TAG.findall(cue.raw_text):
            if not _ALLOWED.fullmatch(tag):
                raise Invalid(
                    _("Cue %(n)d has markup captions may not hold: %(tag)s",
                      n=number, tag=tag[:40]),
                    fields={"captions": "markup"},
                )  # fmt: skip
    return str(read.content)


def _seconds(stamp: str) -> float:
    """ "01:02:03.500" as seconds (the reader's own figures are rounded to whole seconds)."""
    total = 0.0
    for part in stamp.replace(",", ".").split(":"):
        total = total * 60 + float(part)
    return total


def _video_of(item: MediaItem | None, actor: User) -> MediaItem:
    if (
        item is None
        or item.kind != MediaKind.VIDEO
        or not permissions.can_manage_media(actor, item)
    ):
        raise NotFound()
    return item


def put_captions(item: MediaItem | None, language: str, data: bytes, *, actor: User) -> MediaItem:
    """Check and store the video's captions in `language`, replacing any before."""
    video = _video_of(item, actor)
    if language not in LANGUAGES:
        raise NotFound()
    if video.status != MediaStatus.READY or not video.duration_seconds:
        raise Conflict(
            _("Add captions once the video is processed."), fields={"captions": "not_ready"}
        )
    text = parse(data, duration=video.duration_seconds)
    encoded = text.encode()
    # A new name for new words: the old file's URL stays cached where it was fetched.
    key = f"media/{video.uuid}/captions-{language}-{hashlib.sha256(encoded).hexdigest()[:12]}.vtt"
    storage = get_storage()
    storage.put(key, encoded, content_type=CONTENT_TYPE, immutable=True)
    name = f"captions-{language}"
    old = video.variants.get(name)
    video.variants = {
        **video.variants,
        name: {"key": key, "content_type": CONTENT_TYPE, "language": language},
    }
    if old and old["key"] != key:
        tasks.enqueue(FORGET_JOB, video.id, old["key"])
    return video


def delete_captions(item: MediaItem | None, language: str, *, actor: User) -> MediaItem:
    video = _video_of(item, actor)
    old = video.variants.get(f"captions-{language}")
    if old is None:
        raise NotFound()
    video.variants = {k: v for k, v in video.variants.items() if k != f"captions-{language}"}
    tasks.enqueue(FORGET_JOB, video.id, old["key"])
    return video


FORGET_JOB = "eexpo.media.captions:forget"


def forget(media_id: int, key: str) -> None:
    """The job, once the change is committed: delete a captions file the video no longer
    names (a rolled-back change leaves it named, and kept)."""
    item = db.session.get(MediaItem, media_id)
    named = item is not None and any(v["key"] == key for v in item.variants.values())
    if not named and key.startswith("media/"):
        get_storage().delete([key])
