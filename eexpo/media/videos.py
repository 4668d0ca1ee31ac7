"""Videos: probe with PyAV against what browsers play, and grab a poster frame.

PyAV opens a file path or a presigned URL; over HTTP FFmpeg reads with Range requests, so only
the container's index and one frame's worth of a multi-gigabyte file are fetched.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from PIL import Image

from eexpo.media.images import MediaRejected

# Container (as FFmpeg names it) -> the video and audio codecs browsers play in it.
PLAYABLE = {
    "mp4": ({"h264", "av1"}, {"aac", "mp3", None}),
    "webm": ({"vp8", "vp9", "av1"}, {"opus", "vorbis", None}),
}
CONTENT_TYPES = {"mp4": {"video/mp4", "video/quicktime"}, "webm": {"video/webm"}}
OPEN_TIMEOUT = (15.0, 30.0)


@dataclass(frozen=True)
class VideoFacts:
    container: str
    video_codec: str
    audio_codec: str | None
    width: int
    height: int
    duration_seconds: float


def _family(format_name: str) -> str | None:
    names = set(format_name.split(","))
    if names & {"mp4", "mov"}:
        return "mp4"
    if names & {"webm", "matroska"}:
        return "webm"
    return None


def probe_video(
    source: str, *, max_seconds: int, declared_type: str | None = None
) -> tuple[VideoFacts, Image.Image]:
    """Check the container, codecs and duration, and return the facts with a poster frame."""
    try:
        container = av.open(source, timeout=OPEN_TIMEOUT)
    except (av.error.InvalidDataError, av.error.EOFError, UnicodeDecodeError):
        raise MediaRejected(_l("This file is not a video we can read.")) from None
    except av.error.FFmpegError:
        raise MediaRejected(_l("This file is not a video we can read.")) from None
    with container:
        family = _family(container.format.name)
        if family is None or not container.streams.video:
            raise MediaRejected(_l("This file is not an MP4, MOV or WebM video."))
        if declared_type and declared_type not in CONTENT_TYPES[family]:
            raise MediaRejected(
                _l(
                    "This file is a %(actual)s video but was sent as %(declared)s.",
                    actual=family.upper(),
                    declared=declared_type,
                )
            )
        stream = container.streams.video[0]
        audio = container.streams.audio[0].codec_context.name if container.streams.audio else None
        video_codecs, audio_codecs = PLAYABLE[family]
        codec = stream.codec_context.name
        if codec not in video_codecs or audio not in audio_codecs:
            raise MediaRejected(
                _l(
                    "Browsers cannot play this video (%(codecs)s). Export it as H.264 MP4 "
                    "or VP9 WebM.",
                    codecs=", ".join(c for c in (codec, audio) if c),
                )
            )
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
        facts = VideoFacts(
            container=family,
            video_codec=codec,
            audio_codec=audio,
            width=stream.codec_context.width,
            height=stream.codec_context.height,
            duration_seconds=round(duration, 3),
        )
        return facts, _poster(container, stream, duration)


def _duration(container: av.container.InputContainer, stream: av.video.VideoStream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def _poster(
    container: av.container.InputContainer, stream: av.video.VideoStream, duration: float
) -> Image.Image:
    """A frame a second in (or a third of the way into a short clip): past fades from black."""
    at = min(1.0, duration / 3)
    try:
        if at > 0 and stream.time_base is not None:
            container.seek(int(at / stream.time_base), stream=stream, any_frame=False)
        for frame in container.decode(stream):
            return frame.to_image()
    except av.error.FFmpegError:
        pass
    raise MediaRejected(_l("The video's frames cannot be decoded; the file may be damaged."))
