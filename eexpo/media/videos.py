"""Videos: probe with PyAV what a camera wrote, and grab a poster frame; `transcode` makes them
playable everywhere.

PyAV opens a file path or a presigned URL; over HTTP FFmpeg reads with Range requests, so only
the container's index and a frame's worth of a multi-gigabyte file are fetched to probe it.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from PIL import Image

from eexpo.media.images import MediaRejected
from eexpo.media.transcode import OPEN_TIMEOUT

# Containers (as FFmpeg names them) -> the types an upload of them may be declared as.
CONTENT_TYPES = {
    "mp4": {"video/mp4", "video/x-m4v", "video/quicktime"},
    "matroska": {"video/webm", "video/x-matroska"},
}
# The smallest and the largest pictures taken: a 1x1 "video" shows nothing, and 8K is the most
# a camera records.
MIN_SIDE = 16
MAX_PIXELS = 8192 * 4352


@dataclass(frozen=True)
class VideoFacts:
    container: str
    video_codec: str
    audio_codec: str | None
    width: int  # as shown, the display matrix applied
    height: int
    rotation: int  # degrees counter-clockwise the stored picture is turned for display
    duration_seconds: float


def _family(format_name: str) -> str | None:
    names = set(format_name.split(","))
    if names & {"mp4", "mov"}:
        return "mp4"
    if names & {"webm", "matroska"}:
        return "matroska"
    return None


def probe_video(
    source: str, *, max_seconds: int, declared_type: str | None = None
) -> tuple[VideoFacts, Image.Image]:
    """Check the container, that FFmpeg decodes the picture, its size and duration; return the
    facts with a poster frame. Any codec FFmpeg decodes is taken: `transcode` re-encodes it."""
    try:
        container = av.open(source, timeout=OPEN_TIMEOUT)
    except (av.error.FFmpegError, UnicodeDecodeError):
        raise MediaRejected(_l("This file is not a video we can read.")) from None
    with container:
        family = _family(container.format.name)
        if family is None:
            raise MediaRejected(_l("This file is not an MP4, MOV, WebM or MKV video."))
        if not container.streams.video:
            raise MediaRejected(_l("This file has sound but no picture."))
        if declared_type and declared_type not in CONTENT_TYPES[family]:
            raise MediaRejected(
                _l(
                    "This file is a %(actual)s video but was sent as %(declared)s.",
                    actual="MP4/MOV" if family == "mp4" else "WebM/MKV",
                    declared=declared_type,
                )
            )
        stream = container.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
        if min(width, height) < MIN_SIDE:
            raise MediaRejected(
                _l("The picture is %(width)d×%(height)d pixels: too small to show.",
                   width=width, height=height)
            )  # fmt: skip
        if width * height > MAX_PIXELS:
            raise MediaRejected(
                _l("The picture is %(width)d×%(height)d pixels: larger than 8K.",
                   width=width, height=height)
            )  # fmt: skip
        duration = _duration(container, stream)
        if duration <= 0:
            raise MediaRejected(_l("The video is empty or its length cannot be read."))
        if duration > max_seconds:
            raise MediaRejected(
                lazy_ngettext(
                    "The video is longer than %(num)d minute.",
                    "The video is longer than %(num)d minutes.",
                    max_seconds // 60,
                )
            )
        audio = container.streams.audio[0].codec_context.name if container.streams.audio else None
        poster, rotation = _poster(container, stream, duration)
        shown = (height, width) if rotation % 180 else (width, height)
        facts = VideoFacts(
            container=family,
            video_codec=stream.codec_context.name,
            audio_codec=audio,
            width=shown[0],
            height=shown[1],
            rotation=rotation,
            duration_seconds=round(duration, 3),
        )
        return facts, poster


def _duration(container: av.container.InputContainer, stream: av.video.VideoStream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def _poster(
    container: av.container.InputContainer, stream: av.video.VideoStream, duration: float
) -> tuple[Image.Image, int]:
    """A frame a second in (or a third of the way into a short clip: past fades from black),
    turned upright, and the rotation the stream's display matrix asks for."""
    at = min(1.0, duration / 3)
    try:
        if at > 0 and stream.time_base is not None:
            container.seek(int(at / stream.time_base), stream=stream, any_frame=False)
        for frame in container.decode(stream):
            rotation = round(frame.rotation or 0) % 360
            image = frame.to_image()
            if rotation in (90, 180, 270):
                image = image.rotate(rotation, expand=True)  # Pillow turns counter-clockwise
            return image, rotation
    except av.error.FFmpegError:
        pass
    raise MediaRejected(_l("The video's frames cannot be decoded; the file may be damaged."))
