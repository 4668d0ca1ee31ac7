"""Business profiles: each user writes their own; an exhibitor's team reads the profile of
whoever contacted or met their organization, and finds the others only if they chose to be
listed."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import selectinload

from eexpo import permissions
from eexpo.booths.services import clean_text
from eexpo.catalogue.rows import countries
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db
from eexpo.models import (
    BusinessProfile,
    Cooperation,
    Meeting,
    MeetingSlot,
    Prospect,
    Sector,
    User,
)
from eexpo.orm import contains

MAX_INTRODUCTION_CHARS = 2000
PER_PAGE = 50


def cooperation_label(kind: Cooperation) -> str:
    return {
        Cooperation.BUY: _("buy"),
        Cooperation.LICENSE: _("license a technology"),
        Cooperation.INVEST: _("invest"),
        Cooperation.DISTRIBUTE: _("distribute"),
        Cooperation.RESEARCH: _("find a research partner"),
    }[kind]


@dataclass
class Card:
    """A profile as its owner fills it in (the form's and the API's fields)."""

    organization: object = None
    job_title: object = None
    country: object = None
    region: object = None
    sectors: list[str] = field(default_factory=list)  # slugs
    cooperation: list[str] = field(default_factory=list)
    introduction: object = None
    listed: bool = False


def profile_of(user_id: int) -> BusinessProfile | None:
    return db.session.get(BusinessProfile, user_id, options=[selectinload(BusinessProfile.sectors)])


def with_profile(user_ids: set[int]) -> set[int]:
    """Which of these users have written a business profile."""
    if not user_ids:
        return set()
    found = db.session.scalars(
        sa.select(BusinessProfile.user_id).where(BusinessProfile.user_id.in_(user_ids))
    )
    return set(found)


def save(actor: User, card: Card, *, language: str) -> BusinessProfile:
    """Write the actor's own profile whole; Invalid names the first field that is wrong, and
    nothing is kept then."""
    country = clean_text(card.country, "country", _("country or region"), 2, required=False)
    if country and country.upper() not in countries():
        raise Invalid(_("Choose a country or region from the list."), fields={"country": "unknown"})
    wanted = set(card.sectors)
    sectors = list(db.session.scalars(sa.select(Sector).where(Sector.slug.in_(wanted))))
    if len(sectors) != len(wanted):
        raise Invalid(_("Choose sectors from the list."), fields={"sectors": "unknown"})
    try:
        kinds = [Cooperation(kind) for kind in card.cooperation]
    except ValueError:
        raise Invalid(
            _("Choose kinds of cooperation from the list."), fields={"cooperation": "unknown"}
        ) from None
    values = {
        "organization": clean_text(card.organization, "organization", _("organization"), 200,
                                   required=False),
        "job_title": clean_text(card.job_title, "job_title", _("title"), 200, required=False),
        "region": clean_text(card.region, "region", _("province or region"), 100,
                             required=False),
        "introduction": clean_text(card.introduction, "introduction", _("introduction"),
                                   MAX_INTRODUCTION_CHARS, required=False),
    }  # fmt: skip
    profile = profile_of(actor.id) or BusinessProfile(user_id=actor.id)
    for name, value in values.items():
        setattr(profile, name, value or None)
    profile.country = country.upper() or None
    profile.sectors = sectors
    profile.cooperation = kinds
    profile.listed = bool(card.listed)
    profile.language = language if profile.introduction else None
    db.session.add(profile)
    db.session.flush()
    return profile


def _has_reached(person_id: int, exhibitor_id: int) -> bool:
    """Whether the person wrote to the organization or asked to meet it."""
    wrote = sa.exists().where(Prospect.exhibitor_id == exhibitor_id, Prospect.user_id == person_id)
    met = (
        sa.exists()
        .where(Meeting.requester_id == person_id, MeetingSlot.id == Meeting.slot_id)
        .where(MeetingSlot.exhibitor_id == exhibitor_id)
    )
    return bool(db.session.scalar(sa.select(sa.or_(wrote, met))))


def shown_to(actor: User, person_id: int) -> BusinessProfile:
    """The person's profile, for an exhibitor's team member: theirs to see when the person
    is listed, or reached the actor's organization; NotFound otherwise (never says which)."""
    profile = profile_of(person_id)
    if profile is None or not profile.user.is_active:
        raise NotFound()
    exhibitor_id = actor.exhibitor_id if permissions.can_use_portal(actor) else None
    reached = exhibitor_id is not None and _has_reached(person_id, exhibitor_id)
    if not permissions.can_see_profile(actor, profile, reached=reached):
        raise NotFound()
    return profile


@dataclass(frozen=True)
class Filters:
    sector: str = ""
    cooperation: str = ""
    country: str = ""
    q: str = ""


def who_is_coming(actor: User, filters: Filters, page: int) -> Pagination:
    """The listed profiles of people outside the actor's organization, newest first."""
    query = (
        sa.select(BusinessProfile)
        .join(User, User.id == BusinessProfile.user_id)
        .where(BusinessProfile.listed.is_(True), User.is_active.is_(True))
        .where(sa.or_(User.exhibitor_id.is_(None), User.exhibitor_id != actor.exhibitor_id))
        .options(selectinload(BusinessProfile.sectors), selectinload(BusinessProfile.user))
        .order_by(BusinessProfile.updated_at.desc(), BusinessProfile.user_id.desc())
    )
    if filters.sector:
        query = query.where(BusinessProfile.sectors.any(Sector.slug == filters.sector))
    if filters.cooperation in set(Cooperation):
        query = query.where(contains(BusinessProfile.wants, f",{filters.cooperation},"))
    if filters.country:
        query = query.where(BusinessProfile.country == filters.country.upper())
    if filters.q.strip():
        text = filters.q.strip()
        columns = (User.name, sa.func.coalesce(BusinessProfile.organization, ""),
                   sa.func.coalesce(BusinessProfile.introduction, ""))  # fmt: skip
        query = query.where(sa.or_(*(contains(c, text) for c in columns)))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
