"""The portal's pipeline: every lead and meeting request of the organization as a prospect,
filtered and exported; a prospect's page with its history, stage, owner and notes."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from eexpo.access import role_required
from eexpo.csvfiles import to_csv
from eexpo.forms import page_arg, run_form_action
from eexpo.models import Role, Stage, User
from eexpo.people import services as people
from eexpo.pipeline import services as pipeline
from eexpo.pipeline.forms import NoteForm, PipelineFilterForm, ProspectForm
from eexpo.portal import bp

bp.add_app_template_global(pipeline.stage_label, "stage_label")


def _stage_choices(*, anything: bool) -> list[SelectChoice]:
    first = [SelectChoice("", _l("Any stage"))] if anything else []
    return first + [SelectChoice(s.value, pipeline.stage_label(s)) for s in Stage]


def _person(user: User) -> str:
    return user.name or user.email


def _filters() -> tuple[PipelineFilterForm, pipeline.Filters]:
    form = PipelineFilterForm(request.args)
    team = pipeline.team_of(current_user.exhibitor_id)
    form.stage.choices = _stage_choices(anything=True)
    form.owner.choices = [SelectChoice("", _l("Anyone")), SelectChoice("me", _l("Me")),
                          SelectChoice("none", _l("Nobody yet"))] + [
        SelectChoice(str(u.id), _person(u)) for u in team
    ]  # fmt: skip
    form.source.choices = [SelectChoice("", _l("Leads and meetings")),
                           SelectChoice("leads", _l("Leads")),
                           SelectChoice("meetings", _l("Meetings"))]  # fmt: skip
    stage = form.stage.data if form.stage.data in set(Stage) else None
    return form, pipeline.Filters(
        stage=Stage(stage) if stage else None,
        owner=form.owner.data or "",
        source=form.source.data or "",
        q=(form.q.data or "")[:200],
    )


@bp.get("/pipeline")
@role_required(Role.EXHIBITOR)
def pipeline_list() -> str:
    form, filters = _filters()
    page = page_arg()
    rows = pipeline.listing(current_user, filters, page)
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "portal/pipeline.html", form=form, rows=rows[: pipeline.PER_PAGE], args=args,
        previous=page - 1 if page > 1 else None,
        next=page + 1 if len(rows) > pipeline.PER_PAGE else None,
    )  # fmt: skip


@bp.get("/pipeline.csv")
@role_required(Role.EXHIBITOR)
def pipeline_csv() -> Response:
    _form, filters = _filters()
    rows = pipeline.csv_rows(pipeline.listing(current_user, filters))
    response = Response(to_csv(pipeline.CSV_HEADER, rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="eexpo-pipeline.csv"'
    return response


@bp.route("/pipeline/<int:prospect_id>", methods=["GET", "POST"])
@role_required(Role.EXHIBITOR)
def prospect(prospect_id: int) -> ResponseReturnValue:
    found = pipeline.prospect_for(current_user, prospect_id)
    team = pipeline.team_of(found.exhibitor_id)
    form = ProspectForm(prefix="p", data={"stage": found.stage.value,
                                          "owner": str(found.owner_id or "")})  # fmt: skip
    form.stage.choices = _stage_choices(anything=False)
    form.owner.choices = [SelectChoice("", _l("Nobody yet"))] + [
        SelectChoice(str(u.id), _person(u)) for u in team
    ]
    note = NoteForm(prefix="n")
    status = 200
    if "p-stage" in request.form and form.validate_on_submit():
        owner = form.owner.data or ""
        done, status = run_form_action(form, lambda: pipeline.update(
            current_user, prospect_id, stage=form.stage.data,
            owner_id=int(owner) if owner.isdigit() else None, unassign=not owner,
        ))  # fmt: skip
        if done is not None:
            flash(_("Saved."), "success")
            return redirect(url_for("portal.prospect", prospect_id=prospect_id))
    elif "n-text" in request.form and note.validate_on_submit():
        added, status = run_form_action(
            note, lambda: pipeline.add_note(current_user, prospect_id, note.text.data)
        )
        if added is not None:
            flash(_("Note added."), "success")
            return redirect(url_for("portal.prospect", prospect_id=prospect_id))
    elif request.method == "POST":
        status = 422
    leads, meetings = pipeline.history(found)
    return render_template(
        "portal/prospect.html", prospect=found, form=form, note=note, leads=leads,
        meetings=meetings, profile=people.profile_of(found.user_id) if found.user_id else None,
    ), status  # fmt: skip
