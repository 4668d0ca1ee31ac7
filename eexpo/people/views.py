"""The pages of business profiles: one's own profile, "who is coming" for exhibitors' teams,
and a person's profile as an exhibitor's team reads it."""

from __future__ import annotations

import sqlalchemy as sa
from babel import Locale
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from eexpo import permissions
from eexpo.access import role_required, signed_in
from eexpo.catalogue.rows import countries
from eexpo.extensions import db
from eexpo.forms import page_arg, run_form_action
from eexpo.i18n import country_name, current_locale_code
from eexpo.models import Cooperation, Role, Sector
from eexpo.pagecache import PRIVATE
from eexpo.people import services
from eexpo.people.forms import PeopleFilterForm, ProfileForm

bp = Blueprint("people", __name__)
bp.add_app_template_global(services.cooperation_label, "cooperation_label")
bp.add_app_template_global(country_name, "country_name")


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = PRIVATE
    return response


def _country_choices(first: object) -> list[SelectChoice]:
    names = Locale.parse(current_locale_code()).territories
    codes = sorted(countries(), key=lambda code: names.get(code, code))
    return [SelectChoice("", first)] + [SelectChoice(c, names.get(c, c)) for c in codes]


def _sector_choices() -> list[SelectChoice]:
    locale = current_locale_code()
    return [
        SelectChoice(s.slug, s.display_name(locale))
        for s in db.session.scalars(sa.select(Sector).order_by(Sector.position, Sector.name))
    ]


def _cooperation_choices() -> list[SelectChoice]:
    return [SelectChoice(k.value, services.cooperation_label(k)) for k in Cooperation]


@bp.route("/account/business-profile", methods=["GET", "POST"])
@signed_in
def own_profile() -> ResponseReturnValue:
    profile = services.profile_of(current_user.id)
    data = {}
    if profile is not None:
        data = {
            "organization": profile.organization, "job_title": profile.job_title,
            "country": profile.country or "", "region": profile.region,
            "sectors": [s.slug for s in profile.sectors],
            "cooperation": [k.value for k in profile.cooperation],
            "introduction": profile.introduction, "listed": profile.listed,
        }  # fmt: skip
    form = ProfileForm(data=data)
    form.country.choices = _country_choices(_l("Not given"))
    form.sectors.choices = _sector_choices()
    form.cooperation.choices = _cooperation_choices()
    status = 200
    if form.validate_on_submit():
        card = services.Card(
            organization=form.organization.data, job_title=form.job_title.data,
            country=form.country.data, region=form.region.data,
            sectors=form.sectors.data or [], cooperation=form.cooperation.data or [],
            introduction=form.introduction.data, listed=bool(form.listed.data),
        )  # fmt: skip
        saved, status = run_form_action(
            form, lambda: services.save(current_user, card, language=current_locale_code())
        )
        if saved is not None:
            flash(_("Your business profile is saved."), "success")
            return redirect(url_for("people.own_profile"))
    elif form.is_submitted():
        status = 422
    return render_template("people/own.html", form=form), status


@bp.get("/people")
@role_required(Role.EXHIBITOR)
def who_is_coming() -> str:
    if not permissions.can_list_people(current_user):
        abort(403)
    form = PeopleFilterForm(request.args)
    form.sector.choices = [SelectChoice("", _l("Any sector")), *_sector_choices()]
    form.cooperation.choices = [SelectChoice("", _l("Anything")), *_cooperation_choices()]
    form.country.choices = _country_choices(_l("Anywhere"))
    filters = services.Filters(
        sector=form.sector.data or "", cooperation=form.cooperation.data or "",
        country=form.country.data or "", q=(form.q.data or "")[:200],
    )  # fmt: skip
    page = services.who_is_coming(current_user, filters, page_arg())
    return render_template(
        "people/list.html", form=form, page=page,
        args={k: v for k, v in request.args.items() if k != "page"},
    )  # fmt: skip


@bp.get("/people/<int:user_id>")
@signed_in
def person(user_id: int) -> str:
    profile = services.shown_to(current_user, user_id)
    return render_template("people/person.html", profile=profile)
