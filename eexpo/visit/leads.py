"""Visitors contacting exhibitors: a lead is stored for the exhibitor's portal (list and CSV)
and, when the exhibitor gave a contact address, mailed to it after the request commits."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from eexpo import tasks
from eexpo.booths.moderation import exhibitor_locale
from eexpo.booths.services import clean_text
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db
from eexpo.i18n import force_locale
from eexpo.mail import send_mail
from eexpo.models import Booth, BoothStatus, Lead, User, utcnow
from eexpo.pipeline import services as pipeline

MAX_MESSAGE_CHARS = 5000
MAIL_JOB = "eexpo.visit.leads:mail_lead"


def rate_limit() -> str:
    return current_app.config["LEAD_RATE_LIMIT"]


@dataclass
class Contact:
    FIELDS = ("name", "email", "organization", "message", "consent")

    name: object
    email: object
    organization: object
    message: object
    consent: object


def create_lead(booth_id: int, contact: Contact, *, locale: str, user: User | None) -> Lead:
    """Store a visitor's message to a published booth's exhibitor; Invalid names the field."""
    booth = db.session.scalar(
        sa.select(Booth).where(Booth.id == booth_id, Booth.status == BoothStatus.PUBLISHED)
    )
    if booth is None:
        raise NotFound()
    name = clean_text(contact.name, "name", _("name"), 200, required=True)
    email = clean_text(contact.email, "email", _("email address"), 254, required=True)
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        raise Invalid(_("Enter a valid email address."), fields={"email": "invalid"}) from None
    organization = clean_text(
        contact.organization, "organization", _("organization"), 200, required=False
    )
    message = clean_text(contact.message, "message", _("message"), MAX_MESSAGE_CHARS, required=True)
    if contact.consent is not True:
        raise Invalid(
            _("Please agree that the exhibitor may use your details to answer you."),
            fields={"consent": "required"},
        )
    lead = Lead(
        booth_id=booth.id,
        user_id=user.id if user is not None else None,
        name=name,
        email=email,
        organization=organization or None,
        message=message,
        locale=locale,
        consent_at=utcnow(),
    )
    db.session.add(lead)
    db.session.flush()
    pipeline.for_lead(lead, booth.exhibitor_id, user)
    if booth.exhibitor.contact_email:
        tasks.enqueue(MAIL_JOB, lead.id)
    return lead


def mail_lead(lead_id: int) -> None:
    """Forward one lead to the exhibitor's contact address (a task, after the commit)."""
    lead = db.session.get(Lead, lead_id)
    if lead is None:
        return
    booth = db.session.get(Booth, lead.booth_id)
    address = booth.exhibitor.contact_email if booth else None
    if booth is None or not address:
        return
    title = booth.published_revision.title if booth.published_revision else booth.slug
    with force_locale(exhibitor_locale(booth.exhibitor)):
        subject = _("A visitor wrote to you about “%(title)s”", title=title)
        body = _("From: %(name)s <%(email)s>", name=lead.name, email=lead.email)
    organization = f" ({lead.organization})" if lead.organization else ""
    send_mail(address, subject, f"{body}{organization}\n\n{lead.message}\n")
