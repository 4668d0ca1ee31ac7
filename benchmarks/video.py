"""Video figures: a 60-second 1080p H.264 camera clip and a 60-second 1080p HEVC phone clip (a
.mov held upright, with its location), each through the real job: seconds until it plays (the
360p rendition stored) and until every rendition is, as multiples of the duration; the job's peak
memory; and the bytes a phone visitor downloads for the first 30 seconds at 360p against the
original's.

The clips pan across a detailed picture with a moving shape, encoded at the bitrates cameras
and phones record at, so decoding and encoding cost what real footage costs. Each job runs in an
interpreter of its own (the clip is stored by another), so its peak is the job's alone.

    python -m benchmarks.video
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import av
from PIL import Image, ImageDraw

from eexpo.media.generate import make_photo, make_sound
from eexpo.media.renditions import rendition_entries

SECONDS = int(os.environ.get("BENCH_VIDEO_SECONDS", "60"))
FPS = 30
SHOWN = min(30, SECONDS // 2)  # what a phone visitor watches

_ENV = """
import os, sys
from eexpo import create_app
from eexpo.extensions import db
app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{sys.argv[1]}/bench.sqlite"})
"""

_STORE = (
    _ENV
    + """
from eexpo.media import services
from eexpo.models import MediaKind
with app.app_context():
    db.create_all()
    data = open(sys.argv[2], "rb").read()
    item = services.ingest(None, data, kind=MediaKind.VIDEO, filename=os.path.basename(sys.argv[2]),
                           content_type=sys.argv[3], queue=False)
    db.session.commit()
    print(item.id)
"""
)

# Peak memory is the process's VmHWM; a thread watches the item's committed state.
_PROCESS = (
    _ENV
    + """
import json, re, threading, time
import sqlalchemy as sa
from eexpo.media import pipeline
from eexpo.models import MediaItem
def hwm():
    return int(re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1))
with app.app_context():
    media_id, marks, done = int(sys.argv[2]), {}, threading.Event()
    engine, started, before = db.engine, time.perf_counter(), hwm()
    def watch():
        while not done.wait(0.1):
            with engine.connect() as connection:
                status = connection.execute(sa.select(MediaItem.status)
                                            .where(MediaItem.id == media_id)).scalar_one()
            if status.value == "ready":
                marks.setdefault("playable", time.perf_counter() - started)
    watcher = threading.Thread(target=watch)
    watcher.start()
    pipeline.process_media(media_id)
    marks["all"] = time.perf_counter() - started
    done.set()
    watcher.join()
    item = db.session.get(MediaItem, media_id)
    marks.setdefault("playable", marks["all"])
    print(json.dumps({**marks, "status": item.status.value, "error": item.error,
                      "variants": item.variants, "peak_mb": hwm() / 1024,
                      "before_mb": before / 1024}))
