"""Generated photos and videos, for the demo expo and for tests: real files, made here."""

from __future__ import annotations

import io
import random
import struct
from typing import Any, cast

import av
from PIL import Image, ImageDraw, ImageFont


def make_photo(
    width: int = 1600,
    height: int = 1000,
    *,
    seed: int = 0,
    label: str = "",
    format_: str = "JPEG",
    exif: Image.Exif | None = None,
) -> bytes:
    """A photo-like picture: a gradient with shapes (so it compresses like a real photo)."""
    rng = random.Random(seed)  # noqa: S311 - picture content, not secrets
    base = tuple(rng.randrange(40, 200) for _ in range(3))
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    image = Image.blend(image, Image.new("RGB", (width, height), base), 0.6)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(max(2, min(width, height) // 12), max(3, min(width, height) // 4))
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    if label:
        draw.text((width // 20, height // 20), label, fill=(255, 255, 255))
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": 90} if format_ in ("JPEG", "WEBP") else {}
    if exif is not None:
        options["exif"] = exif
    image.save(out, format_, **options)
    return out.getvalue()


def make_floor_plan(
    boxes: list[tuple[str, float, float, float, float]], width: int = 1600, height: int = 1000
) -> bytes:
    """A hall's plan: walls, aisles and numbered stand outlines (boxes in fractions of the plan)."""
    image = Image.new("RGB", (width, height), (250, 250, 247))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, width - 10, height - 10), outline=(60, 60, 60), width=8)
    draw.rectangle(
        (width // 2 - 80, height - 14, width // 2 + 80, height - 6), fill=(250, 250, 247)
    )
    for code, x, y, w, h in boxes:
        box = (x * width, y * height, (x + w) * width, (y + h) * height)
        draw.rectangle(box, fill=(226, 232, 240), outline=(90, 90, 90), width=3)
        draw.text((box[0] + 8, box[1] + 8), code, fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_video(
    seconds: float = 2.0,
    width: int = 320,
    height: int = 180,
    *,
    fps: int = 25,
    codec: str = "libx264",
    container: str = "mp4",
    seed: int = 0,
    noise: bool = False,
    pix_fmt: str = "yuv420p",
    sound: int = 0,
    rotation: int = 0,
    metadata: dict[str, str] | None = None,
) -> bytes:
    """A short clip of a moving shape, encoded with PyAV (H.264 MP4 by default). With `noise`
    the frames are random, which barely compresses: a way to make large, valid files fast.
    `sound`: that many tracks of a tone; `rotation`: the display matrix a phone writes;
    `metadata`: tags for the container, as cameras write (location, device)."""
    rng = random.Random(seed)  # noqa: S311 - picture content, not secrets
    background = tuple(rng.randrange(30, 120) for _ in range(3))
    out = io.BytesIO()
    with av.open(out, mode="w", format=container) as output:
        output.metadata.update(metadata or {})
        quiet = {"x265-params": "log-level=error"} if codec == "libx265" else {}
        stream = cast(av.VideoStream, output.add_stream(codec, rate=fps, options=quiet))
        stream.width, stream.height, stream.pix_fmt = width, height, pix_fmt
        if rotation:
            stream.set_display_rotation(rotation)
        tones = [output.add_stream("aac", rate=48000) for _ in range(sound)]
        frames = max(1, round(seconds * fps))
        for index in range(frames):
            image = (
                Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
                if noise
                else Image.new("RGB", (width, height), background)
            )
            x = int((width - height // 3) * index / frames)
            ImageDraw.Draw(image).rectangle(
                (x, height // 3, x + height // 3, 2 * height // 3), fill=(240, 200, 40)
            )
            frame = av.VideoFrame.from_image(image)
            if pix_fmt != "yuv420p":
                frame = frame.reformat(format=pix_fmt)
            for packet in stream.encode(frame):
                output.mux(packet)
        for number, tone in enumerate(tones):
            _tone(output, tone, seconds, 220.0 * (number + 2))
        for packet in stream.encode():
            output.mux(packet)
    return out.getvalue()


def make_sound(seconds: float = 2.0) -> bytes:
    """A tone with no picture, in MP4 (an .m4a by another name)."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as output:
        _tone(output, output.add_stream("aac", rate=48000), seconds, 440.0)
    return out.getvalue()


def _tone(output: Any, stream: Any, seconds: float, pitch: float) -> None:
    """A sine tone of `seconds` into `stream` (stereo, 48 kHz)."""
    import math

    samples = int(seconds * 48000)
    for start in range(0, samples, 1024):
        count = min(1024, samples - start)
        wave = [math.sin(2 * math.pi * pitch * (start + n) / 48000) * 0.2 for n in range(count)]
        frame = av.AudioFrame(format="fltp", layout="stereo", samples=count)
        for plane in frame.planes:
            plane.update(struct.pack(f"{count}f", *wave))
        frame.sample_rate, frame.pts = 48000, start
        for packet in stream.encode(frame):
            output.mux(packet)
    for packet in stream.encode(None):
        output.mux(packet)


def make_logo(name: str, *, seed: int = 0, size: int = 320) -> bytes:
    """A square logo: the name's initials on a coloured disc (PNG, with transparency)."""
    rng = random.Random(seed)  # noqa: S311 - picture content, not secrets
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colour = tuple(rng.randrange(30, 170) for _ in range(3))
    draw.ellipse((8, 8, size - 8, size - 8), fill=(*colour, 255))
    initials = "".join(word[0] for word in name.split() if word[:1].isalpha())[:2].upper()
    font = ImageFont.load_default(size=size // 3)
    draw.text((size / 2, size / 2), initials, fill=(255, 255, 255, 255), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_brochure(title: str, items: list[str], pages: int = 2) -> bytes:
    """A brochure as a PDF of A5 pages drawn by Pillow: a title page, then the items."""
    drawn = []
    font, small = ImageFont.load_default(size=36), ImageFont.load_default(size=22)
    for number in range(pages):
        page = Image.new("RGB", (874, 1240), "white")
        draw = ImageDraw.Draw(page)
        draw.rectangle((0, 0, 874, 300), fill=(20, 60, 140 + 20 * (number % 5)))
        draw.text((60, 120), title if number == 0 else f"{title} ({number + 1})",
                  fill="white", font=font)  # fmt: skip
        for line, item in enumerate(items):
            draw.text((60, 380 + 60 * line), f"• {item}", fill=(30, 30, 30), font=small)
        drawn.append(page)
    out = io.BytesIO()
    drawn[0].save(out, "PDF", resolution=150, save_all=True, append_images=drawn[1:])
    return out.getvalue()
