"""API handlers of business profiles: the caller's own, and "who is coming" for exhibitors."""

from __future__ import annotations

from flask_login import current_user

from eexpo.access import role_required, signed_in
from eexpo.api import bp
from eexpo.api.schemas.people import ListedPerson, PeoplePage, PeopleQuery, ProfileIn, ProfileOut
from eexpo.api.spec import answers, api
from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.i18n import current_locale_code
from eexpo.models import BusinessProfile, Role
from eexpo.people import services as people
from eexpo.visit.services import get_sector


def _profile(profile: BusinessProfile) -> dict[str, object]:
    return {
        "user_id": profile.user_id, "name": profile.user.name or "",
        "organization": profile.organization, "job_title": profile.job_title,
        "country": profile.country, "region": profile.region,
        "sectors": [s.slug for s in profile.sectors],
        "cooperation": [k.value for k in profile.cooperation],
        "introduction": profile.introduction, "language": profile.language,
        "listed": profile.listed,
    }  # fmt: skip


@bp.get("/me/profile")
@signed_in
@api.validate(
    resp=answers(
        HTTP_200=(ProfileOut, "The caller's business profile"),
        HTTP_404="The caller has not written one yet",
    )
)
def own_profile() -> ProfileOut:
    """The caller's business profile"""
    profile = people.profile_of(current_user.id)
    if profile is None:
        raise NotFound()
    return ProfileOut.model_validate(_profile(profile))


@bp.put("/me/profile")
@signed_in
@api.validate(
    resp=answers(
        body=True,
        HTTP_200=(ProfileOut, "The profile as saved"),
        HTTP_422="An unknown country, sector or cooperation, or a text too long",
    )
)
def save_profile(json: ProfileIn) -> ProfileOut:
    """Write the caller's business profile, whole"""
    card = people.Card(**json.model_dump())
    profile = people.save(current_user, card, language=current_locale_code())
    db.session.commit()
    return ProfileOut.model_validate(_profile(profile))


@bp.get("/people/<int:user_id>")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        HTTP_200=(ListedPerson, "The person's profile"),
        HTTP_403="Not an exhibitor",
        HTTP_404="No profile, or one neither listed nor of someone who reached the organization",
    )
)
def person(user_id: int) -> ListedPerson:
    """A person's business profile, as the caller's organization may read it"""
    profile = people.shown_to(current_user, user_id)
    return ListedPerson.model_validate({**_profile(profile), "email": profile.user.email})


@bp.get("/people")
@role_required(Role.EXHIBITOR)
@api.validate(
    resp=answers(
        HTTP_200=(PeoplePage, "Listed people outside the caller's organization, newest first"),
        HTTP_403="Not an exhibitor",
        HTTP_404="An unknown sector",
        HTTP_422="An unknown filter",
    )
)
def who_is_coming(query: PeopleQuery) -> PeoplePage:
    """Who is coming: the businesspeople who chose to be found by exhibitors"""
    if query.sector:
        get_sector(query.sector)  # an unknown one answers 404, as for booths
    filters = people.Filters(sector=query.sector or "", cooperation=query.cooperation or "",
                             country=query.country or "", q=query.q or "")  # fmt: skip
    page = people.who_is_coming(current_user, filters, query.page)
    return PeoplePage(
        items=[ListedPerson.model_validate({**_profile(p), "email": p.user.email})
               for p in page.items],
        page=query.page, per_page=page.per_page, total=page.total or 0,
    )  # fmt: skip
