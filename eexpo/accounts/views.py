"""Sign-in and out, applications, invitations, password reset and the language switch."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.wrappers import Response

from eexpo import limits
from eexpo.access import public, signed_in
from eexpo.accounts import bp, forms, invitations, services
from eexpo.errors import DomainError
from eexpo.extensions import csrf, db, limiter, login_manager
from eexpo.forms import run_form_action
from eexpo.i18n import LOCALE_COOKIE, current_locale_code
from eexpo.models import Role, User
from eexpo.security import is_safe_next, is_same_origin_request


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    return services.load_session_user(session_id)


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def home_for(user: User) -> str:
    if user.role == Role.ORGANIZER:
        return url_for("organizer.dashboard")
    if user.role == Role.EXHIBITOR:
        return url_for("portal.dashboard")
    return url_for("visit.home")


@bp.route("/login", methods=["GET", "POST"])
@limits.sign_in
@public
def login() -> ResponseReturnValue:
    form = forms.LoginForm(next=request.args.get("next", ""))
    if form.next.data and not is_safe_next(form.next.data):
        form.next.data = ""
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            flash(error.message, "error")
            status = error.status
        else:
            login_user(user, remember=form.remember.data)
            db.session.commit()
            return redirect(form.next.data or home_for(user))
    elif form.is_submitted():
        status = 422
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@public
def logout() -> Response:
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("visit.home"))


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
@public
def apply() -> ResponseReturnValue:
    form = forms.ApplyForm()
    status = 200
    if form.validate_on_submit():
        application = services.ExhibitorApplication(
            email=form.email.data,
            password=form.password.data,
            name=form.name.data,
            organization_name=form.organization_name.data,
            organization_name_zh=form.organization_name_zh.data,
            country=form.country.data,
            region=form.region.data,
            delegation=form.delegation.data,
            website=form.website.data,
            contact_phone=form.contact_phone.data,
        )
        _nothing, status = run_form_action(
            form, lambda: services.apply_as_exhibitor(application, locale=current_locale_code())
        )
        if status == 200:
            message = _(
                "Thank you. We have sent a message to %(email)s; sign in to follow your "
                "application while the organizers review it.",
                email=application.email,
            )
            flash(message, "success")
            return redirect(url_for("accounts.login"))
    elif form.is_submitted():
        status = 422
    return render_template("accounts/apply.html", form=form), status


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str) -> ResponseReturnValue:
    try:
        invitation = invitations.open_invitation(token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), error.status
    form = forms.AcceptInvitationForm()
    status = 200
    if form.validate_on_submit():
        user, status = run_form_action(
            form,
            lambda: invitations.accept_invitation(
                token,
                name=form.name.data,
                password=form.password.data,
                locale=current_locale_code(),
            ),
        )
        if user is not None:
            login_user(user)
            flash(_("Welcome to eexpo. Your account is ready."), "success")
            return redirect(home_for(user))
    elif form.is_submitted():
        status = 422
    return render_template(
        "accounts/accept_invitation.html", form=form, invitation=invitation
    ), status


@bp.route("/password/forgot", methods=["GET", "POST"])
@limits.sign_in
@public
def forgot_password() -> ResponseReturnValue:
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "If an account exists for this address, we have sent it a link to reset "
                "the password."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/forgot_password.html", form=form), status


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> ResponseReturnValue:
    try:
        services.open_password_reset(token)
    except DomainError as error:
        return render_template("accounts/link_invalid.html", message=error.message), error.status
    form = forms.ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        db.session.commit()
        flash(_("Your password was changed. Please sign in."), "success")
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_password.html", form=form), status


@bp.post("/locale")
@csrf.exempt
@public
def set_locale() -> Response:
    """Switch the interface language. Checked by origin rather than a CSRF token, so that the
    switcher on every page does not give anonymous visitors a session cookie."""
    if not is_same_origin_request():
        raise CSRFError()
    form = forms.LocaleForm(meta={"csrf": False})
    target = form.next.data if is_safe_next(form.next.data) else url_for("visit.home")
    response = redirect(target)
    if not form.validate() or form.locale.data not in current_app.config["LANGUAGES"]:
        flash(_("That language is not available."), "error")
        return response
    if current_user.is_authenticated:
        current_user.locale = form.locale.data
        db.session.commit()
    response.set_cookie(
        LOCALE_COOKIE,
        form.locale.data,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response


@bp.route("/account")
@signed_in
def account() -> str:
    return render_template("accounts/account.html")
