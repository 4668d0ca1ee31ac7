"""The organizers' exhibitors: applications, invitations one at a time or to the whole
catalogue, each exhibitor's standing and its page."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo.access import role_required
from eexpo.accounts import invitations, management, onboarding, reminders
from eexpo.accounts.forms import InviteExhibitorForm
from eexpo.catalogue.rows import current_event
from eexpo.extensions import db
from eexpo.forms import run_button_action, run_form_action
from eexpo.models import Exhibitor, ExhibitorStatus, Invitation, Role, utcnow
from eexpo.organizer import bp, services
from eexpo.organizer.forms import ReminderScheduleForm
from eexpo.visit.counting import today


@bp.route("/exhibitors", methods=["GET", "POST"])
@role_required(Role.ORGANIZER)
def exhibitors() -> ResponseReturnValue:
    """Applications, the invitation form, the reminders' schedule and every exhibitor's
    standing."""
    form = InviteExhibitorForm()
    status = 200
    if form.validate_on_submit():
        invitation, status = run_form_action(
            form,
            lambda: invitations.invite_exhibitor(
                form.email.data,
                form.organization_name.data,
                actor=current_user,
            ),
        )
        if invitation is not None:
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("organizer.exhibitors"))
    elif form.is_submitted():
        status = 422
    return _exhibitors_page(form, _schedule_form(), status)


def _schedule_form() -> ReminderScheduleForm:
    expo = current_event()
    days = ", ".join(str(day) for day in expo.reminder_days) if expo else ""
    return ReminderScheduleForm(formdata=None, data={"days": days})


def _exhibitors_page(
    form: InviteExhibitorForm, schedule: ReminderScheduleForm, status: int
) -> tuple[str, int]:
    expo = current_event()
    return render_template(
        "organizer/exhibitors.html",
        form=form,
        schedule=schedule,
        has_event=expo is not None,
        next_reminder=reminders.next_reminder(expo, today(current_app)) if expo else None,
        pending=services.exhibitors_by_status(ExhibitorStatus.PENDING),
        roster=onboarding.roster(current_user),
    ), status


@bp.post("/exhibitors/reminders")
@role_required(Role.ORGANIZER)
def reminder_schedule() -> ResponseReturnValue:
    schedule = ReminderScheduleForm()
    if not schedule.validate_on_submit():
        return _exhibitors_page(InviteExhibitorForm(formdata=None), schedule, 422)
    days, status = run_form_action(
        schedule, lambda: reminders.set_schedule(current_user, schedule.days.data or "")
    )
    if days is None:
        return _exhibitors_page(InviteExhibitorForm(formdata=None), schedule, status)
    flash(_("The reminders are set.") if days else _("The reminders are off."), "success")
    return redirect(url_for("organizer.exhibitors"))


@bp.post("/exhibitors/<int:exhibitor_id>/<any(approve, reject):decision>")
@role_required(Role.ORGANIZER)
def decide_application(exhibitor_id: int, decision: str) -> Response:
    exhibitor = db.get_or_404(Exhibitor, exhibitor_id)
    done = (
        _("%(name)s was approved.", name=exhibitor.name)
        if decision == "approve"
        else _("%(name)s was rejected.", name=exhibitor.name)
    )
    run_button_action(
        lambda: management.decide_application(
            exhibitor, approve=decision == "approve", actor=current_user
        ),
        done,
    )
    return redirect(url_for("organizer.exhibitors"))


@bp.get("/exhibitors/invite-all")
@role_required(Role.ORGANIZER)
def invite_all_preview() -> str:
    """Who gets what, before anything is sent."""
    preview = onboarding.invite_all(current_user, dry_run=True)
    return render_template("organizer/invite_all.html", preview=preview)


@bp.post("/exhibitors/invite-all")
@role_required(Role.ORGANIZER)
def invite_all() -> Response:
    outcome = onboarding.invite_all(current_user)
    db.session.commit()
    flash(
        _("%(sent)d invitations sent, %(resent)d sent again.",
          sent=len(outcome.sent), resent=len(outcome.resent)),
        "success",
    )  # fmt: skip
    return redirect(url_for("organizer.exhibitors"))


@bp.get("/exhibitors/<int:exhibitor_id>")
@role_required(Role.ORGANIZER)
def exhibitor_page(exhibitor_id: int) -> str:
    exhibitor = db.get_or_404(Exhibitor, exhibitor_id)
    return render_template(
        "organizer/exhibitor.html",
        file=onboarding.exhibitor_file(current_user, exhibitor),
        now=utcnow(),
    )


@bp.post("/invitations/<int:invitation_id>/<any(resend, revoke):action>")
@role_required(Role.ORGANIZER)
def invitation_action(invitation_id: int, action: str) -> Response:
    invitation = db.get_or_404(Invitation, invitation_id)
    if action == "resend":
        run_button_action(
            lambda: invitations.resend(invitation, actor=current_user),
            _("The invitation to %(email)s was sent again.", email=invitation.email),
        )
    else:
        run_button_action(
            lambda: invitations.revoke(invitation, actor=current_user),
            _("The invitation to %(email)s was withdrawn.", email=invitation.email),
        )
    back = invitation.exhibitor_id
    return redirect(
        url_for("organizer.exhibitor_page", exhibitor_id=back) if back
        else url_for("organizer.exhibitors")
    )  # fmt: skip
