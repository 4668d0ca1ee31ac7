"""HLS playlists of videos: the master playlist of the renditions made so far, and each
rendition's media playlist with its file's URL signed (a relative name would lose the
signature a presigned or local link carries). Published videos' playlists are anyone's;
others', their owners' and the organizers'."""

from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, Response, url_for
from flask_login import current_user

from eexpo import permissions
from eexpo.access import public
from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.media import renditions, transcode
from eexpo.media.services import is_published
from eexpo.media.shown import url_maker
from eexpo.models import MediaItem, MediaKind
from eexpo.storage import StorageError, StorageUnavailable, get_storage

bp = Blueprint("videos", __name__)


@lru_cache(maxsize=1024)
def _stored_playlist(key: str) -> str:
    """A rendition's media playlist as stored: written once under its own key, never changed."""
    try:
        return get_storage().read(key).decode()
    except StorageUnavailable:
        raise
    except StorageError:
        raise NotFound() from None


@bp.get("/videos/<int:media_id>/<name>.m3u8")
@public
def playlist(media_id: int, name: str) -> Response:
    item = db.session.get(MediaItem, media_id)
    if item is None or item.kind != MediaKind.VIDEO:
        raise NotFound()
    published = is_published(item)
    if not permissions.can_view_media(current_user, item, published=published):
        raise NotFound()
    made = renditions.rendition_entries(item)
    if name == "master":
        text = transcode.master_playlist(
            made, lambda rendition: url_for("videos.playlist", media_id=item.id, name=rendition)
        )
    else:
        entry = next((r for r in made if r["name"] == name), None)
        listed = item.variants.get(f"{name}.m3u8")
        if entry is None or listed is None:
            raise NotFound()
        url = url_maker(public=published)(entry["key"])
        text = transcode.media_playlist(_stored_playlist(listed["key"]), f"{name}.m4s", url)
    response = Response(text, mimetype=transcode.PLAYLIST_TYPE)
    response.headers["Cache-Control"] = "public, max-age=300" if published else "private, no-store"
    return response
