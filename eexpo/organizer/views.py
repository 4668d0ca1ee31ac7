"""The organizers' console: overview, exhibitor invitations and applications, user accounts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo.access import role_required
from eexpo.accounts import services as accounts
from eexpo.accounts.forms import InviteExhibitorForm
from eexpo.errors import DomainError
from eexpo.extensions import db
from eexpo.forms import run_form_action
from eexpo.models import Exhibitor, ExhibitorStatus, Role, User
from eexpo.organizer import bp, services


@bp.route("/")
@role_required(Role.ORGANIZER)
def dashboard() -> str:
    return render_template(
        "organizer/dashboard.html",
        exhibitor_counts=services.exhibitor_counts(),
        user_counts=services.user_counts(),
    )


@bp.route("/exhibitors", methods=["GET", "POST"])
@role_required(Role.ORGANIZER)
def exhibitors() -> Response | str:
    form = InviteExhibitorForm()
    status = 200
    if form.validate_on_submit():
        invitation, status = run_form_action(
            form,
            lambda: accounts.invite_exhibitor(
                form.email.data,
                form.organization_name.data,
                actor=current_user,
                link_base=url_for("accounts.accept_invitation", token="", _external=True),
            ),
        )
        if invitation is not None:
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("organizer.exhibitors"))
    elif form.is_submitted():
        status = 422
    return render_template(
        "organizer/exhibitors.html",
        form=form,
        pending=services.exhibitors_by_status(ExhibitorStatus.PENDING),
        approved=services.exhibitors_by_status(ExhibitorStatus.APPROVED),
    ), status


@bp.post("/exhibitors/<int:exhibitor_id>/<any(approve, reject):decision>")
@role_required(Role.ORGANIZER)
def decide_application(exhibitor_id: int, decision: str) -> Response:
    exhibitor = db.get_or_404(Exhibitor, exhibitor_id)
    try:
        accounts.decide_application(exhibitor, approve=decision == "approve", actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        message = (
            _("%(name)s was approved.", name=exhibitor.name)
            if decision == "approve"
            else _("%(name)s was rejected.", name=exhibitor.name)
        )
        flash(message, "success")
    return redirect(url_for("organizer.exhibitors"))


@bp.route("/users")
@role_required(Role.ORGANIZER)
def users() -> str:
    page = request.args.get("page", 1, type=int)
    return render_template("organizer/users.html", users=services.users_page(max(page, 1)))


@bp.post("/users/<int:user_id>/<any(deactivate, reactivate):action>")
@role_required(Role.ORGANIZER)
def change_user(user_id: int, action: str) -> Response:
    user = db.get_or_404(User, user_id)
    try:
        if action == "deactivate":
            accounts.deactivate_user(user, actor=current_user)
        else:
            accounts.reactivate_user(user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The account %(email)s was updated.", email=user.email), "success")
    return redirect(url_for("organizer.users"))
