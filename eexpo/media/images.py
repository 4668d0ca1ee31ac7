"""Photos: decode with Pillow under limits, then write clean responsive variants. Pure: bytes in,
bytes and facts out. Nothing of the original (EXIF, GPS, comments) survives into a variant."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

# The decoders we allow, and the type each proves a file to be.
ACCEPTED = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
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
    content_type = ACCEPTED[image.format]
    if declared_type and declared_type != content_type:
        raise MediaRejected(
            _l(
                "This file is a %(actual)s image but was sent as %(declared)s.",
                actual=image.format,
                declared=declared_type,
            )
        )
    if image.format == "JPEG":
        # Decode at the smallest scale (1/2, 1/4, 1/8) still at least as large as we need.
        image.draft("RGB", _largest_needed(image.size))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise MediaRejected(_l("The image file is damaged or incomplete.")) from None
    image = ImageOps.exif_transpose(image)
    width, height = _true_size(data, image)
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
            image = Image.open(io.BytesIO(data), formats=list(ACCEPTED))
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


def _true_size(data: bytes, image: Image.Image) -> tuple[int, int]:
    """Width and height as displayed (after rotation), at full resolution, not the draft's."""
    with Image.open(io.BytesIO(data)) as header:
        width, height = header.size
        orientation = header.getexif().get(0x0112, 1)
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _normalise_mode(image: Image.Image) -> Image.Image:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    return image.convert("RGBA" if has_alpha else "RGB")


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
    red, green, blue = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return f"#{red:02x}{green:02x}{blue:02x}"
