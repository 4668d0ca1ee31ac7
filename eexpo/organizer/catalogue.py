"""The catalogue in the organizers' console: each kind's CSV exported, or imported in two steps
(upload and preview what will change, then confirm; the file waits in object storage between the
steps, so any app process can confirm it); and rows edited one at a time, with the same checks."""

from __future__ import annotations

import re
import time
import uuid

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response

from eexpo import audit
from eexpo.access import role_required
from eexpo.catalogue import halls as hall_services
from eexpo.catalogue import services as catalogue_services
from eexpo.catalogue import transfer
from eexpo.catalogue.kinds import COLUMN_LABELS, KIND_TITLES, KINDS
from eexpo.catalogue.rows import Problem
from eexpo.errors import Invalid
from eexpo.extensions import csrf, db
from eexpo.models import Hall, Role
from eexpo.organizer import bp
from eexpo.organizer.forms import ConfirmImportForm, HallForm, ImportForm, RowForm
from eexpo.storage import StorageError, get_storage

# "<unix time>-<random>": `media cleanup` sweeps previews never confirmed by their age.
_TOKEN = re.compile(r"^\d{1,12}-[0-9a-f]{32}$")


def _kind(kind: str) -> str:
    if kind not in KINDS:
        abort(404)
    return kind


def _waiting(token: str) -> str:
    return f"imports/{token}.csv"


def _page(form: ImportForm | None = None, **context: object) -> str:
    return render_template(
        "organizer/catalogue.html", kinds=list(KINDS), kind_titles=KIND_TITLES,
        form=form or ImportForm(formdata=None),
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
    token = f"{int(time.time())}-{uuid.uuid4().hex}"
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
    form = ConfirmImportForm()
    if not _TOKEN.match(token) or not form.validate():
        abort(400)
    storage = get_storage()
    try:
        data = storage.read(_waiting(token))
    except StorageError:
        flash(_("That upload is no longer waiting; upload the file again."), "error")
        return redirect(url_for("organizer.catalogue"))
    try:
        counts = transfer.apply(transfer.plan_import(kind, data), prune=form.prune.data)
    except transfer.ImportRefused as refused:
        db.session.rollback()
        return _page(chosen=kind, refused=refused), 422
    audit.record(
        current_user, "catalogue.import", "catalogue", None, kind=kind, new=counts[transfer.NEW],
        changed=counts[transfer.CHANGED], unchanged=counts[transfer.UNCHANGED],
        deleted=counts[transfer.DELETED],
    )  # fmt: skip
    db.session.commit()
    storage.delete([_waiting(token)])
    flash(
        _("%(kind)s imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged, "
          "%(deleted)d deleted.", kind=kind, **counts),
        "success",
    )  # fmt: skip
    return redirect(url_for("organizer.catalogue"))


# --- one row at a time: the same checks as an import -------------------------------------------


@bp.get("/catalogue/<kind>/rows")
@role_required(Role.ORGANIZER)
def catalogue_rows(kind: str) -> str:
    spec = KINDS[_kind(kind)]
    return render_template(
        "organizer/catalogue_rows.html",
        kind=kind,
        spec=spec,
        labels=COLUMN_LABELS,
        rows=list(spec.existing().items()),
    )


@bp.route("/catalogue/<kind>/row", methods=["GET", "POST"])
@bp.route("/catalogue/<kind>/rows/<int:row_id>", methods=["GET", "POST"])
@role_required(Role.ORGANIZER)
def catalogue_row(kind: str, row_id: int | None = None) -> Response | tuple[str, int]:
    """Add a row of a kind, or edit the one with `row_id` (its key too: a rename)."""
    spec = KINDS[_kind(kind)]
    existing = spec.existing()
    if spec.single:
        current = existing.get(())
    else:
        current = next((r for r in existing.values() if r["id"] == str(row_id)), None)
        if row_id is not None and current is None:
            abort(404)
    form = RowForm()
    if form.is_submitted():
        values = {column: (request.form.get(column) or "").strip() for column in spec.columns}
    else:
        values = dict(current or {})

    def page(problems: list[str], status: int) -> tuple[str, int]:
        return render_template(
            "organizer/catalogue_row.html", kind=kind, spec=spec, row_id=row_id, values=values,
            form=form, problems=problems, labels=COLUMN_LABELS, current=current,
        ), status  # fmt: skip

    if not form.is_submitted():
        return page([], 200)
    if not form.validate():
        raise CSRFError()
    try:
        row = spec.parse(values, spec.context())
        if not spec.single:
            row["id"] = str(row_id or "")
            holder = existing.get(spec.key_of(row))
            if holder is not None and holder["id"] != row["id"]:
                raise Problem([_("Another row has this key already: edit that one instead.")])
        problems = [message for _line, message in spec.check_together([row], [1])]
        if problems:
            raise Problem(problems)
    except Problem as problem:
        return page(problem.messages, 422)
    spec.write([row])
    audit.record(current_user, "catalogue.edit", "catalogue", row_id, kind=kind,
                 key=" · ".join(spec.key_of(row)))  # fmt: skip
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("organizer.catalogue_rows", kind=kind))


