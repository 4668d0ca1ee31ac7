"""The exhibitor's booth pages: create, edit (with the conflict view), preview, submit."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound
from werkzeug.wrappers import Response

from eexpo.access import role_required
from eexpo.booths import drafts
from eexpo.booths import services as booths
from eexpo.csvfiles import to_csv
from eexpo.errors import DomainError
from eexpo.extensions import db
from eexpo.forms import run_form_action
from eexpo.i18n import current_locale_code
from eexpo.media.shown import media_json
from eexpo.models import Booth, MediaItem, Role, Sector
from eexpo.portal import bp, services
from eexpo.portal.forms import EditorForm, NewBoothForm
from eexpo.portal.services import changes_from_form
from eexpo.visit.booth_page import page_for


def _sectors() -> list[Sector]:
    return list(db.session.scalars(sa.select(Sector).order_by(Sector.position, Sector.name)))


@bp.route("/booths/new", methods=["GET", "POST"])
@role_required(Role.EXHIBITOR)
def new_booth() -> ResponseReturnValue:
    form = NewBoothForm()
    form.set_sectors(_sectors(), current_locale_code())
    status = 200
    if form.validate_on_submit():
        booth, status = run_form_action(
            form,
            lambda: booths.create_booth(
                current_user.exhibitor,
                title=form.title.data,
                summary=form.summary.data or "",
                sector=booths.find_sector(form.sector.data),
                actor=current_user,
            ),
        )
        if booth is not None:
            flash(_("Your booth was created. Add text, photos and videos."), "success")
            return redirect(url_for("portal.edit_booth", booth_id=booth.id))
    elif form.is_submitted():
        status = 422
    return render_template("portal/booth_new.html", form=form), status


def _editor(
    booth: Booth, data: dict[str, Any], *, conflict: dict | None = None, status: int = 200,
    focus: str | None = None,
):  # fmt: skip
    """Render the editor from `data` (the saved draft, or the user's own unsaved input)."""
    form = EditorForm(formdata=None, data=data)
    form.set_sectors(_sectors(), current_locale_code())
    media_ids = [b["media_id"] for b in data["blocks"] if b.get("media_id")]
    if conflict:
        media_ids += [b["media_id"] for b in conflict["theirs"]["blocks"] if b.get("media_id")]
    media = {
        item.id: media_json(item, public=False)
        for item in db.session.scalars(
            sa.select(MediaItem).where(
                MediaItem.id.in_(media_ids), MediaItem.exhibitor_id == booth.exhibitor_id
            )
        )
    }
    return render_template(
        "portal/editor.html",
        booth=booth,
        form=form,
        blocks=data["blocks"],
        exhibits=data.get("exhibits", []),
        library=services.library(booth.exhibitor_id),
        sectors=_sectors(),
        media=media,
        conflict=conflict,
        has_draft=data.get("has_draft", True),
        focus=focus,
        renew_media=True,
    ), status


@bp.get("/booths/<int:booth_id>")
@role_required(Role.EXHIBITOR)
def edit_booth(booth_id: int) -> tuple[str, int]:
    booth = drafts.get_booth_for(current_user, booth_id, edit=True)
    return _editor(booth, drafts.draft_json(booth))


@bp.post("/booths/<int:booth_id>")
@role_required(Role.EXHIBITOR)
def save_booth(booth_id: int) -> Response | tuple[str, int]:
    booth = drafts.get_booth_for(current_user, booth_id, edit=True)
    form = EditorForm()
    changes, action = changes_from_form(request.form)
    mine = {**changes, "version": form.version.data}
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return _editor(booth, mine, status=422)
    if action == "add-exhibit":  # saved once it has a name, with the rest of the form
        return _editor(booth, mine, focus=f"exhibit-{len(changes['exhibits']) - 1}")
    try:
        version = int(form.version.data or "")
    except ValueError:
        version = -1
    try:
        drafts.update_draft(booth, version=version, changes=changes, actor=current_user)
    except drafts.StaleDraft as stale:
        db.session.rollback()
        theirs = drafts.draft_json(booth)
        # Saving again from here overwrites theirs with mine, knowingly.
        mine["version"] = theirs["version"]
        conflict = {"message": stale.message, "theirs": theirs}
        return _editor(booth, mine, conflict=conflict, status=409)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _editor(booth, mine, status=error.status)
    db.session.commit()
    if action == "submit":
        return _submit(booth)
    flash(_("Saved."), "success")
    anchor = "blocks" if action != "save" else None
    return redirect(url_for("portal.edit_booth", booth_id=booth.id, _anchor=anchor))


def _submit(booth: Booth) -> Response:
    _submission, status = run_form_action(
        EditorForm(), lambda: booths.submit_booth(booth, actor=current_user)
    )
    if status == 200:
        flash(_("Submitted. The organizers will review your booth."), "success")
        return redirect(url_for("portal.dashboard"))
    flash(_("Your changes are saved, but the booth could not be submitted yet."), "error")
    return redirect(url_for("portal.edit_booth", booth_id=booth.id))


@bp.get("/booths/<int:booth_id>/preview")
@role_required(Role.EXHIBITOR)
def preview_booth(booth_id: int) -> str:
    booth = drafts.get_booth_for(current_user, booth_id, edit=True)
    revision = drafts.basis(booth)
    if revision is None:  # every booth is created with its first revision
        raise NotFound()
    return render_template(
        "visit/booth.html",
        page=page_for(booth, revision, public=False),
        preview=True,
        renew_media=True,
    )


@bp.get("/booths/<int:booth_id>/statistics")
@role_required(Role.EXHIBITOR)
def booth_statistics(booth_id: int) -> str:
    booth = drafts.get_booth_for(current_user, booth_id, edit=True)
    return render_template(
        "portal/statistics.html",
        booth=booth,
        title=drafts.draft_json(booth)["title"],
        stats=services.booth_stats(booth),
        leads=services.leads_of(current_user.exhibitor_id, booth.id),
    )


@bp.get("/leads.csv")
@role_required(Role.EXHIBITOR)
def leads_csv() -> Response:
    """Every lead of the organization's booths, for a spreadsheet or a CRM."""
    rows = services.lead_rows(services.leads_of(current_user.exhibitor_id))
    response = Response(to_csv(services.LEAD_COLUMNS, rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="eexpo-leads.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
