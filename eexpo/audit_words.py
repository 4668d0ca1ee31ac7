"""The audit trail in words of the reader's language: what each action, target and detail code
means. The log keeps the codes (they are what the API, the CSV and the filters match on); the
console shows these words, falling back to the code for anything recorded before a word existed."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from eexpo.models import AuditEntry

ACTIONS = {
    "booth.submit": _l("Booth submitted for review"),
    "booth.approve": _l("Booth approved"),
    "booth.reject": _l("Booth sent back"),
    "booth.takedown": _l("Booth taken down"),
    "booth.restore": _l("Booth put back online"),
    "catalogue.import": _l("Catalogue file imported"),
    "catalogue.edit": _l("Catalogue row saved"),
    "catalogue.delete": _l("Catalogue row deleted"),
    "catalogue.hall": _l("Hall saved"),
    "exhibitor.approve": _l("Exhibitor accepted"),
    "exhibitor.reject": _l("Exhibitor not accepted"),
    "invitation.send": _l("Invitation sent"),
    "invitation.resend": _l("Invitation sent again"),
    "invitation.revoke": _l("Invitation withdrawn"),
    "invitation.accept": _l("Invitation accepted"),
    "media.retry": _l("Media processing tried again"),
    "reminders.schedule": _l("Reminders scheduled"),
    "reminders.send": _l("Reminders sent"),
    "user.deactivate": _l("Account deactivated"),
    "user.reactivate": _l("Account reactivated"),
    "user.role": _l("Role changed"),
}

TARGETS = {
    "booth": _l("Booth"),
    "catalogue": _l("Catalogue"),
    "event": _l("Event"),
    "exhibitor": _l("Exhibitor"),
    "hall": _l("Hall"),
    "invitation": _l("Invitation"),
    "media": _l("Media item"),
    "user": _l("Account"),
}

DETAILS = {
    "from": _l("before"),
    "to": _l("after"),
    "submission": _l("submission"),
    "kind": _l("file"),
    "key": _l("row"),
    "new": _l("new rows"),
    "changed": _l("changed rows"),
    "unchanged": _l("unchanged rows"),
    "deleted": _l("deleted rows"),
    "name": _l("name"),
    "email": _l("email"),
    "exhibitor": _l("exhibitor"),
    "exhibitors": _l("exhibitors"),
    "days": _l("days before opening"),
    "days_before": _l("days before opening"),
    "attempts": _l("attempts"),
    "tokens_revoked": _l("API tokens revoked"),
}

# Values that are codes themselves: booth states and roles.
VALUES = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "published": _l("Published"),
    "rejected": _l("Rejected"),
    "taken_down": _l("Taken down"),
    "organizer": _l("Organizer"),
    "exhibitor": _l("Exhibitor"),
    "visitor": _l("Visitor"),
}


def action_words(action: str) -> str:
    return str(ACTIONS.get(action, action))


def target_words(entry: AuditEntry) -> str:
    kind = str(TARGETS.get(entry.target_type, entry.target_type))
    return f"{kind} {entry.target_id}" if entry.target_id is not None else kind


def detail_words(entry: AuditEntry) -> str:
    """ "before: Published; after: Published", with the codes' keys and values in words."""
    parts = []
    for key, value in sorted(entry.data.items()):
        if value is None:
            continue
        if isinstance(value, list):
            shown = ", ".join(str(item) for item in value)
        else:
            shown = str(VALUES.get(value, value)) if isinstance(value, str) else str(value)
        parts.append(_("%(name)s: %(value)s", name=DETAILS.get(key, key), value=shown))
    return _("; ").join(parts)