@bp.post("/catalogue/<kind>/rows/<int:row_id>/delete")
@role_required(Role.ORGANIZER)
def catalogue_delete(kind: str, row_id: int) -> Response | tuple[str, int]:
    spec = KINDS[_kind(kind)]
    try:
        spec.delete(row_id)
    except Problem as problem:
        db.session.rollback()
        flash(" ".join(problem.messages), "error")
        return redirect(url_for("organizer.catalogue_rows", kind=kind))
    audit.record(current_user, "catalogue.delete", "catalogue", row_id, kind=kind)
    db.session.commit()
    flash(_("Deleted."), "success")
    return redirect(url_for("organizer.catalogue_rows", kind=kind))


# --- halls: order, floor plans, stands on the plan ------------------------------------------------


@bp.get("/halls")
@role_required(Role.ORGANIZER)
def halls() -> str:
    return render_template("organizer/halls.html", halls=catalogue_services.halls())


def _hall(hall_id: int) -> Hall:
    hall = db.session.get(Hall, hall_id)
    if hall is None:
        abort(404)
    return hall


@bp.route("/halls/<int:hall_id>", methods=["GET", "POST"])
@csrf.exempt  # checked by the form, once the body limit is raised for the plan's image
@role_required(Role.ORGANIZER)
def hall(hall_id: int) -> Response | tuple[str, int]:
    hall = _hall(hall_id)
    if request.method == "POST":
        request.max_content_length = current_app.config["MAX_IMAGE_BYTES"] + 1024 * 1024
    form = HallForm(obj=hall)

    def page(status: int = 200, problem: str | None = None) -> tuple[str, int]:
        return render_template(
            "organizer/hall.html", hall=hall, form=form, problem=problem, values=request.form,
            plan_of=catalogue_services.floor_plan,
        ), status  # fmt: skip

    if request.method == "GET":
        return page()
    if not form.validate():
        if form.csrf_token.errors:
            raise CSRFError()
        return page(422)
    upload = form.plan.data
    try:
        boxes = hall_services.placements(hall, request.form.to_dict())
        if upload and upload.filename:
            hall_services.attach_plan(hall, upload.read(), filename=upload.filename,
                                      content_type=upload.mimetype)  # fmt: skip
    except Invalid as error:
        db.session.rollback()
        return page(422, error.message)
    hall_services.save(hall, name_zh=form.name_zh.data or "", position=form.position.data or 0,
                       boxes=boxes)  # fmt: skip
    audit.record(current_user, "catalogue.hall", "hall", hall.id, name=hall.name)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("organizer.hall", hall_id=hall.id))
