"""API handlers for booth media: the upload protocol of /booths/{id}/media and /media/{id}."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo import limits, permissions
from eexpo.access import public, role_required
from eexpo.api import bp
from eexpo.api.schemas.common import Media
from eexpo.api.schemas.media import (
    CaptionsFile,
    Completion,
    PartsWanted,
    Processing,
    SignedPart,
    SignedParts,
    Started,
    StoredPart,
    StoredParts,
    UploadRequest,
)
from eexpo.api.spec import ANYONE, answers, api
from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.media import captions
from eexpo.media import services as media
from eexpo.media.shown import media_json
from eexpo.models import Booth, MediaItem, MediaKind, Role

# What every operation on one of the caller's media items may answer besides its outcome.
_OWN_ITEM = {
    "HTTP_403": "Not an exhibitor",
    "HTTP_404": "No such media item of the caller's organization",
    "HTTP_503": "The media storage cannot be reached",
}
_STARTED = (Started, "The media item and how to upload its bytes")
_START_REFUSED = {
    "HTTP_403": "Not an exhibitor",
    "HTTP_422": "A missing or invalid field, or a size over the limit",
    "HTTP_429": "Too many uploads started, or too many bytes, in a while",
    "HTTP_503": "The media storage cannot be reached",
}


@bp.post("/booths/<int:booth_id>/media")
@limits.uploads
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True, HTTP_201=_STARTED, HTTP_404="No such booth of the caller's organization",
        **_START_REFUSED,
    )
)  # fmt: skip
def start_media_upload(booth_id: int, json: UploadRequest) -> tuple[Response, int]:
    """Start uploading a photo or video for one of the caller's booths"""
    booth = db.session.get(Booth, booth_id)
    if booth is None:
        raise NotFound()
    return _start(booth, json)


def _start(booth: Booth | None, request: UploadRequest) -> tuple[Response, int]:
    wanted = request.root
    item, upload = media.start_upload(
        booth,
        kind=MediaKind(wanted.kind),
        filename=wanted.filename,
        content_type=wanted.content_type,
        size=wanted.size,
        actor=current_user,
    )
    db.session.commit()
    return jsonify(media=media_json(item, public=False), upload=upload), 201


@bp.post("/media")
@limits.uploads
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True, HTTP_201=_STARTED, HTTP_404="The caller's organization is not approved",
        **_START_REFUSED,
    )
)  # fmt: skip
def start_own_media_upload(json: UploadRequest) -> tuple[Response, int]:
    """Start uploading a file of the caller's organization itself (its logo), not for a booth"""
    return _start(None, json)


@bp.post("/media/<int:media_id>/parts")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True,
        HTTP_200=(SignedParts, "One presigned URL per part, to PUT it to"),
        HTTP_409="The item does not take parts, or its upload is no longer open",
        **_OWN_ITEM,
    )
)
def sign_media_parts(media_id: int, json: PartsWanted) -> SignedParts:
    """Presigned URLs to PUT parts of a multipart upload to"""
    item = media.get_own_media(media_id, current_user)
    urls = media.part_urls(item, json.part_numbers)
    return SignedParts(parts=[SignedPart(part_number=n, url=url) for n, url in urls.items()])


@bp.get("/media/<int:media_id>/parts")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=False,
        HTTP_200=(StoredParts, "The parts stored so far, with their ETags"),
        HTTP_409="The item takes no parts, or its upload is complete",
        **_OWN_ITEM,
    )
)
def list_media_parts(media_id: int) -> StoredParts:
    """The parts stored so far (to resume an interrupted upload)"""
    item = media.get_own_media(media_id, current_user)
    return StoredParts(
        parts=[
            StoredPart(part_number=p.part_number, etag=p.etag, size=p.size)
            for p in media.stored_parts(item)
        ]
    )


@bp.post("/media/<int:media_id>/complete")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True,
        HTTP_202=(Processing, "Processing started"),
        HTTP_409="Nothing uploaded yet, parts missing, or already completed",
        HTTP_413="Larger than declared or than the limit",
        HTTP_422="An empty file, or parts not as listed",
        **_OWN_ITEM,
    )
)
def complete_media_upload(media_id: int, json: Completion) -> tuple[Response, int]:
    """Finish the upload; processing starts"""
    item = media.get_own_media(media_id, current_user)
    parts = None if json.parts is None else [p.model_dump() for p in json.parts]
    media.complete_upload(item, parts)
    db.session.commit()
    return jsonify(media=media_json(item, public=False)), 202


@bp.get("/media/<int:media_id>")
@public
@api.validate(
    security=ANYONE,
    resp=answers(
        HTTP_200=(Media, "The media item: its state, and its URLs once ready"),
        HTTP_404="No such item the caller may see",
    ),
)
def get_media(media_id: int) -> Response:
    """A media item: its state, and its URLs once ready"""
    item = db.session.get(MediaItem, media_id)
    if item is None:
        raise NotFound()
    published = media.is_published(item)
    if not permissions.can_view_media(current_user, item, published=published):
        raise NotFound()
    return jsonify(media_json(item, public=published))


@bp.delete("/media/<int:media_id>")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=False,
        HTTP_204=(None, "Deleted, with its stored objects"),
        HTTP_409="A booth still shows it",
        **_OWN_ITEM,
    )
)
def delete_media(media_id: int) -> tuple[str, int]:
    """Delete a media item and its stored objects"""
    media.delete_media(media.get_own_media(media_id, current_user))
    db.session.commit()
    return "", 204


@bp.put("/media/<int:media_id>/captions/<any(en, zh):language>")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        body=True,
        HTTP_200=(Media, "The video with its captions"),
        HTTP_409="The video is not processed yet",
        HTTP_422="Not WebVTT or SRT, a broken timestamp, a cue past the video's end, markup "
        "beyond WebVTT's, or more than 1 MB",
        **_OWN_ITEM,
    )
)
def put_captions(media_id: int, language: str, json: CaptionsFile) -> Response:
    """Set a video's captions in one language, from a WebVTT or SRT file's text"""
    item = captions.put_captions(
        db.session.get(MediaItem, media_id), language, json.captions.encode(), actor=current_user
    )
    db.session.commit()
    return jsonify(media_json(item, public=False))


@bp.delete("/media/<int:media_id>/captions/<any(en, zh):language>")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(body=False, HTTP_200=(Media, "The video without those captions"), **_OWN_ITEM)
)
def delete_captions(media_id: int, language: str) -> Response:
    """Remove a video's captions in one language"""
    item = captions.delete_captions(
        db.session.get(MediaItem, media_id), language, actor=current_user
    )
    db.session.commit()
    return jsonify(media_json(item, public=False))
