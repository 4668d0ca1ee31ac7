"""Bodies of the upload protocol: start, sign parts, list them, complete."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from flask_babel import gettext as _
from pydantic import BeforeValidator, Field, RootModel
from pydantic_core import PydanticCustomError

from eexpo.api.schemas.common import JSON_INTEGER, Answer, Body, Media, text
from eexpo.media.services import MAX_PARTS, MAX_PARTS_PER_REQUEST

PartNumber = Annotated[int, Field(ge=1, le=MAX_PARTS), JSON_INTEGER]


# The name on the uploader's disk, kept only as harmless metadata (`media.clean_filename`).
Filename = Annotated[str, Field(max_length=1000)]


def _size(setting: str) -> Any:
    # `maximum` is the app's setting, filled in when the document is served (spec.document).
    return Field(ge=1, json_schema_extra={"x-maximum-setting": setting})


ImageType = Literal["image/jpeg", "image/png", "image/webp"]
VideoType = Literal["video/mp4", "video/x-m4v", "video/quicktime", "video/webm", "video/x-matroska"]
DocumentType = Literal["application/pdf"]


def _accepted_type(value: Any) -> Any:
    """Say which types are taken, in words, rather than list the literals."""
    if value not in get_args(ImageType) + get_args(VideoType) + get_args(DocumentType):
        raise PydanticCustomError(
            "refused",
            _("Photos must be JPEG, PNG or WebP files; videos MP4, MOV, WebM or MKV files; "
              "documents PDF files."),
        )  # fmt: skip
    return value


class ImageUpload(Body):
    kind: Literal["image"]
    filename: Filename
    content_type: Annotated[ImageType, BeforeValidator(_accepted_type)]
    size: Annotated[int, _size("MAX_IMAGE_BYTES"), JSON_INTEGER]


class VideoUpload(Body):
    kind: Literal["video"]
    filename: Filename
    content_type: Annotated[VideoType, BeforeValidator(_accepted_type)]
    size: Annotated[int, _size("MAX_VIDEO_BYTES"), JSON_INTEGER]


class DocumentUpload(Body):
    kind: Literal["document"]
    filename: Filename
    content_type: Annotated[DocumentType, BeforeValidator(_accepted_type)]
    size: Annotated[int, _size("MAX_DOCUMENT_BYTES"), JSON_INTEGER]


class UploadRequest(
    RootModel[Annotated[ImageUpload | VideoUpload | DocumentUpload, Field(discriminator="kind")]]
):
    """A file to upload: its kind, name, type and size in bytes."""


class FormUpload(Answer):
    """A form POST: send `fields`, then the file as the field `file`."""

    method: Literal["POST"]
    url: str
    fields: dict[str, str]


class PartsUpload(Answer):
    """Parts of `part_size` bytes: sign them, PUT each, then complete."""

    method: Literal["multipart"]
    part_size: int
    part_count: int


class Started(Answer):
    media: Media
    upload: FormUpload | PartsUpload


class PartsWanted(Body):
    part_numbers: Annotated[list[PartNumber], Field(min_length=1, max_length=MAX_PARTS_PER_REQUEST)]


class SignedPart(Answer):
    part_number: int
    url: str


class SignedParts(Answer):
    parts: list[SignedPart]


class StoredPart(Answer):
    part_number: int
    etag: str
    size: int


class StoredParts(Answer):
    parts: list[StoredPart]


class UploadedPart(Body):
    part_number: PartNumber
    etag: Annotated[str, text(200)]


class Completion(Body):
    """Without `parts`, the parts the store holds are used."""

    parts: Annotated[list[UploadedPart], Field(min_length=1, max_length=MAX_PARTS)] | None = None


class Processing(Answer):
    media: Media


class CaptionsFile(Body):
    captions: str = Field(
        description="the text of a WebVTT or SRT file (UTF-8), at most 1 MB; kept as WebVTT"
    )
