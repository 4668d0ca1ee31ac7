"""The pipeline's rules. A lead or a meeting request files its person under the exhibitor, once
per address (one guarded INSERT, so two at once never make two); a meeting request moves a new
or contacted prospect on to "meeting". The team sets the stage and owner and writes notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from eexpo import permissions
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db
from eexpo.models import Lead, Meeting, Prospect, ProspectNote, Stage, User, utcnow
from eexpo.orm import contains, upsert

MAX_NOTE_CHARS = 5000
PER_PAGE = 100
EARLY = (Stage.NEW, Stage.CONTACTED)  # a meeting request moves these on to MEETING


def stage_label(stage: Stage) -> str:
    return {
        Stage.NEW: _("new"),
        Stage.CONTACTED: _("contacted"),
        Stage.MEETING: _("meeting"),
        Stage.NEGOTIATING: _("negotiating"),
        Stage.SIGNED: _("signed"),
        Stage.LOST: _("lost"),
    }[stage]


def file_under(
    exhibitor_id: int, *, email: str, name: str, organization: str | None,
    user: User | None, at: datetime, meeting: bool,
) -> Prospect:  # fmt: skip
    """The exhibitor's prospect for this address, made on first contact; marked active now."""
    key = email.strip().lower()
    db.session.execute(
        upsert(Prospect, db.engine.dialect)
        .values(
            exhibitor_id=exhibitor_id,
            email=key,
            name=name[:200],
            organization=organization,
            user_id=user.id if user else None,
            stage=Stage.NEW,
            created_at=at,
            active_at=at,
        )  # fmt: skip
        .on_conflict_do_nothing()
    )
    prospect = db.session.scalars(
        sa.select(Prospect)
        .where(Prospect.exhibitor_id == exhibitor_id, Prospect.email == key)
        .execution_options(populate_existing=True)
    ).one()
    prospect.active_at = at
    if meeting and prospect.stage in EARLY:
        prospect.stage = Stage.MEETING
    return prospect


def for_lead(lead: Lead, exhibitor_id: int, user: User | None) -> None:
    lead.prospect_id = file_under(
        exhibitor_id, email=lead.email, name=lead.name, organization=lead.organization,
        user=user, at=lead.created_at or utcnow(), meeting=False,
    ).id  # fmt: skip


def for_meeting(meeting: Meeting, exhibitor_id: int, requester: User) -> None:
    organization = requester.exhibitor.name if requester.exhibitor else None
    meeting.prospect_id = file_under(
        exhibitor_id, email=requester.email, name=requester.name or requester.email,
        organization=organization, user=requester, at=utcnow(), meeting=True,
    ).id  # fmt: skip


# --- the team's work ---------------------------------------------------------------------------


def prospect_for(actor: User, prospect_id: int) -> Prospect:
    prospect = db.session.get(Prospect, prospect_id)
    if prospect is None or not permissions.can_follow_prospect(actor, prospect.exhibitor_id):
        raise NotFound()
    return prospect


def team_of(exhibitor_id: int) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.exhibitor_id == exhibitor_id, User.is_active.is_(True))
            .order_by(User.name, User.email)
        )
    )


def update(actor: User, prospect_id: int, *, stage: str | None = None,
           owner_id: int | None = None, unassign: bool = False) -> Prospect:  # fmt: skip
    """Set where the business stands and who owns it (a team member, or nobody)."""
    prospect = prospect_for(actor, prospect_id)
    if stage is not None:
        try:
            prospect.stage = Stage(stage)
        except ValueError:
            raise Invalid(
                _("Choose one of the pipeline's stages."), fields={"stage": "unknown"}
            ) from None
    if unassign:
        prospect.owner_id = None
    elif owner_id is not None:
        if owner_id not in {u.id for u in team_of(prospect.exhibitor_id)}:
            raise Invalid(_("The owner must be one of your team."), fields={"owner_id": "unknown"})
        prospect.owner_id = owner_id
    return prospect


