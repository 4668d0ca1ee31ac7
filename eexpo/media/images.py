"""Photos: decode with Pillow under limits, then write clean responsive variants. Pure: bytes in,
bytes and facts out. Nothing of the original but its pixels survives into a variant: no EXIF
(GPS, camera), XMP, IPTC, comment or text chunk; colours are converted to sRGB."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import cast

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

# The decoders we allow, and the type each proves a file to be. MPO is the JPEG that cameras
# write with several pictures (stereo, depth); its first picture is the photo.
ACCEPTED = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# Pillow opens MPO through its JPEG decoder.
DECODERS = ["JPEG", "PNG", "WEBP"]
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
WIDTHS = (320, 960, 1920)
WEBP_QUALITY = 80
JPEG_QUALITY = 82


class MediaRejected(Exception):
    """The file is not something we publish; `message` tells the exhibitor why, in words."""

    def __init__(self, message: object) -> None:
        self.message = str(message)
        super().__init__(self.message)


@dataclass(frozen=True)
class Variant:
    name: str
    data: bytes
    content_type: str
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedImage:
    content_type: str
    width: int
    height: int
    placeholder_color: str
    variants: list[Variant]


def process_image(
    data: bytes, *, max_pixels: int, declared_type: str | None = None
) -> ProcessedImage:
    """Validate and convert an uploaded photo; raises MediaRejected with a human reason."""
    image = _open(data, max_pixels)
    content_type = ACCEPTED[image.format or ""]  # `_open` decodes only these formats
    full_size = image.size  # before a JPEG's draft decodes it smaller
    if declared_type and declared_type != content_type:
        raise MediaRejected(
            _l(
                "This file is a %(actual)s image but was sent as %(declared)s.",
                actual=image.format,
                declared=declared_type,
            )
        )
    if image.format in ("JPEG", "MPO"):
        # Decode at the smallest scale (1/2, 1/4, 1/8) still at least as large as we need.
        image.draft("RGB", _largest_needed(image.size))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise MediaRejected(_l("The image file is damaged or incomplete.")) from None
    except MemoryError:
        raise MediaRejected(_too_many_pixels(max_pixels)) from None
    width, height = _displayed_size(full_size, image)
    # Formats without a draft mode decode whole: shrink at once, so that the copies made below
    # (rotation, colour) are of the small image, not the large one.
    image = _reduced(image)
    image = ImageOps.exif_transpose(image)
    return ProcessedImage(
        content_type=content_type,
        width=width,
        height=height,
        placeholder_color=_placeholder(image),
        variants=variants_from_image(image, prefix="w"),
    )


def variants_from_image(image: Image.Image, *, prefix: str) -> list[Variant]:
    """WebP and JPEG at each width up to the image's own, each made from the next larger one."""
    image = _normalise_mode(image)
    widths = [w for w in WIDTHS if w < image.width] or [image.width]
    if image.width < max(WIDTHS) and image.width not in widths and image.width > widths[-1]:
        widths.append(image.width)
    variants: list[Variant] = []
    source = image
    for width in sorted(widths, reverse=True):
        height = max(1, round(image.height * width / image.width))
        source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        variants.append(_encode(source, f"{prefix}{width}.webp", "WEBP"))
        variants.append(_encode(source, f"{prefix}{width}.jpg", "JPEG"))
    return sorted(variants, key=lambda v: (v.width, v.content_type))


def _open(data: bytes, max_pixels: int) -> Image.Image:
    if not data:
        raise MediaRejected(_l("The file is empty."))
    with warnings.catch_warnings():
        # Pillow only warns between its limit and twice it; we refuse outright.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=DECODERS)
        except UnidentifiedImageError:
            raise MediaRejected(_l("This file is not a JPEG, PNG or WebP image.")) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise MediaRejected(_too_many_pixels(max_pixels)) from None
        except (OSError, SyntaxError, ValueError):
            raise MediaRejected(_l("The image file is damaged or incomplete.")) from None
    width, height = image.size
    if width * height > max_pixels or width < 1 or height < 1:
        raise MediaRejected(_too_many_pixels(max_pixels))
    return image


def _too_many_pixels(max_pixels: int) -> object:
    return _l(
        "The image has more than %(megapixels)d megapixels; please send a smaller one.",
        megapixels=max_pixels // 1_000_000,
    )


def _largest_needed(size: tuple[int, int]) -> tuple[int, int]:
    width, height = size
    target = min(width, max(WIDTHS))
    # EXIF rotation may swap the sides, so ask for enough along both.
    side = max(target, round(height * target / width))
    return (side, side)


def _displayed_size(size: tuple[int, int], image: Image.Image) -> tuple[int, int]:
    """The full-resolution `size` as displayed, after the rotation the loaded image's EXIF asks
    for (read from the decoded image: opening the file again would decode a PNG twice)."""
    width, height = size
    orientation = image.getexif().get(0x0112, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _reduced(image: Image.Image) -> Image.Image:
    """The image shrunk by a whole factor while it stays at least as large as we need: a box
    filter over the decoded pixels, far cheaper than the resampling that follows."""
    needed = max(_largest_needed(image.size))
    factor = min(image.size) // needed if needed else 1
    if factor < 2:
        return image
    if image.mode in ("P", "PA", "1"):  # palettes do not average: expand them first
        image = image.convert(
            "RGBA" if "transparency" in image.info or image.mode == "PA" else "RGB"
        )
    reduced = image.reduce(factor)
    reduced.info = image.info
    return reduced


def _normalise_mode(image: Image.Image) -> Image.Image:
    """RGB (or RGBA) in sRGB, carrying nothing else of the original: the encoders write any
    comment, XMP or profile still in `info`."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    profile = image.info.get("icc_profile")
    converted = image.convert(mode)
    if profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            profiled = ImageCms.profileToProfile(converted, source, _SRGB, outputMode=mode)
            if profiled is not None:
                converted = profiled
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels are shown as they are, as browsers would
    converted.info = {}
    return converted


def _encode(image: Image.Image, name: str, format_: str) -> Variant:
    out = io.BytesIO()
    if format_ == "JPEG":
        if image.mode == "RGBA":
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        content_type = "image/jpeg"
    else:
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
        content_type = "image/webp"
    return Variant(name, out.getvalue(), content_type, image.width, image.height)


def _placeholder(image: Image.Image) -> str:
    pixel = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    red, green, blue = cast(tuple[int, int, int], pixel)  # an RGB image's pixel
    return f"#{red:02x}{green:02x}{blue:02x}"
