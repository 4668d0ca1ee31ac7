"""Every access rule, in one place, so hidden buttons and refused requests always agree."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from eexpo.models import Booth, BoothStatus, MediaItem, Role, User


def _is(user: Any, role: Role) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role == role


def can_moderate(user: Any) -> bool:
    return _is(user, Role.ORGANIZER)


def can_manage_exhibitors(user: Any) -> bool:
    return _is(user, Role.ORGANIZER)


def can_manage_user(user: Any, other: User) -> bool:
    """Organizers manage accounts, but never their own (no locking oneself out)."""
    return _is(user, Role.ORGANIZER) and user.id != other.id


def can_view_report(user: Any) -> bool:
    return _is(user, Role.ORGANIZER)


def can_use_portal(user: Any) -> bool:
    return _is(user, Role.EXHIBITOR) and user.exhibitor_id is not None


def can_invite_colleague(user: Any) -> bool:
    return can_use_portal(user) and user.exhibitor.is_approved


def can_edit_booth(user: Any, booth: Booth) -> bool:
    return can_invite_colleague(user) and booth.exhibitor_id == user.exhibitor_id


def can_manage_media(user: Any, item: MediaItem) -> bool:
    """Upload, complete, inspect and delete: the owning organization's (approved) users."""
    return can_invite_colleague(user) and item.exhibitor_id == user.exhibitor_id


def can_view_booth(user: Any, booth: Booth) -> bool:
    """Visitors see published booths; owners and organizers also see drafts and taken-down ones."""
    if booth.status == BoothStatus.PUBLISHED and booth.published_revision_id is not None:
        return True
    return can_moderate(user) or (can_use_portal(user) and booth.exhibitor_id == user.exhibitor_id)


TEMPLATE_RULES = SimpleNamespace(
    **{
        name.removeprefix("can_"): rule
        for name, rule in dict(globals()).items()
        if name.startswith("can_") and callable(rule)
    }
)
