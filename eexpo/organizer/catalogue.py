"""The catalogue in the organizers' console: each kind's CSV exported, or imported in two steps
(upload and preview what will change, then confirm). The uploaded file waits in object storage
between the steps, so any app process can confirm it."""

from __future__ import annotations

import re
import uuid

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response

from eexpo import audit
from eexpo.access import role_required
from eexpo.catalogue import transfer
from eexpo.catalogue.kinds import KINDS
from eexpo.extensions import csrf, db
from eexpo.models import Role
from eexpo.organizer import bp
from eexpo.organizer.forms import ConfirmImportForm, ImportForm
from eexpo.storage import StorageError, get_storage

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        abort(404)
    return kind


def _waiting(token: str) -> str:
    return f"imports/{token}.csv"


def _page(form: ImportForm | None = None, **context: object) -> str:
    return render_template(
        "organizer/catalogue.html", kinds=list(KINDS), form=form or ImportForm(formdata=None),
        counts={kind: len(KINDS[kind].existing()) for kind in KINDS}, **context,
    )  # fmt: skip


@bp.get("/catalogue")
@role_required(Role.ORGANIZER)
def catalogue() -> str:
    return _page()


@bp.get("/catalogue/<kind>.csv")
@role_required(Role.ORGANIZER)
def catalogue_export(kind: str) -> Response:
    response = Response(transfer.export_csv(_kind(kind)), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response


@bp.post("/catalogue/<kind>/import")
@csrf.exempt  # checked by the form, once the body limit is raised (the global check reads it first)
@role_required(Role.ORGANIZER)
def catalogue_preview(kind: str) -> tuple[str, int]:
    """Check the uploaded file and show what it would change; nothing is written yet."""
    _kind(kind)
    limit = current_app.config["MAX_CSV_BYTES"]
    request.max_content_length = limit + 64 * 1024
    form = ImportForm()
    if not form.validate():
        if form.csrf_token.errors:
            raise CSRFError()
        return _page(form=form, chosen=kind), 422
    data = form.file.data.read(limit + 1)
    try:
        plan = transfer.plan_import(kind, data)
    except transfer.ImportRefused as refused:
        return _page(chosen=kind, refused=refused), 422
    token = uuid.uuid4().hex
    get_storage().put(_waiting(token), data, content_type="text/csv", immutable=False)
    return render_template(
        "organizer/catalogue_preview.html", kind=kind, plan=plan, token=token,
        filename=form.file.data.filename, form=ConfirmImportForm(),
    ), 200  # fmt: skip


@bp.post("/catalogue/<kind>/import/<token>")
@role_required(Role.ORGANIZER)
def catalogue_confirm(kind: str, token: str) -> Response | tuple[str, int]:
    """Import the previewed file, checked again: the catalogue may have changed meanwhile."""
    _kind(kind)
    if not _TOKEN.match(token) or not ConfirmImportForm().validate():
        abort(400)
    storage = get_storage()
    try:
        data = storage.read(_waiting(token))
    except StorageError:
        flash(_("That upload is no longer waiting; upload the file again."), "error")
        return redirect(url_for("organizer.catalogue"))
    try:
        counts = transfer.apply(transfer.plan_import(kind, data))
    except transfer.ImportRefused as refused:
        db.session.rollback()
        return _page(chosen=kind, refused=refused), 422
    audit.record(current_user, "catalogue.import", "catalogue", None, kind=kind, **counts)
    db.session.commit()
    storage.delete([_waiting(token)])
    flash(
        _("%(kind)s imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.",
          kind=kind, **counts),
        "success",
    )  # fmt: skip
    return redirect(url_for("organizer.catalogue"))
