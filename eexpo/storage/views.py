"""The local store's signed endpoints: form upload, multipart parts, ranged downloads."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, request, send_file

from eexpo.access import public
from eexpo.errors import DomainError, Forbidden
from eexpo.extensions import csrf
from eexpo.storage import StorageError, attachment, get_storage
from eexpo.storage.local import LocalStorage

bp = Blueprint("media_files", __name__)
csrf.exempt(bp)

# A form upload carries a few small fields besides the file.
_FORM_OVERHEAD = 64 * 1024


class TooLarge(DomainError):
    status = 413
    code = "too_large"


def _local() -> LocalStorage:
    storage = get_storage()
    if not isinstance(storage, LocalStorage):
        abort(404)
    return storage


def _refused(error: StorageError) -> Forbidden:
    return Forbidden(f"This media link cannot be used: {error}.")


def _verify(storage: LocalStorage, token: str | None) -> dict:
    try:
        return storage.verify(token or "")
    except StorageError as error:
        raise _refused(error) from None


@bp.post("/upload")
@public
def upload() -> tuple[str, int]:
    """Like S3's presigned POST: the signed policy fixes the key, the type and the size limit."""
    storage = _local()
    # The policy rides in the URL, so the limit is set before the body is read.
    policy = _verify(storage, request.args.get("policy"))
    request.max_content_length = policy["max"] + _FORM_OVERHEAD
    if request.form.get("key") != policy["k"] or request.form.get("Content-Type") != policy["ct"]:
        raise Forbidden("The upload does not match its policy.")
    file = request.files.get("file")
    if file is None:
        raise DomainError("The form has no file field.")
    try:
        size = storage.store_upload(policy["k"], file.stream, policy["max"], policy["ct"])
    except StorageError as error:
        raise TooLarge(f"The file is larger than allowed ({policy['max']} bytes).") from error
    if size == 0:
        storage.delete([policy["k"]])
        raise DomainError("The file is empty.")
    return "", 204


@bp.put("/parts/<upload_id>/<int:part_number>")
@public
def upload_part(upload_id: str, part_number: int) -> Response:
    storage = _local()
    grant = _verify(storage, request.args.get("t"))
    if grant.get("u") != upload_id or grant.get("n") != part_number:
        raise Forbidden("This part link belongs to another upload.")
    limit = current_app.config["MAX_PART_BYTES"]
    request.max_content_length = limit
    try:
        etag = storage.store_part(upload_id, part_number, request.stream, limit)
    except StorageError as error:
        raise TooLarge(str(error)) from error
    response = Response(status=200)
    response.headers["ETag"] = etag
    return response


@bp.get("/<path:key>")
@public
def download(key: str) -> Response:
    storage = _local()
    try:
        public = storage.check_link(key, request.args.get("t", ""))
    except StorageError as error:
        raise _refused(error) from None
    try:
        path = storage.path(key)
    except StorageError:
        abort(404)
    if not path.is_file():
        abort(404)
    immutable = public and not key.endswith("/original")
    content_type, download_name = storage.content_type(key), storage.download_name(key)
    accel = current_app.config["LOCAL_ACCEL_REDIRECT"]
    if accel:  # nginx sends the file (ranges, validators); the app only said it may
        response = Response(mimetype=content_type)
        response.headers["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(key)
    else:
        response = send_file(path, mimetype=content_type, conditional=True, etag=True, max_age=None)
        response.headers["Accept-Ranges"] = "bytes"
    if download_name:  # a document: saved, never shown from the site's own origin
        response.headers["Content-Disposition"] = attachment(download_name)
        response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["Cache-Control"] = (
        "public, max-age=31536000, immutable" if immutable else "private, max-age=300"
    )
    return response
