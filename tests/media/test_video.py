"""Videos for every visitor and every camera: any video FFmpeg decodes becomes H.264/AAC
renditions (upright, constant rate, 8-bit, stereo or silent) with nothing of the original's
metadata, played through HLS playlists the app signs, never the original; captions checked and
kept as WebVTT; every bad input refused in words, never stuck, nothing kept."""

from __future__ import annotations

import io
import struct
import time
from fractions import Fraction

import av
import pytest
import sqlalchemy as sa

from eexpo import tasks
from eexpo.extensions import db
from eexpo.media import pipeline, renditions, transcode
from eexpo.media.generate import make_sound, make_video
from eexpo.models import MediaItem, MediaStatus, Role, utcnow
from eexpo.storage import get_storage
from tests.media.uploads import Exhibitor, upload

VIDEO = {"kind": "video", "content_type": "video/mp4", "filename": "clip.mp4"}
MOV = {"kind": "video", "content_type": "video/quicktime", "filename": "IMG_0001.MOV"}
MKV = {"kind": "video", "content_type": "video/x-matroska", "filename": "clip.mkv"}
# What a phone writes into its videos about where, with what and when.
PHONE_TAGS = {
    "location": "+22.5431+114.0579/", "make": "Apple", "model": "iPhone 15 Pro",
    "creation_time": "2026-11-01T10:00:00.000000Z", "comment": "secret field note",
}  # fmt: skip


@pytest.fixture
def exhibitor(backend, app, client, make) -> Exhibitor:
    return Exhibitor(client, make)


def _item(media: dict) -> MediaItem:
    db.session.expire_all()
    return db.session.get(MediaItem, media["id"])


def _rendition(item: MediaItem, lines: int) -> av.container.InputContainer:
    entry = next(r for r in renditions.rendition_entries(item) if transcode.lines_of(r) == lines)
    return av.open(io.BytesIO(get_storage().read(entry["key"])))


def _lines(item: MediaItem) -> list[int]:
    return [transcode.lines_of(r) for r in renditions.rendition_entries(item)]


