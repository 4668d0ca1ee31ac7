"""API handlers for booth media: the upload protocol of /booths/{id}/media and /media/{id}."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo import limits, permissions
from eexpo.access import public, role_required
from eexpo.api import bp
from eexpo.api.views import json_body
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db
from eexpo.media import services as media
from eexpo.media.shown import media_json
from eexpo.models import Booth, MediaItem, Role


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise Invalid(_("'%(name)s' is required.", name=name), fields={name: "required"})
    return value


@bp.post("/booths/<int:booth_id>/media")
@limits.uploads
@role_required(Role.EXHIBITOR)
def start_media_upload(booth_id: int) -> tuple[Response, int]:
    booth = db.session.get(Booth, booth_id)
    if booth is None:
        raise NotFound()
    return _start(booth)


def _start(booth: Booth | None) -> tuple[Response, int]:
    data = json_body()
    item, upload = media.start_upload(
        booth,
        kind=_text(data, "kind"),
        filename=_text(data, "filename"),
        content_type=_text(data, "content_type"),
        size=data.get("size"),
        actor=current_user,
    )
    db.session.commit()
    return jsonify(media=media_json(item, public=False), upload=upload), 201


@bp.post("/media")
@limits.uploads
@role_required(Role.EXHIBITOR)
def start_own_media_upload() -> tuple[Response, int]:
    """An upload for the caller's organization itself (its logo), not for a booth."""
    return _start(None)


@bp.post("/media/<int:media_id>/parts")
@role_required(Role.EXHIBITOR)
def sign_media_parts(media_id: int) -> Response:
    item = media.get_own_media(media_id, current_user)
    urls = media.part_urls(item, json_body().get("part_numbers"))
    return jsonify(parts=[{"part_number": n, "url": url} for n, url in urls.items()])


@bp.get("/media/<int:media_id>/parts")
@role_required(Role.EXHIBITOR)
def list_media_parts(media_id: int) -> Response:
    item = media.get_own_media(media_id, current_user)
    return jsonify(
        parts=[
            {"part_number": p.part_number, "etag": p.etag, "size": p.size}
            for p in media.stored_parts(item)
        ]
    )


@bp.post("/media/<int:media_id>/complete")
@role_required(Role.EXHIBITOR)
def complete_media_upload(media_id: int) -> tuple[Response, int]:
    item = media.get_own_media(media_id, current_user)
    parts = json_body().get("parts") if request.get_data(cache=True) else None
    media.complete_upload(item, parts)
    db.session.commit()
    return jsonify(media=media_json(item, public=False)), 202


@bp.get("/media/<int:media_id>")
@public
def get_media(media_id: int) -> Response:
    item = db.session.get(MediaItem, media_id)
    if item is None:
        raise NotFound()
    published = media.is_published(item)
    if not permissions.can_view_media(current_user, item, published=published):
        raise NotFound()
    return jsonify(media_json(item, public=published))


@bp.delete("/media/<int:media_id>")
@role_required(Role.EXHIBITOR)
def delete_media(media_id: int) -> tuple[str, int]:
    media.delete_media(media.get_own_media(media_id, current_user))
    db.session.commit()
    return "", 204
