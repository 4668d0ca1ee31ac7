"""What the portal shows and takes: booth states as exhibitors read them, and the editor's form
turned into the same draft changes the API accepts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

from eexpo.extensions import db
from eexpo.models import Booth, BoothDayStat, BoothStatus, Lead, Submission, SubmissionStatus


@dataclass(frozen=True)
class BoothSummary:
    booth: Booth
    title: str
    # draft, submitted, published, published_pending, published_draft, rejected, taken_down
    state: str
    reason: str | None
    # When the reason is a rejection: when it was decided.
    rejected_at: datetime | None = None


def booth_summaries(exhibitor_id: int) -> list[BoothSummary]:
    """Each booth of the exhibitor with the state an exhibitor cares about, in two statements."""
    booths = db.session.scalars(
        sa.select(Booth)
        .where(Booth.exhibitor_id == exhibitor_id)
        .options(joinedload(Booth.published_revision), joinedload(Booth.draft_revision))
        .order_by(Booth.id)
    ).all()
    latest: dict[int, Submission] = {}
    for submission in db.session.scalars(
        sa.select(Submission)
        .where(Submission.booth_id.in_([b.id for b in booths]))
        .options(joinedload(Submission.revision))
        .order_by(Submission.id)
    ):
        latest[submission.booth_id] = submission
    return [_summary(booth, latest.get(booth.id)) for booth in booths]


def _summary(booth: Booth, last: Submission | None) -> BoothSummary:
    newest = booth.draft_revision or (last.revision if last else None) or booth.published_revision
    title = newest.title if newest else booth.slug
    pending = last is not None and last.status == SubmissionStatus.PENDING
    rejected = last is not None and last.status == SubmissionStatus.REJECTED
    rejection = last.reason if last is not None and rejected else None
    rejected_at = last.decided_at if last is not None and rejected else None
    if booth.status == BoothStatus.TAKEN_DOWN:
        return BoothSummary(booth, title, "taken_down", booth.takedown_reason)
    if booth.status == BoothStatus.PUBLISHED:
        if pending:
            return BoothSummary(booth, title, "published_pending", None)
        if booth.draft_revision is not None:
            return BoothSummary(booth, title, "published_draft", rejection, rejected_at)
        return BoothSummary(booth, title, "published", None)
    if booth.status == BoothStatus.REJECTED:
        return BoothSummary(booth, title, "rejected", rejection, rejected_at)
    return BoothSummary(booth, title, booth.status.value, None)


_BLOCK_FIELD = re.compile(r"^blocks-(\d+)-type$")


def changes_from_form(form: MultiDict[str, str]) -> tuple[dict[str, Any], str]:
    """The draft changes an editor form describes, with its button's action applied
    (add-text, up-N, down-N, remove-N); returns (changes, action)."""
    indices = sorted(int(m.group(1)) for key in form if (m := _BLOCK_FIELD.match(key)))
    blocks: list[dict[str, Any]] = []
    for index in indices:
        prefix = f"blocks-{index}-"
        kind = form.get(prefix + "type", "")
        if kind == "text":
            blocks.append({"type": kind, "markdown": form.get(prefix + "markdown", "")})
        else:
            media_id = form.get(prefix + "media_id", "")
            blocks.append(
                {
                    "type": kind,
                    "media_id": int(media_id) if media_id.isdigit() else None,
                    "alt": form.get(prefix + "alt", ""),
                    "caption": form.get(prefix + "caption", ""),
                }
            )
    action = form.get("action", "save")
    verb, _sep, number = action.partition("-")
    position = int(number) if number.isdigit() and int(number) < len(blocks) else None
    if action == "add-text":
        blocks.append({"type": "text", "markdown": ""})
    elif position is not None and verb == "remove":
        del blocks[position]
    elif position is not None and verb in ("up", "down"):
        other = position - 1 if verb == "up" else position + 1
        if 0 <= other < len(blocks):
            blocks[position], blocks[other] = blocks[other], blocks[position]
    changes = {
        "title": form.get("title", ""),
        "summary": form.get("summary", ""),
        "sector": form.get("sector", ""),
        "secondary_sectors": [s for s in form.getlist("secondary_sectors") if s],
        "blocks": blocks,
    }
    return changes, action


@dataclass(frozen=True)
class BoothStats:
    views: int
    video_plays: int
    downloads: int
    leads: int
    days: list[BoothDayStat]


def booth_stats(booth: Booth) -> BoothStats:
    """The counts the visitor side records for a booth, day by day, newest first."""
    days = list(
        db.session.scalars(
            sa.select(BoothDayStat)
            .where(BoothDayStat.booth_id == booth.id)
            .order_by(BoothDayStat.day.desc())
        )
    )
    leads = db.session.scalar(sa.select(sa.func.count()).where(Lead.booth_id == booth.id)) or 0
    return BoothStats(
        views=sum(d.views for d in days),
        video_plays=sum(d.video_plays for d in days),
        downloads=sum(d.downloads for d in days),
        leads=leads,
        days=days,
    )


def leads_of(exhibitor_id: int, booth_id: int | None = None) -> list[tuple[Lead, str]]:
    """The leads of the exhibitor's booths (or of one), newest first, with each booth's slug."""
    query = (
        sa.select(Lead, Booth.slug)
        .join(Booth, Booth.id == Lead.booth_id)
        .where(Booth.exhibitor_id == exhibitor_id)
        .order_by(Lead.created_at.desc(), Lead.id.desc())
    )
    if booth_id is not None:
        query = query.where(Lead.booth_id == booth_id)
    return [(lead, slug) for lead, slug in db.session.execute(query)]


LEAD_COLUMNS = ("created_at", "booth", "name", "email", "organization", "message", "locale")


def lead_rows(leads: list[tuple[Lead, str]]) -> list[tuple[object, ...]]:
    return [
        (
            lead.created_at.isoformat(timespec="seconds"),
            slug,
            lead.name,
            lead.email,
            lead.organization or "",
            lead.message,
            lead.locale or "",
        )
        for lead, slug in leads
    ]