def test_a_phone_video_plays_upright_from_renditions_free_of_its_metadata(exhibitor, browser):
    clip = make_video(2, 1280, 720, codec="libx265", container="mov", rotation=-90, sound=1,
                      metadata=PHONE_TAGS)  # fmt: skip
    media = upload(exhibitor, browser, clip, **MOV)
    assert media["status"] == "ready", media["error"]
    item = _item(media)
    assert (item.width, item.height) == (720, 1280)  # as shown: portrait
    assert _lines(item) == [360, 720]  # never above the source's 720 lines
    assert media["progress"] is None
    assert [(r["width"], r["height"]) for r in media["renditions"]] == [(360, 640), (720, 1280)]
    for lines in (360, 720):
        with _rendition(item, lines) as rendition:
            picture, sound = rendition.streams.video[0], rendition.streams.audio[0]
            assert picture.codec_context.name == "h264"
            assert picture.codec_context.pix_fmt == "yuv420p"
            assert (picture.width, picture.height) == (lines, lines * 16 // 9)
            assert sound.codec_context.name == "aac"
            assert sound.codec_context.channels == 2
            tags = {**rendition.metadata, **picture.metadata, **sound.metadata}
            found = " ".join(f"{k}={v}" for k, v in tags.items())
            for value in PHONE_TAGS.values():
                assert value not in found
            assert "location" not in tags
            assert "creation_time" not in tags
    poster = browser.request("GET", media["poster_url"])
    assert poster.status_code == 200
    assert media["url"] != media["stream_url"]
    assert item.original_key not in media["url"]
    assert b"secret field note" not in browser.request("GET", media["url"]).content


@pytest.mark.parametrize(
    ("clip", "expected"),
    [
        (lambda: make_video(2, 640, 360, codec="libx265", pix_fmt="yuv420p10le"), (640, 360)),
        (lambda: make_video(2, 321, 181, pix_fmt="yuv444p"), (320, 180)),
        (lambda: make_video(2, 320, 240, codec="mpeg4", container="mov"), (320, 240)),
        (
            lambda: make_video(
                1, 320, 240, codec="prores_ks", container="mov", pix_fmt="yuv422p10le"
            ),
            (320, 240),
        ),  # fmt: skip
        (lambda: make_video(2, 320, 240, codec="libvpx-vp9", container="matroska"), (320, 240)),
        (lambda: make_video(2, 320, 240, codec="libsvtav1"), (320, 240)),
    ],
    ids=["hdr-10-bit", "odd-dimensions", "mpeg4-part-2", "prores", "vp9-mkv", "av1-mp4"],
)
def test_what_cameras_and_editors_export_becomes_8_bit_h264(exhibitor, browser, clip, expected):
    data = clip()
    declared = VIDEO if data[4:8] == b"ftyp" and b"qt  " not in data[:32] else MOV
    if data[:4] == b"\x1a\x45\xdf\xa3":
        declared = MKV
    media = upload(exhibitor, browser, data, **declared)
    assert media["status"] == "ready", media["error"]
    with _rendition(_item(media), min(_lines(_item(media)))) as rendition:
        picture = rendition.streams.video[0]
        assert (picture.width, picture.height) == expected
        assert (picture.codec_context.name, picture.codec_context.pix_fmt) == ("h264", "yuv420p")
        assert not rendition.streams.audio  # a silent source stays silent


@pytest.mark.parametrize(
    ("shown", "sizes"),
    [
        ((1081, 1921), [(360, 640), (720, 1280), (1080, 1920)]),  # odd, held upright
        ((3840, 2160), [(640, 360), (1280, 720), (1920, 1080)]),  # never above 1080 lines
        ((1920, 800), [(864, 360), (1728, 720)]),  # never above the source
        ((321, 181), [(320, 180)]),  # below 360 lines: its own, evened
    ],
)
def test_renditions_are_planned_by_their_short_side(shown, sizes):
    assert transcode.plan(*shown) == sizes


def _variable_rate_clip() -> bytes:
    """A phone's variable frame rate: frames 20, 40 and 80 ms apart, by turns."""
    out = io.BytesIO()
    with av.open(out, "w", format="mp4") as output:
        stream = output.add_stream("libx264", rate=50)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        stream.codec_context.time_base = Fraction(1, 1000)
        at = 0
        for n in range(150):
            frame = av.VideoFrame(320, 240, "yuv420p")
            for plane in frame.planes:
                plane.update(bytes([n * 4 % 256]) * plane.buffer_size)
            frame.pts, frame.time_base = at, Fraction(1, 1000)
            at += (20, 40, 80)[n % 3]
            for packet in stream.encode(frame):
                output.mux(packet)
        for packet in stream.encode():
            output.mux(packet)
    return out.getvalue()


def test_a_variable_frame_rate_becomes_constant_with_regular_keyframes(exhibitor, browser):
    media = upload(exhibitor, browser, _variable_rate_clip(), **VIDEO)
    assert media["status"] == "ready", media["error"]
    with _rendition(_item(media), 240) as rendition:
        frames = [(frame.pts, frame.key_frame) for frame in rendition.decode(video=0)]
        time_base = rendition.streams.video[0].time_base
    times = [pts for pts, _key in frames]
    steps = {b - a for a, b in zip(times, times[1:], strict=False)}
    assert len(steps) == 1  # one frame duration: a constant rate
    keys = [pts * time_base for pts, key in frames if key]
    assert keys[1] - keys[0] == 4  # a keyframe every 4 seconds, where segments begin


def test_several_sound_tracks_become_one_stereo_track(exhibitor, browser):
    media = upload(exhibitor, browser, make_video(2, 320, 240, sound=2), **VIDEO)
    with _rendition(_item(media), 240) as rendition:
        assert [s.codec_context.channels for s in rendition.streams.audio] == [2]


def _claiming_ten_hours() -> bytes:
    """A one-second MKV whose segment says it lasts ten hours (its Duration element, in the
    milliseconds of the default timecode scale)."""
    clip = make_video(1, 320, 240, container="matroska")
    at = clip.index(b"\x44\x89")  # Duration
    if clip[at + 2] & 0x7F == 8:
        return clip[: at + 3] + struct.pack(">d", 36_000_000.0) + clip[at + 11 :]
    return clip[: at + 3] + struct.pack(">f", 36_000_000.0) + clip[at + 7 :]


def _corrupted(clip: bytes) -> bytes:
    """The clip with garbage over a stretch of its picture data, halfway through."""
    middle = len(clip) // 2
    return clip[:middle] + bytes(range(256)) * 8 + clip[middle + 2048 :]


@pytest.mark.parametrize(
    ("data", "fields", "message"),
    [
        (lambda: make_sound(2), VIDEO, "has sound but no picture"),
        (
            lambda: make_video(1, 1, 1, codec="png", container="mov", pix_fmt="rgb24"),
            MOV,
            "1×1 pixels: too small",
        ),
        (_claiming_ten_hours, MKV, "longer than 30 minutes"),
        (lambda: b"\x00\x00\x00\x18ftypmp42" + bytes(4000), VIDEO, "not a video we can read"),
    ],
    ids=["audio-only", "one-pixel", "claims-ten-hours", "empty-boxes"],
)
def test_bad_videos_are_refused_in_words_and_nothing_is_kept(exhibitor, browser, data, fields,
                                                              message):  # fmt: skip
    media = upload(exhibitor, browser, data(), **fields)
    assert media["status"] == "failed"
    assert message in media["error"]
    assert list(get_storage().keys(f"media/{_item(media).uuid}/")) == []


def test_corrupt_frames_mid_stream_never_leave_the_item_stuck(exhibitor, browser):
    media = upload(exhibitor, browser, _corrupted(make_video(4, 320, 240, noise=True)), **VIDEO)
    assert media["status"] in ("ready", "failed")
    if media["status"] == "failed":
        assert media["error"]
        assert list(get_storage().keys(f"media/{_item(media).uuid}/")) == []
    else:
        assert media["renditions"]


def test_a_transcode_past_its_time_limit_fails_and_keeps_nothing(exhibitor, browser, monkeypatch):
    monkeypatch.setattr(renditions, "_deadline", lambda duration: time.monotonic() - 1)
    media = upload(exhibitor, browser, make_video(2, 320, 240), **VIDEO)
    assert media["status"] == "failed"
    assert "took too long" in media["error"]
    assert list(get_storage().keys(f"media/{_item(media).uuid}/")) == []


def test_renditions_left_by_a_dead_worker_are_made_by_the_next(exhibitor, browser):
    media = upload(exhibitor, browser, make_video(2, 1280, 720), **VIDEO)
    item = _item(media)
    larger = [name for name, v in item.variants.items()
              if v.get("height", 0) > 360 or name.startswith(("r720", "r1080"))]  # fmt: skip
    get_storage().delete([item.variants[name]["key"] for name in larger])
    # As a worker killed after the first rendition leaves it: playing, with more to make.
    item.variants = {k: v for k, v in item.variants.items() if k not in larger}
    item.progress, item.in_worker = 1 / 3, True
    item.lease_expires_at = utcnow()
    db.session.commit()
    assert _lines(_item(media)) == [360]
    assert pipeline.recover_stale() == 1
    tasks.drain(timeout=120)
    finished = _item(media)
    assert (finished.status, finished.progress) == (MediaStatus.READY, None)
    assert _lines(finished) == [360, 720]


def test_playlists_point_at_signed_renditions_and_hidden_videos_are_not_served(
    exhibitor, browser, client, auth
):
    media = upload(exhibitor, browser, make_video(2, 1280, 720), **VIDEO)
    auth.login(exhibitor.user.email)  # the owner's browser, in the editor's preview
    master = client.get(media["stream_url"])
    assert master.status_code == 200
    assert master.headers["Content-Type"].startswith("application/vnd.apple.mpegurl")
    text = master.get_data(as_text=True)
    assert "RESOLUTION=640x360" in text
    assert "RESOLUTION=1280x720" in text
    listed = client.get(media["stream_url"].replace("master", "r360")).get_data(as_text=True)
    assert "#EXT-X-BYTERANGE:" in listed
    url = next(line for line in listed.splitlines() if line and not line.startswith("#"))
    assert browser.request("GET", url, headers={"Range": "bytes=0-99"}).status_code == 206
    auth.logout()
    assert client.get(media["stream_url"]).status_code == 404  # not published: not anyone's


CUE = "00:00:00.500 --> 00:00:01.000\n" + "Words " * 100 + "\n\n"
VTT = "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\n<b>Silicon</b> carbide\n"
SRT = "1\n00:00:00,500 --> 00:00:01,500\n碳化硅 <i>晶圆</i>\n"


def _captions(caller, media_id: int, text: str, language: str = "en"):
    return caller.call("PUT", f"/media/{media_id}/captions/{language}", {"captions": text})


def test_captions_are_kept_as_webvtt_and_listed_by_language(exhibitor, browser):
    media = upload(exhibitor, browser, make_video(2, 320, 240), **VIDEO)
    assert _captions(exhibitor, media["id"], VTT).status_code == 200
    chinese = _captions(exhibitor, media["id"], SRT, "zh")
    assert chinese.status_code == 200
    assert [c["language"] for c in chinese.json["captions"]] == ["en", "zh"]
    stored = browser.request("GET", chinese.json["captions"][1]["url"])
    assert stored.content.decode().startswith("WEBVTT")
    assert "00:00:00.500 --> 00:00:01.500" in stored.content.decode()
    removed = exhibitor.call("DELETE", f"/media/{media['id']}/captions/zh")
    assert [c["language"] for c in removed.json["captions"]] == ["en"]


@pytest.mark.parametrize(
    ("text", "status", "message"),
    [
        ("1\n00:00:0X,500 --> 00:00:01,500\nBroken\n", 422, "timestamp in them is broken"),
        ("WEBVTT\n\n00:00:00.500 --> 00:00:01.5\nBroken\n", 422, "timestamp in them is broken"),
        (
            "WEBVTT\n\n00:00:00.500 --> 00:00:01.500\n<script>alert(1)</script>\n",
            422,
            "markup captions may not hold: <script>",
        ),
        ("WEBVTT\n\n00:00:00.500 --> 00:00:09.000\nToo late\n", 422, "after the video"),
        ("WEBVTT\n\n" + CUE * (1_010_000 // len(CUE)), 422, "at most 1 MB"),
        ("WEBVTT\n\n" + "00:00:00.500 --> 00:00:01.000\nWords words\n\n" * 50_000, 413, ""),
    ],
    ids=["srt-timestamp", "vtt-timestamp", "script", "past-the-end", "over-1-mb", "2-mb"],
)
def test_bad_captions_are_refused_and_nothing_changes(exhibitor, browser, text, status, message):
    media = upload(exhibitor, browser, make_video(2, 320, 240), **VIDEO)
    refused = _captions(exhibitor, media["id"], text)
    assert refused.status_code == status
    assert message in refused.json["error"]["message"]
    assert exhibitor.call("GET", f"/media/{media['id']}").json["captions"] == []


def test_captions_wait_for_the_video_to_be_processed(exhibitor, browser):
    media = upload(exhibitor, browser, make_video(2, 320, 240), **VIDEO)
    item = db.session.get(MediaItem, media["id"])
    item.status = MediaStatus.PROCESSING  # as while its renditions are being made
    db.session.commit()
    refused = _captions(exhibitor, media["id"], VTT)
    assert refused.status_code == 409
    assert refused.json["error"]["message"] == "Add captions once the video is processed."
    db.session.expire_all()
    assert "captions-en" not in db.session.get(MediaItem, media["id"]).variants


def test_captions_of_another_organizations_video_are_not_found(exhibitor, browser, make, api_as):
    media = upload(exhibitor, browser, make_video(2, 320, 240), **VIDEO)
    stranger = api_as(make.user(Role.EXHIBITOR))
    assert _captions(stranger, media["id"], VTT).status_code == 404
    assert stranger.call("DELETE", f"/media/{media['id']}/captions/en").status_code == 404
    assert _captions(exhibitor, media["id"], VTT, "fr").status_code == 404
    count = sa.select(sa.func.count()).select_from(MediaItem)
    assert db.session.scalar(count) == 1
