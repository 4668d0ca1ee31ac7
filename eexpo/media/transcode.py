"""Videos made playable everywhere: each upload is decoded (whatever codec a camera wrote) and
encoded again as H.264/AAC renditions at standard sizes. Pure: a source in, files and facts out,
within a deadline.

Renditions are named by their lines, the picture's short side, as "1080p" names both a 1920x1080
clip and a phone's 1080x1920 one held upright. A rendition is one fragmented MP4 file: HLS plays
it by byte ranges from its media playlist, and a browser without HLS plays it whole. Frames come
out upright (the display matrix applied), at a constant rate with a keyframe every
SEGMENT_SECONDS, in 8-bit 4:2:0 (10-bit and HDR sources are converted to BT.709); sound is stereo
AAC at 48 kHz, or absent when the source is silent. Nothing of the source's container or stream
metadata is carried over.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.filter
from flask_babel import lazy_gettext as _l

from eexpo.media.images import MediaRejected

PictureType = av.video.frame.PictureType

LINES = (360, 720, 1080)
# Bits per second of each rendition's video, by its lines; sound takes AUDIO_BITRATE besides.
BITRATES = {360: 700_000, 720: 2_500_000, 1080: 5_000_000}
AUDIO_BITRATE = 128_000
SEGMENT_SECONDS = 4
MAX_FRAME_RATE = 30
OPEN_TIMEOUT = (15.0, 30.0)
# Packets that fail to decode before a file counts as damaged (a few are concealed).
MAX_BAD_PACKETS = 50
PLAYLIST_TYPE = "application/vnd.apple.mpegurl"


class TooSlow(MediaRejected):
    """The transcode ran past its deadline."""


@dataclass(frozen=True)
class Rendition:
    height: int
    width: int
    bitrate: int  # video and sound, as the master playlist's BANDWIDTH says
    media: Path  # the fragmented MP4
    playlist: Path  # its HLS media playlist (byte ranges into `media`)
    has_audio: bool

    @property
    def lines(self) -> int:
        return min(self.width, self.height)

    @property
    def name(self) -> str:
        return self.media.stem

    @property
    def codecs(self) -> str:
        """What the master playlist declares: H.264 Main at level 4.0, and AAC-LC."""
        return "avc1.4d4028,mp4a.40.2" if self.has_audio else "avc1.4d4028"


def plan(width: int, height: int) -> list[tuple[int, int]]:
    """The (width, height) of each rendition of a picture shown `width`×`height`: the standard
    lines up to the picture's own short side (its own when smaller than them all), in
    proportion, both even as H.264 wants."""
    short = min(width, height)
    lines = [n for n in LINES if n <= short] or [short]
    return [(_even(width * n / short), _even(height * n / short)) for n in lines]


def lines_of(entry: dict[str, Any]) -> int:
    """A stored rendition's lines (its variant entry's short side)."""
    return min(entry["width"], entry["height"])


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def output_rate(stream: av.video.stream.VideoStream) -> Fraction:
    """A constant frame rate for the renditions: the source's average in whole frames a second
    (a variable-rate phone clip gets its average; 29.97 becomes 30), at most MAX_FRAME_RATE."""
    rate = stream.average_rate or stream.guessed_rate or Fraction(25)
    return Fraction(min(MAX_FRAME_RATE, max(1, round(rate))))


def transcode(
    source: str, folder: Path, size: tuple[int, int], *, deadline: float,
    progress: Callable[[float], None], duration: float,
) -> Rendition:  # fmt: skip
    """Encode one rendition of `source` at `size` into `folder`; `progress` is told how far
    (0 to 1) through the source it is. Raises MediaRejected (TooSlow past `deadline`)."""
    width, height = size
    name = f"r{min(size)}"
    media, playlist = folder / f"{name}.m4s", folder / f"{name}.m3u8"
    try:
        source_file = av.open(source, timeout=OPEN_TIMEOUT)
    except (av.error.FFmpegError, UnicodeDecodeError):
        raise MediaRejected(_l("This file is not a video we can read.")) from None
    with source_file:
        video = source_file.streams.video[0]
        video.thread_type = "AUTO"
        sound = source_file.streams.audio[0] if source_file.streams.audio else None
        rate = output_rate(video)
        output = av.open(str(playlist), mode="w", format="hls", options={
            "hls_time": str(SEGMENT_SECONDS), "hls_playlist_type": "vod",
            "hls_segment_type": "fmp4", "hls_flags": "single_file+independent_segments",
            "hls_fmp4_init_filename": media.name, "hls_segment_filename": str(media),
        })  # fmt: skip
        with output:
            encoder = _video_encoder(output, width, height, rate)
            sink = _Frames(video, width, height, rate)
            voice = _Sound(output, sound) if sound is not None else None
            streams = [video, sound] if sound is not None else [video]
            bad = 0
            for packet in source_file.demux(*streams):
                if time.monotonic() > deadline:
                    raise TooSlow(_l("Converting this video took too long; send a shorter one."))
                try:
                    frames = packet.decode()
                except av.error.FFmpegError:
                    bad += 1
                    if bad > MAX_BAD_PACKETS:
                        raise MediaRejected(
                            _l("The video's frames cannot be decoded; the file may be damaged.")
                        ) from None
                    continue
                for frame in frames:
                    if isinstance(frame, av.VideoFrame):
                        _mux(output, encoder, sink.push(frame))
                        if frame.time is not None and duration > 0:
                            progress(min(1.0, frame.time / duration))
                    elif isinstance(frame, av.AudioFrame) and voice is not None:
                        voice.push(frame)
            _mux(output, encoder, sink.push(None))
            for packet in encoder.encode(None):
                output.mux(packet)
            if voice is not None:
                voice.close()
            if encoder.frames == 0:
                raise MediaRejected(
                    _l("The video's frames cannot be decoded; the file may be damaged.")
                )
    bitrate = _video_bitrate(width, height) + (AUDIO_BITRATE if sound else 0)
    return Rendition(height, width, bitrate, media, playlist, sound is not None)


def _video_encoder(
    output: av.container.OutputContainer, width: int, height: int, rate: Fraction
) -> av.video.stream.VideoStream:
    keyframes = max(1, round(rate * SEGMENT_SECONDS))
    bitrate = _video_bitrate(width, height)
    stream = output.add_stream("libx264", rate=rate, options={
        "preset": "veryfast", "profile": "main", "forced-idr": "1",
        "x264-params": f"keyint={keyframes}:min-keyint={keyframes}:scenecut=0",
        "maxrate": str(bitrate), "bufsize": str(2 * bitrate),
    })  # fmt: skip
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    stream.bit_rate = bitrate
    stream.codec_context.gop_size = keyframes
    stream.codec_context.color_primaries = 1  # BT.709, as the frames are converted
    stream.codec_context.color_trc = 1
    stream.codec_context.colorspace = 1
    return stream


def _video_bitrate(width: int, height: int) -> int:
    return BITRATES.get(min(width, height), BITRATES[LINES[0]])


def _mux(output: av.container.OutputContainer, encoder: Any, frames: list[av.VideoFrame]) -> None:
    for frame in frames:
        for packet in encoder.encode(frame):
            output.mux(packet)


class _Frames:
    """The source's frames as the renditions want them: turned upright, scaled, at a constant
    rate, in 8-bit BT.709 4:2:0; timestamps counted in frames of that rate, and a keyframe
    asked for every SEGMENT_SECONDS, where HLS segments begin."""

    def __init__(
        self, video: av.video.stream.VideoStream, width: int, height: int, rate: Fraction
    ) -> None:
        self.video, self.size, self.rate = video, (width, height), rate
        self.graph: av.filter.Graph | None = None
        self.count = 0

    def _build(self, first: av.VideoFrame) -> av.filter.Graph:
        graph = av.filter.Graph()
        source = graph.add_buffer(template=self.video, time_base=self.video.time_base)
        chain = [source]
        turn = round(first.rotation or 0) % 360
        # The display matrix's angle is counter-clockwise: undo it clockwise.
        if turn == 90:
            chain.append(graph.add("transpose", "cclock"))
        elif turn == 270:
            chain.append(graph.add("transpose", "clock"))
        elif turn == 180:
            chain += [graph.add("hflip"), graph.add("vflip")]
        width, height = self.size
        chain += [
            graph.add("scale", f"{width}:{height}:flags=bicubic:out_color_matrix=bt709"),
            graph.add("fps", str(self.rate)),
            graph.add("format", "yuv420p"),
            graph.add("buffersink"),
        ]
        for upstream, downstream in zip(chain, chain[1:], strict=False):
            upstream.link_to(downstream)
        graph.configure()
        return graph

    def push(self, frame: av.VideoFrame | None) -> list[av.VideoFrame]:
        if frame is not None and self.graph is None:
            self.graph = self._build(frame)
        if self.graph is None:
            return []
        self.graph.vpush(frame)
        made: list[av.VideoFrame] = []
        while True:
            try:
                out = self.graph.vpull()
            except (av.error.BlockingIOError, av.error.EOFError):
                return made
            out.pts, out.time_base = self.count, 1 / self.rate
            keyframe = self.count % round(self.rate * SEGMENT_SECONDS) == 0
            out.pict_type = PictureType.I if keyframe else PictureType.NONE
            self.count += 1
            made.append(out)


class _Sound:
    """The first sound track as stereo AAC at 48 kHz, in the encoder's frames of 1024."""

    def __init__(self, output: av.container.OutputContainer, source: av.audio.AudioStream) -> None:
        self.output = output
        self.encoder = output.add_stream("aac", rate=48000)
        self.encoder.layout = "stereo"
        self.encoder.bit_rate = AUDIO_BITRATE
        self.resampler = av.AudioResampler(format="fltp", layout="stereo", rate=48000)
        self.fifo = av.AudioFifo()
        self.samples = 0

    def push(self, frame: av.AudioFrame) -> None:
        frame.pts = None  # the fifo counts samples itself
        for resampled in self.resampler.resample(frame):
            self.fifo.write(resampled)
        self._drain(final=False)

    def _drain(self, *, final: bool) -> None:
        while self.fifo.samples >= 1024 or (final and self.fifo.samples):
            chunk = self.fifo.read(min(1024, self.fifo.samples))
            if chunk is None:
                return
            chunk.pts, chunk.time_base = self.samples, Fraction(1, 48000)
            self.samples += chunk.samples
            for packet in self.encoder.encode(chunk):
                self.output.mux(packet)

    def close(self) -> None:
        for resampled in self.resampler.resample(None):
            self.fifo.write(resampled)
        self._drain(final=True)
        for packet in self.encoder.encode(None):
            self.output.mux(packet)


def master_playlist(renditions: list[dict[str, Any]], url: Callable[[str], str]) -> str:
    """The HLS master playlist of the renditions made so far (smallest first): each variant's
    BANDWIDTH, RESOLUTION and CODECS, and its media playlist's URL."""
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for made in sorted(renditions, key=lines_of):
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={made['bitrate']},"
            f'RESOLUTION={made["width"]}x{made["height"]},CODECS="{made["codecs"]}"'
        )
        lines.append(url(made["name"]))
    return "\n".join(lines) + "\n"


def media_playlist(text: str, name: str, media_url: str) -> str:
    """A rendition's stored media playlist with its file's name (`name`) replaced by
    `media_url`, a signed or public URL: a relative name would lose the signature."""
    lines = []
    for line in text.splitlines():
        if line == name:
            line = media_url
        elif line.startswith("#EXT-X-MAP:"):
            line = line.replace(f'URI="{name}"', f'URI="{media_url}"')
        lines.append(line)
    return "\n".join(lines) + "\n"