"""
)


def camera_clip(path: Path, *, codec: str, container: str, bitrate: int, rotation: int = 0,
                metadata: dict[str, str] | None = None) -> None:  # fmt: skip
    """SECONDS of 1920x1080 at FPS panning across a detailed 4K picture, with stereo sound."""
    with Image.open(io.BytesIO(make_photo(3840, 2160, seed=3, label="Hall 4"))) as photo:
        noise = Image.effect_noise((3840, 2160), 40).convert("RGB")
        scene = Image.blend(photo.convert("RGB"), noise, 0.2)
    with av.open(io.BytesIO(make_sound(SECONDS))) as sound_file, \
            av.open(str(path), "w", format=container) as out:  # fmt: skip
        out.metadata.update(metadata or {})
        quiet = {"x265-params": "log-level=error"} if codec == "libx265" else {}
        video = out.add_stream(codec, rate=FPS, options={"preset": "ultrafast", **quiet})
        video.width, video.height, video.pix_fmt = 1920, 1080, "yuv420p"
        video.bit_rate = bitrate
        if rotation:
            video.set_display_rotation(rotation)
        source = sound_file.streams.audio[0]
        sound = out.add_stream_from_template(source)
        frames = SECONDS * FPS
        for n in range(frames):
            x, y = 1920 * n // frames, 540 + 400 * (n % 240) // 240 - 200
            picture = scene.crop((x, y, x + 1920, y + 1080))
            left = 200 + (n * 7) % 1500
            ImageDraw.Draw(picture).ellipse((left, 400, left + 240, 640), fill=(240, 200, 40))
            for packet in video.encode(av.VideoFrame.from_image(picture)):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
        for packet in sound_file.demux(source):
            if packet.size:
                packet.stream = sound
                out.mux(packet)


def _run(script: str, *args: object) -> str:
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip


def first_seconds_bytes(playlist: str, seconds: float) -> int:
    """What a player fetches to show the first `seconds` of a single-file HLS rendition: the
    init section and each segment beginning before that time."""
    total, starts, ends = 0, 0.0, 0.0
    for line in playlist.splitlines():
        if line.startswith("#EXT-X-MAP:"):
            total += int(line.split('BYTERANGE="')[1].split("@")[0])
        elif line.startswith("#EXTINF:"):
            starts, ends = ends, ends + float(line[8:].split(",")[0])
        elif line.startswith("#EXT-X-BYTERANGE:") and starts < seconds:
            total += int(line[17:].split("@")[0])
    return total


def clip_figures(work: Path, label: str, clip: Path, content_type: str) -> None:
    media_id = _run(_STORE, work, clip, content_type)
    result = json.loads(_run(_PROCESS, work, media_id))
    if result["status"] != "ready":
        print(f"   {label}: {result['status']} - {result['error']}")
        return
    media = work / "media"
    renditions = rendition_entries(SimpleNamespace(variants=result["variants"]))
    smallest = media / renditions[0]["key"]
    playlist = smallest.with_suffix(".m3u8").read_text()
    shown = first_seconds_bytes(playlist, SHOWN)
    original = clip.stat().st_size
    sizes = ", ".join(
        f"{v['width']}x{v['height']} {(media / v['key']).stat().st_size / 2**20:.1f} MiB"
        for v in renditions
    )
    print(f"   {label}")
    print(f"     playable (360p stored) {result['playable']:6.1f} s = "
          f"{result['playable'] / SECONDS:.2f}x the duration; all renditions "
          f"{result['all']:6.1f} s = {result['all'] / SECONDS:.2f}x")  # fmt: skip
    print(f"     peak memory {result['peak_mb']:.0f} MB ({result['before_mb']:.0f} MB before)")
    print(f"     first {SHOWN} s at 360p: {shown / 2**20:.2f} MiB against the original's "
          f"{original * SHOWN / SECONDS / 2**20:.1f} MiB ({original / 2**20:.1f} MiB whole) "
          f"= {shown / (original * SHOWN / SECONDS):.1%}")  # fmt: skip
    print(f"     renditions: {sizes}")


def main() -> None:
    print(f"== video: {SECONDS} s 1080p clips through the job on {len(os.sched_getaffinity(0))} "
          "cores (one transcode per core; each video's renditions one after another)")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.environ["EEXPO_INSTANCE_PATH"] = str(work)
        camera, phone = work / "camera.mp4", work / "IMG_0042.MOV"
        camera_clip(camera, codec="libx264", container="mp4", bitrate=16_000_000)
        camera_clip(phone, codec="libx265", container="mov", bitrate=8_000_000, rotation=90,
                    metadata={"location": "+22.5431+114.0579/", "model": "iPhone 15"})  # fmt: skip
        clip_figures(work, "H.264 camera clip, 16 Mbit/s, MP4", camera, "video/mp4")
        clip_figures(work, "HEVC phone clip, 8 Mbit/s, .mov held upright", phone,
                     "video/quicktime")  # fmt: skip


if __name__ == "__main__":
    main()
