"""The one way eexpo sends mail: SMTP when configured, otherwise the message goes to the log."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger("eexpo.mail")


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "text/calendar"
    data: bytes


def send_mail(to: str, subject: str, body: str, attachments: tuple[Attachment, ...] = ()) -> None:
    """Send a plain-text mail; without EEXPO_MAIL_SERVER it is logged, so its links stay usable."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    for attachment in attachments:
        kind, _slash, subtype = attachment.content_type.partition("/")
        message.add_attachment(
            attachment.data, maintype=kind, subtype=subtype, filename=attachment.filename
        )
    if not config["MAIL_SERVER"]:
        attached = "".join(f"\n[attached: {a.filename}]" for a in attachments)
        log.info("mail to %s: %s\n%s%s", to, subject, body, attached)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
