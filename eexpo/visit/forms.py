"""The visitor's contact form. It carries no CSRF token, so booth pages set no cookie: the view
checks the request's origin instead, and a hidden field catches form-filling robots."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField, TextAreaField

from eexpo.forms import Form


class LeadForm(Form):
    class Meta:
        csrf = False

    name = StringField(_l("Your name"))
    email = EmailField(_l("Your email address"))
    organization = StringField(_l("Organization (optional)"))
    message = TextAreaField(_l("Message"))
    consent = BooleanField(
        _l("The exhibitor may use my name, email address and message to answer me.")
    )
    website = StringField(_l("Leave this field empty"))  # the honeypot
