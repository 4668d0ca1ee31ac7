"""The review console: the queue, a submission beside its diff, decisions, takedowns."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from eexpo.access import role_required
from eexpo.booths import moderation
from eexpo.booths.diff import revision_diff, shown_media
from eexpo.errors import DomainError
from eexpo.extensions import db
from eexpo.forms import page_arg, run_form_action
from eexpo.media.shown import media_json
from eexpo.models import (
    AuditEntry,
    Booth,
    BoothStatus,
    Exhibitor,
    Role,
    Sector,
    Submission,
    SubmissionStatus,
)
from eexpo.organizer import bp
from eexpo.organizer.forms import RejectForm, TakedownForm
from eexpo.orm import contains
from eexpo.visit.booth_page import page_for

PER_PAGE = 50


def _choice(name: str, allowed: list[str]) -> str | None:
    value = request.args.get(name) or None
    return value if value in allowed else None


@bp.get("/submissions")
@role_required(Role.ORGANIZER)
def submissions() -> str:
    status = _choice("status", [s.value for s in SubmissionStatus]) or "pending"
    filters = {
        "sector": request.args.get("sector") or None,
        "country": (request.args.get("country") or "").strip()[:2] or None,
        "kind": _choice("kind", ["new", "change"]),
    }
    page = db.paginate(
        moderation.queue_select(status=SubmissionStatus(status), **filters),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    countries = db.session.scalars(
        sa.select(Exhibitor.country).where(Exhibitor.country.is_not(None)).distinct()
    )
    return render_template(
        "organizer/submissions.html",
        page=page,
        status=status,
        filters=filters,
        counts=moderation.queue_counts(),
        sectors=db.session.scalars(sa.select(Sector).order_by(Sector.position, Sector.name)),
        countries=sorted(countries),
    )


def _review(
    submission: Submission, form: RejectForm, status: int = 200, problem: str | None = None
) -> tuple[str, int]:
    """The submission as visitors will see it, beside what it changes against the live booth."""
    media: dict[int, dict[str, Any]] = {
        item.id: media_json(item, public=False)
        for item in shown_media(submission.revision, submission.base_revision)
    }
    return render_template(
        "organizer/review.html",
        submission=submission,
        page=page_for(submission.booth, submission.revision, public=False),
        diff=revision_diff(submission.base_revision, submission.revision),
        media=media,
        form=form,
        problem=problem,
        renew_media=True,
    ), status


@bp.get("/submissions/<int:submission_id>")
@role_required(Role.ORGANIZER)
def review(submission_id: int) -> tuple[str, int]:
    return _review(db.get_or_404(Submission, submission_id), RejectForm())


def _after_decision(submission: Submission, message: str) -> Response:
    flash(message, "success")
    following = moderation.next_pending(submission)
    if following is None:
        return redirect(url_for("organizer.submissions"))
    return redirect(url_for("organizer.review", submission_id=following.id))


@bp.post("/submissions/<int:submission_id>/approve")
@role_required(Role.ORGANIZER)
def approve(submission_id: int) -> Response | tuple[str, int]:
    submission = db.get_or_404(Submission, submission_id)
    try:
        moderation.approve_submission(submission, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        return _review(submission, RejectForm(), error.status, error.message)
    db.session.commit()
    return _after_decision(
        submission, _("“%(title)s” is published.", title=submission.revision.title)
    )


@bp.post("/submissions/<int:submission_id>/reject")
@role_required(Role.ORGANIZER)
def reject(submission_id: int) -> Response | tuple[str, int]:
    submission = db.get_or_404(Submission, submission_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _review(submission, form, 422)
    locale = moderation.exhibitor_locale(submission.booth.exhibitor)
    try:
        reason = moderation.compose_reason(form.canned.data, form.reason.data, locale=locale)
        moderation.reject_submission(submission, reason=reason, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        if error.fields:  # shown at the field too, as the page opens at its top
            form.reason.errors = [*form.reason.errors, error.message]
        return _review(submission, form, error.status, error.message)
    db.session.commit()
    return _after_decision(
        submission,
        _("“%(title)s” was sent back to the exhibitor.", title=submission.revision.title),
    )


@bp.get("/booths")
@role_required(Role.ORGANIZER)
def booths() -> str:
    status = _choice("status", [s.value for s in BoothStatus])
    query = sa.select(Booth).join(Booth.exhibitor).order_by(Exhibitor.name, Booth.id)
    if status:
        query = query.where(Booth.status == BoothStatus(status))
    name = (request.args.get("q") or "").strip()
    if name:
        query = query.where(contains(Exhibitor.name, name))
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("organizer/booths.html", page=page, status=status, q=name)


def _booth_page(booth: Booth, form: TakedownForm, status: int = 200) -> tuple[str, int]:
    history = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.target_type == "booth", AuditEntry.target_id == booth.id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    submissions = db.session.scalars(
        sa.select(Submission)
        .where(Submission.booth_id == booth.id)
        .order_by(Submission.submitted_at.desc())
    )
    return render_template(
        "organizer/booth.html", booth=booth, form=form, history=history, submissions=submissions
    ), status


@bp.get("/booths/<int:booth_id>")
@role_required(Role.ORGANIZER)
def booth(booth_id: int) -> tuple[str, int]:
    return _booth_page(db.get_or_404(Booth, booth_id), TakedownForm())


@bp.post("/booths/<int:booth_id>/takedown")
@role_required(Role.ORGANIZER)
def take_down(booth_id: int) -> Response | tuple[str, int]:
    booth = db.get_or_404(Booth, booth_id)
    form = TakedownForm()
    if form.validate_on_submit():
        done, status = run_form_action(
            form, lambda: moderation.take_down(booth, reason=form.reason.data, actor=current_user)
        )
        if done is not None:
            flash(_("The booth was taken down; the exhibitor has been told why."), "success")
            return redirect(url_for("organizer.booth", booth_id=booth.id))
    else:
        status = 422
    return _booth_page(booth, form, status)


@bp.post("/booths/<int:booth_id>/restore")
@role_required(Role.ORGANIZER)
def restore(booth_id: int) -> Response | tuple[str, int]:
    booth = db.get_or_404(Booth, booth_id)
    form = TakedownForm()
    done, status = run_form_action(form, lambda: moderation.restore(booth, actor=current_user))
    if done is None:
        return _booth_page(booth, form, status)
    flash(_("The booth is published again."), "success")
    return redirect(url_for("organizer.booth", booth_id=booth.id))