def add_note(actor: User, prospect_id: int, text: str | None) -> ProspectNote:
    prospect = prospect_for(actor, prospect_id)
    words = (text or "").strip()
    if not words:
        raise Invalid(_("Write the note first."), fields={"text": "required"})
    if len(words) > MAX_NOTE_CHARS:
        raise Invalid(_("Keep it under %(count)d characters.", count=MAX_NOTE_CHARS),
                      fields={"text": "too_long"})  # fmt: skip
    note = ProspectNote(prospect_id=prospect.id, author_id=actor.id, text=words)
    db.session.add(note)
    prospect.active_at = utcnow()
    db.session.flush()
    return note


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    stage: Stage | None = None
    owner: str = ""  # "", "me", "none", or a team member's id
    source: str = ""  # "", "leads", "meetings"
    q: str = ""


@dataclass(frozen=True)
class Row:
    prospect: Prospect
    leads: int
    meetings: int


def listing(actor: User, filters: Filters, page: int | None = None) -> list[Row]:
    """The actor's organization's prospects matching the filters, latest activity first: all of
    them, or one page of `PER_PAGE` and the first of the next (so the caller knows there is
    more)."""
    leads = sa.select(sa.func.count()).where(Lead.prospect_id == Prospect.id).scalar_subquery()
    meetings = (
        sa.select(sa.func.count()).where(Meeting.prospect_id == Prospect.id).scalar_subquery()
    )
    query = (
        sa.select(Prospect, leads, meetings)
        .where(Prospect.exhibitor_id == actor.exhibitor_id)
        .options(selectinload(Prospect.owner), selectinload(Prospect.notes))
        .order_by(Prospect.active_at.desc(), Prospect.id.desc())
    )
    if filters.stage is not None:
        query = query.where(Prospect.stage == filters.stage)
    if filters.owner == "me":
        query = query.where(Prospect.owner_id == actor.id)
    elif filters.owner == "none":
        query = query.where(Prospect.owner_id.is_(None))
    elif filters.owner.isdigit():
        query = query.where(Prospect.owner_id == int(filters.owner))
    if filters.source == "leads":
        query = query.where(leads > 0)
    elif filters.source == "meetings":
        query = query.where(meetings > 0)
    if filters.q.strip():
        text = filters.q.strip()
        organization = sa.func.coalesce(Prospect.organization, "")
        query = query.where(
            sa.or_(*(contains(c, text) for c in (Prospect.name, Prospect.email, organization)))
        )
    if page is not None:
        query = query.limit(PER_PAGE + 1).offset((page - 1) * PER_PAGE)
    return [Row(p, n_leads, n_meetings) for p, n_leads, n_meetings in db.session.execute(query)]


def history(prospect: Prospect) -> tuple[list[Lead], list[Meeting]]:
    """What the person wrote and asked for, oldest first."""
    leads = db.session.scalars(
        sa.select(Lead).where(Lead.prospect_id == prospect.id).order_by(Lead.created_at, Lead.id)
    ).all()
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.prospect_id == prospect.id)
        .order_by(Meeting.created_at, Meeting.id)
    ).all()
    return list(leads), list(meetings)


CSV_HEADER = ("id", "name", "email", "organization", "stage", "owner", "leads", "meetings",
              "first_contact", "last_activity", "notes")  # fmt: skip


def csv_rows(rows: list[Row]) -> list[tuple[object, ...]]:
    return [
        (
            row.prospect.id,
            row.prospect.name,
            row.prospect.email,
            row.prospect.organization or "",
            row.prospect.stage.value,
            (row.prospect.owner.name or row.prospect.owner.email) if row.prospect.owner else "",
            row.leads,
            row.meetings,
            row.prospect.created_at.isoformat(timespec="seconds"),
            row.prospect.active_at.isoformat(timespec="seconds"),
            "\n".join(note.text for note in row.prospect.notes),
        )  # fmt: skip
        for row in rows
    ]
