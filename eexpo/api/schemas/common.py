"""Bases, text types and the bodies several areas share: errors, media, booth cards."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from eexpo.inputs import MAX_INT

# Python's `str.strip()` whitespace, minus the control characters no text we keep may hold.
_SPACE = r"\t\n\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd"


def text(max_length: int, *, required: bool = True) -> StringConstraints:
    """For `Annotated[str, text(n)]`: at most `n` characters without control characters;
    `required`, more than whitespace (what the services keep is stripped)."""
    if required:
        pattern = f"^[{_SPACE}]*[^{_SPACE}{_CONTROL}][^{_CONTROL}]*$"
    else:
        pattern = f"^[^{_CONTROL}]*$"
    return StringConstraints(max_length=max_length, pattern=pattern)


def _json_integer(value: Any) -> Any:
    # JSON Schema's integer is a number without a fraction: 5.0 is one, "5" and true are not.
    return int(value) if isinstance(value, float) and value.is_integer() else value


# After an integer's bounds (`Annotated[int, Field(ge=…, le=…), JSON_INTEGER]`: bound every
# one, since a JSON number may have any number of digits).
JSON_INTEGER = BeforeValidator(_json_integer)
Id = Annotated[int, Field(ge=1, le=MAX_INT), JSON_INTEGER]
# A query parameter that, when given, is not empty.
Slug = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=f"^[^{_CONTROL}]*$")]
# A sector's slug; the document lists the expo's sectors (`spec.document`).
SectorSlug = Annotated[
    str, Field(min_length=1, max_length=100, json_schema_extra={"x-enum-of": "sectors"})
]


def not_given() -> Any:
    """The default of a field a caller may leave out to leave it as it is: never read (the
    view takes only the fields set), so the document shows none (`spec.document`)."""
    return Field(default=None, json_schema_extra={"x-not-given": True})


class Body(BaseModel):
    """A request body: JSON types exactly as the document states them (no "5" for 5), and no
    field the document does not name."""

    model_config = ConfigDict(strict=True, extra="forbid")


class Query(BaseModel):
    """Query parameters: text, read as the fields' types."""


class Answer(BaseModel):
    """A response body: the document lists every field, so nothing else may appear."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Answer):
    code: str = Field(description="stable, for programs: not_found, invalid, conflict, …")
    message: str = Field(description="for people, in the caller's language")
    fields: dict[str, str] = Field(
        default_factory=dict, description="the fields at fault and what is wrong with them"
    )
    request_id: str | None = Field(default=None, description="the id the server's logs share")


class ErrorBody(Answer):
    error: ErrorDetail


class Variant(Answer):
    name: str
    url: str
    width: int
    height: int
    content_type: str


class Rendition(Answer):
    width: int
    height: int
    bitrate: int = Field(description="bits per second, picture and sound")
    url: str = Field(description="an H.264/AAC MP4 (fragmented, as HLS plays it by ranges)")


class CaptionTrack(Answer):
    language: Literal["en", "zh"]
    url: str = Field(description="WebVTT")


class Media(Answer):
    id: int
    kind: Literal["image", "video", "document"]
    status: Literal["uploading", "processing", "ready", "failed"]
    error: str | None = Field(description="why a failed item was refused")
    filename: str | None
    width: int | None
    height: int | None
    duration_seconds: float | None
    page_count: int | None = Field(description="a document's pages")
    size: int | None = Field(description="bytes, once uploaded")
    placeholder_color: str | None
    url: str | None = Field(
        description="once ready: the largest WebP, the video, or the PDF to download"
    )
    variants: list[Variant] = Field(description="pictures: a photo, a video's poster frame, "
                                    "a document's first page")  # fmt: skip
    poster_url: str | None = Field(description="a video's poster, a document's first page")
    progress: float | None = Field(
        description="while a video's renditions are made, how far (0 to 1); the item is "
        "ready, and plays, once the first is"
    )
    renditions: list[Rendition] = Field(description="a video's, smallest first")
    stream_url: str | None = Field(
        description="a video's HLS master playlist (application/vnd.apple.mpegurl)"
    )
    captions: list[CaptionTrack] = Field(description="a video's captions, by language")


class Exhibitor(Answer):
    name: str
    name_zh: str | None
    country: str | None
    region: str | None
    delegation: str | None


class Card(Answer):
    id: int
    title: str
    summary: str
    exhibitor: Exhibitor
    stand: str | None = Field(description="hall and stand code")
    has_video: bool
    image: str | None = Field(description="the cover's smallest JPEG")
    snippet_html: str | None = Field(
        description="search only: escaped text with the matches in <mark>"
    )


class Cards(Answer):
    items: list[Card]
