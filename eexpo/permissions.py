"""Every access rule, in one place, so hidden buttons and refused requests always agree: views,
the API, services and templates (as `can.<rule>`) all ask these, and the route walk in
tests/core/test_access.py checks each route's declared callers against them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from eexpo.models import Booth, BusinessProfile, Exhibitor, MediaItem, Role, User


def _is(user: Any, role: Role) -> bool:
    return has_role(user, role)


def has_role(user: Any, *roles: Role) -> bool:
    """Signed in with one of these roles: what `access.role_required` asks of a route's caller."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in roles


def can_moderate(user: Any) -> bool:
    return _is(user, Role.ORGANIZER)


def can_manage_exhibitors(user: Any) -> bool:
    return _is(user, Role.ORGANIZER)


def can_run_site(user: Any) -> bool:
    """The system page: queue, stuck media and their retry, dependencies, versions."""
    return _is(user, Role.ORGANIZER)


def can_manage_user(user: Any, other: User) -> bool:
    """Organizers manage accounts, but never their own (no locking oneself out)."""
    return _is(user, Role.ORGANIZER) and user.id != other.id


def can_use_portal(user: Any) -> bool:
    return _is(user, Role.EXHIBITOR) and user.exhibitor_id is not None


def can_invite_colleague(user: Any) -> bool:
    return can_use_portal(user) and user.exhibitor.is_approved


def can_edit_profile(user: Any, exhibitor: Exhibitor) -> bool:
    """An organization's own users edit its profile, before approval too."""
    return can_use_portal(user) and user.exhibitor_id == exhibitor.id


def can_author_for(user: Any, exhibitor: Exhibitor) -> bool:
    """Create booths and media for the organization: its users, once it is approved."""
    return can_invite_colleague(user) and user.exhibitor_id == exhibitor.id


def can_edit_booth(user: Any, booth: Booth) -> bool:
    return can_invite_colleague(user) and booth.exhibitor_id == user.exhibitor_id


def can_read_draft(user: Any, booth: Booth) -> bool:
    """A booth's draft and submissions: its editors, and organizers reviewing them."""
    return can_edit_booth(user, booth) or can_moderate(user)


def can_upload(user: Any, booth: Booth | None) -> bool:
    """Start an upload into a booth (its editors), or for the organization itself (a logo)."""
    return can_edit_booth(user, booth) if booth is not None else can_invite_colleague(user)


def can_manage_media(user: Any, item: MediaItem) -> bool:
    """Upload, complete, inspect and delete: the owning organization's (approved) users."""
    return can_invite_colleague(user) and item.exhibitor_id == user.exhibitor_id


def can_view_media(user: Any, item: MediaItem, *, published: bool) -> bool:
    """Anyone sees what a published page shows; the owners and organizers see the rest."""
    return published or can_manage_media(user, item) or can_moderate(user)


def can_offer_slots(user: Any) -> bool:
    """An approved organization's team members offer meeting times, for any of them."""
    return can_invite_colleague(user)


def can_book(user: Any, exhibitor_id: int) -> bool:
    """Anyone signed in books a meeting, except with their own organization."""
    return bool(getattr(user, "is_authenticated", False)) and user.exhibitor_id != exhibitor_id


def can_answer_meeting(user: Any, exhibitor_id: int) -> bool:
    """The slot's organization answers its meetings: accept, decline, cancel."""
    return can_use_portal(user) and user.exhibitor_id == exhibitor_id


def can_follow_prospect(user: Any, exhibitor_id: int) -> bool:
    """The organization's team works its own pipeline; nobody else sees it, organizers neither."""
    return can_use_portal(user) and user.exhibitor_id == exhibitor_id


def can_see_profile(user: Any, profile: BusinessProfile, *, reached: bool) -> bool:
    """Its owner; an exhibitor's team member when the person chose to be listed, or `reached`
    (wrote to or asked to meet) their organization."""
    if getattr(user, "id", None) == profile.user_id:
        return True
    return can_use_portal(user) and (profile.listed or reached)


def can_list_people(user: Any) -> bool:
    """Exhibitors' teams search who is coming."""
    return can_use_portal(user)


TEMPLATE_RULES = SimpleNamespace(
    **{
        name.removeprefix("can_"): rule
        for name, rule in dict(globals()).items()
        if name.startswith("can_") and callable(rule)
    }
)
