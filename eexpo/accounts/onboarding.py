"""Onboarding the catalogue's exhibitors: where each one stands (not invited, invited, expired,
withdrawn, on eexpo), inviting all who have an email and no account in one action after a
preview, and the organizers' page of one exhibitor."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from eexpo import permissions
from eexpo.accounts import invitations
from eexpo.accounts.services import EmailTaken, normalize_email
from eexpo.booths.moderation import exhibitor_locale
from eexpo.errors import Forbidden
from eexpo.extensions import db
from eexpo.meetings import booking
from eexpo.models import (
    AuditEntry,
    Booth,
    Exhibitor,
    ExhibitorStatus,
    Invitation,
    Lead,
    MeetingStatus,
    User,
    utcnow,
)

# Where people read Chinese: a catalogue exhibitor from there is invited in Simplified Chinese
# (until one of its users picks a language), everyone else in English.
CHINESE_SPEAKING = frozenset({"CN", "HK", "MO", "TW"})


class Standing(enum.StrEnum):
    NOT_INVITED = "not_invited"
    INVITED = "invited"
    EXPIRED = "expired"
    REVOKED = "revoked"
    ACCEPTED = "accepted"
    ON_EEXPO = "on_eexpo"  # an account exists (applied itself, or the address has one)
    NO_EMAIL = "no_email"


# What inviting everyone does for each standing: invite, send again, or leave alone.
SENDS = {Standing.NOT_INVITED: "invite", Standing.EXPIRED: "resend"}


@dataclass(frozen=True)
class Row:
    exhibitor: Exhibitor
    email: str | None
    locale: str
    standing: Standing
    invitation: Invitation | None  # the latest one to this exhibitor or its address
    users: int


def locale_of(exhibitor: Exhibitor) -> str:
    """The language to write to an exhibitor in: its users' choice, else its country's."""
    if exhibitor.users:
        return exhibitor_locale(exhibitor)
    return "zh_Hans" if (exhibitor.country or "").upper() in CHINESE_SPEAKING else "en"


def _standing(
    exhibitor: Exhibitor, email: str | None, latest: Invitation | None, has_account: bool
) -> Standing:
    if exhibitor.users:
        accepted = latest is not None and latest.accepted_at is not None
        return Standing.ACCEPTED if accepted else Standing.ON_EEXPO
    if not email:
        return Standing.NO_EMAIL
    if latest is not None and latest.accepted_at is None:
        if latest.revoked_at is not None:
            return Standing.REVOKED
        return Standing.INVITED if latest.expires_at > utcnow() else Standing.EXPIRED
    return Standing.ON_EEXPO if has_account else Standing.NOT_INVITED


def roster(actor: User) -> list[Row]:
    """Every approved exhibitor by name with its standing."""
    if not permissions.can_manage_exhibitors(actor):
        raise Forbidden()
    return _rows()


def _rows() -> list[Row]:
    """The roster in a few queries, for any number of exhibitors."""
    exhibitors = list(
        db.session.scalars(
            sa.select(Exhibitor)
            .options(selectinload(Exhibitor.users))
            .where(Exhibitor.status == ExhibitorStatus.APPROVED)
            .order_by(Exhibitor.name)
        )
    )
    emails = {e.id: normalize_email(e.contact_email) for e in exhibitors if e.contact_email}
    latest_by_exhibitor: dict[int, Invitation] = {}
    latest_by_email: dict[str, Invitation] = {}
    for invitation in db.session.scalars(sa.select(Invitation).order_by(Invitation.id)):
        if invitation.exhibitor_id is not None:
            latest_by_exhibitor[invitation.exhibitor_id] = invitation
        latest_by_email[invitation.email] = invitation
    taken = set(
        db.session.scalars(sa.select(User.email).where(User.email.in_(set(emails.values()))))
    )
    rows = []
    for exhibitor in exhibitors:
        email = emails.get(exhibitor.id)
        candidates = [latest_by_exhibitor.get(exhibitor.id), latest_by_email.get(email or "")]
        found = [i for i in candidates if i is not None]
        latest = max(found, key=lambda i: i.id) if found else None
        rows.append(
            Row(
                exhibitor=exhibitor,
                email=email,
                locale=locale_of(exhibitor),
                standing=_standing(exhibitor, email, latest, email in taken),
                invitation=latest,
                users=len(exhibitor.users),
            )
        )
    return rows


@dataclass
class Outcome:
    sent: list[Row] = field(default_factory=list)
    resent: list[Row] = field(default_factory=list)
    skipped: Counter[Standing] = field(default_factory=Counter)


def invite_all(actor: User | None, *, dry_run: bool = False) -> Outcome:
    """Invite every approved exhibitor with an email and no account yet, each in its language,
    and send again the invitations that expired; `actor` None is the command line. An address
    invited meanwhile (by another organizer, at the same moment) is skipped, never sent twice."""
    if actor is not None and not permissions.can_manage_exhibitors(actor):
        raise Forbidden()
    outcome = Outcome()
    for row in _rows():
        action = SENDS.get(row.standing)
        if action is None:
            outcome.skipped[row.standing] += 1
            continue
        if dry_run:
            (outcome.sent if action == "invite" else outcome.resent).append(row)
            continue
        if action == "resend" and row.invitation is not None:
            invitations.resend(row.invitation, actor=actor)
            outcome.resent.append(row)
            continue
        try:
            invitations.invite(row.email or "", actor, exhibitor=row.exhibitor, locale=row.locale)
        except (invitations.AlreadyInvited, EmailTaken):
            outcome.skipped[Standing.INVITED] += 1
            continue
        outcome.sent.append(row)
    return outcome


@dataclass(frozen=True)
class ExhibitorFile:
    exhibitor: Exhibitor
    row: Row | None
    booths: list[Booth]
    invitations: list[Invitation]
    leads: int
    meetings: dict[MeetingStatus, int]
    trail: list[AuditEntry]


def exhibitor_file(actor: User, exhibitor: Exhibitor) -> ExhibitorFile:
    """Everything organizers follow about one exhibitor: users and their last sign-in, booths
    and their states, invitations, leads and meetings, and the audit entries about any of them."""
    if not permissions.can_manage_exhibitors(actor):
        raise Forbidden()
    address = normalize_email(exhibitor.contact_email) if exhibitor.contact_email else None
    sent = list(
        db.session.scalars(
            sa.select(Invitation)
            .where(sa.or_(Invitation.exhibitor_id == exhibitor.id, Invitation.email == address))
            .order_by(Invitation.id.desc())
        )
    )
    booths = list(
        db.session.scalars(
            sa.select(Booth).where(Booth.exhibitor_id == exhibitor.id).order_by(Booth.id)
        )
    )
    leads = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Lead)
        .join(Booth, Booth.id == Lead.booth_id)
        .where(Booth.exhibitor_id == exhibitor.id)
    )
    about = [
        ("exhibitor", [exhibitor.id]),
        ("invitation", [i.id for i in sent]),
        ("booth", [b.id for b in booths]),
        ("user", [u.id for u in exhibitor.users]),
    ]
    trail = list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(
                sa.or_(
                    *(
                        sa.and_(AuditEntry.target_type == kind, AuditEntry.target_id.in_(ids))
                        for kind, ids in about
                        if ids
                    )
                )
            )
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(100)
        )
    )
    latest = sent[0] if sent else None
    row = (
        Row(exhibitor, address, locale_of(exhibitor),
            _standing(exhibitor, address, latest, _has_account(address)), latest,
            len(exhibitor.users))
        if exhibitor.status == ExhibitorStatus.APPROVED
        else None
    )  # fmt: skip
    meetings = booking.hosted_counts(exhibitor.id)
    return ExhibitorFile(exhibitor, row, booths, sent, leads or 0, meetings, trail)


def _has_account(address: str | None) -> bool:
    if not address:
        return False
    return db.session.scalar(sa.select(User.id).where(User.email == address)) is not None
