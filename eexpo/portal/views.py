"""The exhibitor portal's dashboard and team page."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo import notifications
from eexpo.access import role_required
from eexpo.accounts import invitations
from eexpo.accounts import profile as organization
from eexpo.accounts.forms import InviteForm
from eexpo.extensions import db
from eexpo.forms import run_form_action
from eexpo.media.shown import media_json
from eexpo.models import MediaItem, Role
from eexpo.portal import bp, services
from eexpo.portal.forms import ProfileForm


@bp.route("/")
@role_required(Role.EXHIBITOR)
def dashboard() -> str:
    return render_template(
        "portal/dashboard.html",
        exhibitor=current_user.exhibitor,
        booths=services.booth_summaries(current_user.exhibitor_id),
        notices=[n for n in notifications.recent(current_user, limit=5) if n.read_at is None],
    )


@bp.app_template_global()
def unread_notices() -> int:
    """For the header's badge; only asked for exhibitors, so other pages pay nothing."""
    return notifications.unread_count(current_user)


bp.add_app_template_global(notifications.wording, "notice_wording")


@bp.get("/notifications")
@role_required(Role.EXHIBITOR)
def notices() -> str:
    return render_template(
        "portal/notifications.html", notices=notifications.recent(current_user, limit=100)
    )


@bp.post("/notifications/read")
@role_required(Role.EXHIBITOR)
def mark_notices_read() -> Response:
    notifications.mark_all_read(current_user)
    db.session.commit()
    return redirect(url_for("portal.notices"))


@bp.route("/team", methods=["GET", "POST"])
@role_required(Role.EXHIBITOR)
def team() -> ResponseReturnValue:
    form = InviteForm()
    status = 200
    if form.validate_on_submit():
        invitation, status = run_form_action(
            form,
            lambda: invitations.invite_colleague(
                form.email.data,
                actor=current_user,
            ),
        )
        if invitation is not None:
            flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
            return redirect(url_for("portal.team"))
    elif form.is_submitted():
        status = 422
    return render_template("portal/team.html", exhibitor=current_user.exhibitor, form=form), status


@bp.route("/profile", methods=["GET", "POST"])
@role_required(Role.EXHIBITOR)
def profile() -> ResponseReturnValue:
    exhibitor = current_user.exhibitor
    form = ProfileForm(obj=exhibitor)
    if not form.is_submitted():
        form.social_links.data = "\n".join(exhibitor.social_links or [])
    photos = organization.photos(exhibitor)
    form.banner_media_id.choices = [("", _("No banner"))] + [
        (str(item.id), item.original_filename or str(item.id)) for item in photos
    ]
    status = 200
    if form.validate_on_submit():
        values = {name: form[name].data for name in organization.PROFILE_FIELDS}
        logo_id = int(form.logo_media_id.data) if form.logo_media_id.data else None
        banner_id = int(form.banner_media_id.data) if form.banner_media_id.data else None
        links = (form.social_links.data or "").splitlines()
        _done, status = run_form_action(
            form,
            lambda: organization.update_profile(
                exhibitor, values, logo_media_id=logo_id, banner_media_id=banner_id,
                social_links=links, actor=current_user,
            ),
        )  # fmt: skip
        if status == 200:
            flash(_("Your organization's profile was saved."), "success")
            return redirect(url_for("portal.profile"))
    elif form.is_submitted():
        status = 422
    logo = db.session.get(MediaItem, exhibitor.logo_media_id) if exhibitor.logo_media_id else None
    return render_template(
        "portal/profile.html",
        form=form,
        exhibitor=exhibitor,
        logo=media_json(logo, public=False) if logo else None,
        renew_media=True,
    ), status
