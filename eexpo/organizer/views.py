"""The organizers' console: overview, user accounts, the audit log, the report, the system page
(exhibitors and their invitations: exhibitors.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from eexpo import audit, audit_words, report, report_formats
from eexpo.access import role_required
from eexpo.accounts import management
from eexpo.booths import moderation
from eexpo.csvfiles import iter_csv
from eexpo.errors import DomainError
from eexpo.extensions import db
from eexpo.forms import page_arg, run_button_action, run_form_action
from eexpo.funnel import STEPS, Funnel, step_labels
from eexpo.media import oversight
from eexpo.models import Exhibitor, ExhibitorStatus, MediaItem, Role, User
from eexpo.organizer import bp, services, system
from eexpo.organizer.forms import AuditFilterForm, RoleForm


@bp.route("/")
@role_required(Role.ORGANIZER)
def dashboard() -> str:
    return render_template(
        "organizer/dashboard.html",
        exhibitor_counts=services.exhibitor_counts(),
        user_counts=services.user_counts(),
        queue_counts=moderation.queue_counts(),
    )


@bp.route("/users")
@role_required(Role.ORGANIZER)
def users() -> str:
    return render_template("organizer/users.html", users=services.users_page(page_arg()))


def _role_form(user: User) -> RoleForm:
    form = RoleForm(data={"role": user.role.value, "exhibitor": user.exhibitor_id or 0})
    form.exhibitor.choices = [SelectChoice(0, "—")] + [
        SelectChoice(e.id, e.name) for e in services.exhibitors_by_status(ExhibitorStatus.APPROVED)
    ]
    return form


def _user_page(user: User, form: RoleForm, status: int = 200) -> tuple[str, int]:
    history = db.session.scalars(
        audit.search(audit.AuditFilters(target_type="user", target_id=user.id)).limit(50)
    )
    return render_template("organizer/user.html", user=user, form=form, history=history), status


@bp.get("/users/<int:user_id>")
@role_required(Role.ORGANIZER)
def user(user_id: int) -> tuple[str, int]:
    user = db.get_or_404(User, user_id)
    return _user_page(user, _role_form(user))


@bp.post("/users/<int:user_id>/role")
@role_required(Role.ORGANIZER)
def change_role(user_id: int) -> Response | tuple[str, int]:
    user = db.get_or_404(User, user_id)
    form = _role_form(user)
    if not form.validate_on_submit():
        return _user_page(user, form, 422)
    exhibitor = db.session.get(Exhibitor, form.exhibitor.data) if form.exhibitor.data else None
    done, status = run_form_action(
        form,
        lambda: management.change_role(
            user, Role(form.role.data), exhibitor=exhibitor, actor=current_user
        ),
    )
    if done is None:
        return _user_page(user, form, status)
    flash(_("The account %(email)s was updated.", email=user.email), "success")
    return redirect(url_for("organizer.user", user_id=user.id))


@bp.post("/users/<int:user_id>/<any(deactivate, reactivate):action>")
@role_required(Role.ORGANIZER)
def change_user(user_id: int, action: str) -> Response:
    user = db.get_or_404(User, user_id)
    try:
        if action == "deactivate":
            management.deactivate_user(user, actor=current_user)
        else:
            management.reactivate_user(user, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The account %(email)s was updated.", email=user.email), "success")
    return redirect(url_for("organizer.user", user_id=user.id))


def _audit_filters() -> tuple[AuditFilterForm, audit.AuditFilters | None]:
    """The filters from the query string; None when they are not valid (the form says why)."""
    form = AuditFilterForm(request.args)
    form.action.choices = [SelectChoice("", _("Any"))] + [
        SelectChoice(action, audit_words.action_words(action)) for action in audit.actions()
    ]
    if not form.validate():
        return form, None
    return form, audit.AuditFilters(
        action=form.action.data or None,
        actor=(form.actor.data or "").strip() or None,
        target_type=form.target_type.data or None,
        target_id=form.target_id.data,
        since=form.since.data,
        until=form.until.data,
    )


@bp.get("/audit")
@role_required(Role.ORGANIZER)
def audit_log() -> tuple[str, int]:
    form, filters = _audit_filters()
    if filters is None:
        return render_template("organizer/audit.html", form=form, entries=None, query={}), 422
    entries = db.paginate(
        audit.search(filters),
        page=page_arg(),
        per_page=100,
        error_out=False,
    )
    query = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("organizer/audit.html", form=form, entries=entries, query=query), 200


@bp.get("/audit.csv")
@role_required(Role.ORGANIZER)
def audit_csv() -> Response:
    """The filtered log for a spreadsheet, streamed so a long log never sits in memory."""
    form, filters = _audit_filters()
    if filters is None:
        return Response(_("The filters are not valid."), status=422, mimetype="text/plain")
    rows = audit.csv_rows(filters)
    response = Response(stream_with_context(iter_csv(audit.CSV_COLUMNS, rows)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="eexpo-audit.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/report")
@role_required(Role.ORGANIZER)
def report_page() -> str:
    figures = report.compute()
    labels = {
        name: report.percent_labels([getattr(line, attr) for line in lines])
        for name, lines, attr in (
            ("sector_value", figures.by_sector, "value_share"),
            ("sector_count", figures.by_sector, "count_share"),
            ("group_value", figures.by_group, "value_share"),
            ("group_count", figures.by_group, "count_share"),
            ("place", figures.by_place, "count_share"),
        )
    }
    return render_template(
        "organizer/report.html",
        report=figures,
        summary=report_formats.summary(figures),
        labels=labels,
        outside_label=report.percent_labels([figures.outside_share])[0],
        sector_chart=[
            (line.label, line.value_share, text)
            for line, text in zip(figures.by_sector, labels["sector_value"], strict=True)
        ],
        group_chart=[
            (line.label, line.value_share, text)
            for line, text in zip(figures.by_group, labels["group_value"], strict=True)
        ],
        day_chart=[(format_date(day.day, "MMM d"), day.visitors) for day in figures.days],
        peak=max((day.visitors for day in figures.days), default=0),
        funnel=_funnel_steps(figures.funnel),
        step_labels=step_labels(),
        big_amount=report.big_amount,
        yuan=report.yuan,
    )


def _funnel_steps(funnel: Funnel) -> list[tuple[str, int, str | None]]:
    """Each step of the funnel, its count, and the share of the step before that got this far."""
    steps: list[tuple[str, int, str | None]] = []
    before: int | None = None
    for step in STEPS:
        n = funnel.total.counts[step]
        onward = None if before is None else report.percent_labels([report.share(n, before)])[0]
        steps.append((step, n, onward))
        before = n
    return steps


@bp.get("/report.csv")
@role_required(Role.ORGANIZER)
def report_csv() -> Response:
    response = Response(report_formats.as_csv(report.compute()), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="report.csv"'
    return response


@bp.get("/system")
@role_required(Role.ORGANIZER)
def system_page() -> str:
    """Health at a glance, for people (monitors call /readyz and /metrics)."""
    return render_template("organizer/system.html", overview=system.overview(current_user))


@bp.post("/system/media/<int:media_id>/retry")
@role_required(Role.ORGANIZER)
def retry_media(media_id: int) -> Response:
    item = db.get_or_404(MediaItem, media_id)
    run_button_action(
        lambda: oversight.retry(current_user, item),
        _("File %(reference)s was queued again.", reference=item.uuid[:8]),
    )
    return redirect(url_for("organizer.system_page"))
