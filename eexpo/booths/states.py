"""The moderation state machine: one table of allowed transitions, one function to apply them."""

from __future__ import annotations

from flask_babel import gettext as _

from eexpo import audit
from eexpo.errors import Conflict
from eexpo.models import Booth, BoothStatus, User

S = BoothStatus

# (action, status before) -> status after. A change to a live booth keeps it live while reviewed.
TRANSITIONS: dict[tuple[str, BoothStatus], BoothStatus] = {
    ("submit", S.DRAFT): S.SUBMITTED,
    ("submit", S.REJECTED): S.SUBMITTED,
    ("submit", S.PUBLISHED): S.PUBLISHED,
    ("approve", S.SUBMITTED): S.PUBLISHED,
    ("approve", S.PUBLISHED): S.PUBLISHED,
    ("reject", S.SUBMITTED): S.REJECTED,
    ("reject", S.PUBLISHED): S.PUBLISHED,
    ("takedown", S.PUBLISHED): S.TAKEN_DOWN,
    ("restore", S.TAKEN_DOWN): S.PUBLISHED,
}


def apply_transition(
    booth: Booth, action: str, *, actor: User | None, reason: str | None = None, **data: object
) -> BoothStatus:
    """Move the booth through `action` and write the audit entry; raises Conflict if not allowed."""
    after = TRANSITIONS.get((action, booth.status))
    if after is None:
        raise Conflict(_("This booth cannot be changed that way in its current state."))
    before = booth.status
    booth.status = after
    audit.record(
        actor,
        f"booth.{action}",
        "booth",
        booth.id,
        reason=reason,
        **{"from": before.value, "to": after.value, **data},
    )
    return after
