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
from eexpo.media.shown import media_json
from eexpo.models import (
    Booth,
    BoothDayStat,
    BoothStatus,
    Lead,
    MediaItem,
    MediaStatus,
    Submission,
    SubmissionStatus,
)


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
_EXHIBIT_FIELD = re.compile(r"^exhibits-(\d+)-name$")


def _indices(form: MultiDict[str, str], field: re.Pattern[str]) -> list[int]:
    return sorted(int(m.group(1)) for key in form if (m := field.match(key)))


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _exhibits(form: MultiDict[str, str]) -> list[dict[str, Any]]:
    """The editor's exhibits as the API takes them (an empty choice is no choice)."""
    exhibits = []
    for index in _indices(form, _EXHIBIT_FIELD):
        prefix = f"exhibits-{index}-"
        lasting = form.get(prefix + "id", "")
        trl = form.get(prefix + "trl", "")
        exhibit = {
            **{name: form.get(prefix + name, "") for name in _EXHIBIT_TEXTS},
            "kind": form.get(prefix + "kind", ""),
            "trl": int(trl) if trl.isdigit() else (trl or None),
            "ip_status": form.get(prefix + "ip_status") or None,
            "sectors": [s for s in form.getlist(prefix + "sectors") if s],
            "cooperation": [c for c in form.getlist(prefix + "cooperation") if c],
            "media_ids": _ids(form.getlist(prefix + "media")),
            "document_ids": _ids(form.getlist(prefix + "documents")),
        }
        if lasting.isdigit():
            exhibit["id"] = int(lasting)
        exhibits.append(exhibit)
    return exhibits


_EXHIBIT_TEXTS = ("name", "name_zh", "summary", "summary_zh", "description")


def _rearrange(items: list[Any], indices: list[int], verb: str, number: str) -> None:
    """Apply an editor button to a list: remove the item whose fields are numbered N (the
    `indices` of the items, in order, may have gaps where the uploader took blocks out), or
    move it up or down."""
    if not number.isdigit() or int(number) not in indices:
        return
    position = indices.index(int(number))
    if verb == "remove":
        del items[position]
    elif verb in ("up", "down"):
        other = position - 1 if verb == "up" else position + 1
        if 0 <= other < len(items):
            items[position], items[other] = items[other], items[position]


def changes_from_form(form: MultiDict[str, str]) -> tuple[dict[str, Any], str]:
    """The draft changes an editor form describes, with its button's action applied (add-text,
    up-N, down-N, remove-N for blocks; add-exhibit, exhibit-up-N, exhibit-down-N,
    exhibit-remove-N for exhibits); returns (changes, action)."""
    blocks: list[dict[str, Any]] = []
    indices = _indices(form, _BLOCK_FIELD)
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
    exhibits = _exhibits(form)
    action = form.get("action", "save")
    if action == "add-text":
        blocks.append({"type": "text", "markdown": ""})
    elif action == "add-exhibit":
        exhibits.append(dict.fromkeys(_EXHIBIT_TEXTS, "") | {"kind": "product"})
    elif action.startswith("exhibit-"):
        _rearrange(exhibits, _indices(form, _EXHIBIT_FIELD),
                   *action.removeprefix("exhibit-").partition("-")[::2])  # fmt: skip
    else:
        _rearrange(blocks, indices, *action.partition("-")[::2])
    changes = {
        "title": form.get("title", ""),
        "summary": form.get("summary", ""),
        "sector": form.get("sector", ""),
        "secondary_sectors": [s for s in form.getlist("secondary_sectors") if s],
        "blocks": blocks,
        "exhibits": exhibits,
    }
    return changes, action


# The files an exhibit may be given in the editor: the organization's newest.
LIBRARY_SIZE = 300


def library(exhibitor_id: int) -> list[dict[str, Any]]:
    """The organization's photos, videos and documents not refused, newest first, as the
    editor shows them to be chosen for exhibits."""
    items = db.session.scalars(
        sa.select(MediaItem)
        .where(
            MediaItem.exhibitor_id == exhibitor_id,
            MediaItem.status.in_((MediaStatus.READY, MediaStatus.PROCESSING)),
        )
        .order_by(MediaItem.id.desc())
        .limit(LIBRARY_SIZE)
    )
    return [media_json(item, public=False) for item in items]


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
