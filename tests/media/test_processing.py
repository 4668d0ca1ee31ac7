"""Processing is pure and bounded, and trusts decoded content, never names or declared types."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from eexpo.media.generate import make_photo, make_sound, make_video
from eexpo.media.images import MediaRejected, process_image
from eexpo.media.videos import probe_video
from tests.media.samples import png_header_only

LIMIT = 80_000_000


def _exif_with_gps_and_rotation() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "SpyCam Inc."  # camera make
    exif[0x9286] = "secret comment"  # user comment
    exif.get_ifd(0x8825)[2] = (48.0, 51.0, 29.0)  # GPS latitude
    return exif


def test_photo_becomes_clean_responsive_variants():
    result = process_image(make_photo(2400, 1600), max_pixels=LIMIT, declared_type="image/jpeg")
    assert (result.width, result.height) == (2400, 1600)
    assert result.placeholder_color.startswith("#")
    assert len(result.placeholder_color) == 7
    widths = sorted({v.width for v in result.variants})
    assert widths == [320, 960, 1920]
    assert {v.content_type for v in result.variants} == {"image/webp", "image/jpeg"}
    for variant in result.variants:
        with Image.open(io.BytesIO(variant.data)) as decoded:
            assert decoded.size == (variant.width, variant.height)


def test_orientation_is_applied_and_metadata_stripped():
    photo = make_photo(1200, 800, exif=_exif_with_gps_and_rotation())
    with Image.open(io.BytesIO(photo)) as original:
        assert original.getexif()[0x010F] == "SpyCam Inc."
    result = process_image(photo, max_pixels=LIMIT)
    assert (result.width, result.height) == (800, 1200)
    for variant in result.variants:
        with Image.open(io.BytesIO(variant.data)) as decoded:
            assert decoded.height > decoded.width
            assert not decoded.getexif()
            assert b"SpyCam" not in variant.data
            assert b"secret comment" not in variant.data


def test_transparent_png_keeps_alpha_in_webp_and_flattens_jpeg():
    image = Image.new("RGBA", (400, 300), (255, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    result = process_image(out.getvalue(), max_pixels=LIMIT, declared_type="image/png")
    webp = next(v for v in result.variants if v.content_type == "image/webp")
    jpeg = next(v for v in result.variants if v.content_type == "image/jpeg")
    assert Image.open(io.BytesIO(webp.data)).mode == "RGBA"
    assert Image.open(io.BytesIO(jpeg.data)).getpixel((10, 10)) == (255, 255, 255)


def test_small_photo_is_not_enlarged():
    result = process_image(make_photo(200, 150, format_="WEBP"), max_pixels=LIMIT)
    assert {v.width for v in result.variants} == {200}


@pytest.mark.parametrize(
    ("data", "declared", "message"),
    [
        (make_photo(800, 600)[:3000], "image/jpeg", "damaged or incomplete"),
        (png_header_only(100_000, 100_000), "image/png", "more than 80 megapixels"),
        (png_header_only(12_000, 8_000), "image/png", "more than 80 megapixels"),
        (b"<html><script>alert(1)</script></html>", "image/jpeg", "not a JPEG, PNG or WebP"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/svg+xml",
            "not a JPEG, PNG or WebP",
        ),
        (b"", "image/jpeg", "empty"),
        (make_photo(300, 200, format_="PNG"), "image/jpeg", "PNG image but was sent as image/jpeg"),
        (make_photo(300, 200, format_="GIF"), "image/gif", "not a JPEG, PNG or WebP"),
    ],
    ids=["truncated", "bomb", "over-limit", "html", "svg", "empty", "mislabelled", "gif"],
)
def test_bad_images_are_rejected_with_a_reason(data, declared, message):
    with pytest.raises(MediaRejected, match=message):
        process_image(data, max_pixels=LIMIT, declared_type=declared)


@pytest.fixture
def video_file(tmp_path):
    def write(data: bytes, suffix: str = ".mp4") -> str:
        path = tmp_path / f"clip{suffix}"
        path.write_bytes(data)
        return str(path)

    return write


@pytest.mark.parametrize(
    ("codec", "container", "declared", "expected"),
    [
        ("libx264", "mp4", "video/mp4", "h264"),
        ("libx264", "mov", "video/quicktime", "h264"),
        ("libvpx-vp9", "webm", "video/webm", "vp9"),
        ("mpeg4", "mov", "video/quicktime", "mpeg4"),
        ("libx265", "mov", "video/quicktime", "hevc"),
        ("libvpx-vp9", "matroska", "video/x-matroska", "vp9"),
    ],
)
def test_videos_any_camera_records_are_probed_with_a_poster(
    video_file, codec, container, declared, expected
):
    path = video_file(make_video(3, 320, 180, codec=codec, container=container), f".{container}")
    facts, poster = probe_video(path, max_seconds=600, declared_type=declared)
    assert facts.video_codec == expected
    assert (facts.width, facts.height) == (320, 180)
    assert facts.duration_seconds == pytest.approx(3.0, abs=0.1)
    assert poster.size == (320, 180)


@pytest.mark.parametrize(
    ("data", "declared", "message"),
    [
        (b"just some text, renamed to .mp4\n" * 20, "video/mp4", "not a video we can read"),
        (make_sound(1), "video/mp4", "has sound but no picture"),
        (make_video(1, container="webm", codec="libvpx-vp9"), "video/mp4", "WebM/MKV video but"),
        (make_video(61, 64, 36, fps=2), "video/mp4", "longer than 1 minute."),
        (make_photo(300, 200), "video/mp4", "not an MP4, MOV, WebM or MKV video"),
        (make_video(1, 8, 8), "video/mp4", "8×8 pixels: too small"),
    ],
    ids=["text", "audio-only", "mislabelled", "too-long", "photo", "tiny"],
)
def test_bad_videos_are_rejected_with_a_reason(video_file, data, declared, message):
    with pytest.raises(MediaRejected, match=message):
        probe_video(video_file(data), max_seconds=60, declared_type=declared)


def _saved(image: Image.Image, format_: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format_, **options)
    return out.getvalue()


def test_a_multi_picture_jpeg_is_read_as_its_first_picture():
    first = Image.open(io.BytesIO(make_photo(1200, 800, seed=1)))
    second = Image.new("RGB", (640, 480), (0, 255, 0))
    mpo = _saved(first, "MPO", save_all=True, append_images=[second])
    with Image.open(io.BytesIO(mpo)) as opened:
        assert opened.format == "MPO"
    result = process_image(mpo, max_pixels=LIMIT, declared_type="image/jpeg")
    assert (result.content_type, result.width, result.height) == ("image/jpeg", 1200, 800)


@pytest.mark.parametrize("format_", ["JPEG", "PNG"])
def test_comments_xmp_and_text_chunks_never_reach_a_variant(format_):
    image = Image.open(io.BytesIO(make_photo(1000, 700)))
    if format_ == "JPEG":
        data = _saved(image, "JPEG", comment=b"secret-comment", xmp=b"<x>secret-xmp</x>")
    else:
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "secret-text")
        info.add_itxt("XML:com.adobe.xmp", "<x>secret-xmp</x>")
        data = _saved(image, "PNG", pnginfo=info)
    assert b"secret" in data
    for variant in process_image(data, max_pixels=LIMIT).variants:
        assert b"secret" not in variant.data, variant.name
        with Image.open(io.BytesIO(variant.data)) as decoded:
            assert not {"comment", "xmp", "icc_profile", "exif"} & set(decoded.info)


def test_a_photo_with_a_colour_profile_keeps_its_colours_and_loses_the_profile():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = Image.new("RGB", (800, 600), (10, 200, 30))
    data = _saved(image, "JPEG", icc_profile=profile, quality=95)
    result = process_image(data, max_pixels=LIMIT)
    for variant in result.variants:
        with Image.open(io.BytesIO(variant.data)) as decoded:
            assert "icc_profile" not in decoded.info
            red, green, blue = decoded.convert("RGB").getpixel(
                (decoded.width // 2, decoded.height // 2)
            )
            assert (green > 150, red < 60, blue < 80) == (True, True, True)


def test_a_large_png_is_reduced_before_its_copies_are_made():
    image = Image.new("RGB", (6000, 4000), (120, 30, 200))
    result = process_image(_saved(image, "PNG"), max_pixels=LIMIT)
    assert (result.width, result.height) == (6000, 4000)
    assert max(v.width for v in result.variants) == 1920
