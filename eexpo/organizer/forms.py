"""The organizers' forms: decisions with reasons, roles, the audit log's filters, catalogue
imports."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as QueryForm
from wtforms.validators import Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eexpo import audit_words
from eexpo.booths.moderation import CANNED_REASONS, MAX_REASON_CHARS
from eexpo.forms import Form
from eexpo.models import Role


class RejectForm(Form):
    """The reason is required as a whole (canned, own words, or both): the service checks it."""

    canned = SelectMultipleField(
        _l("Common reasons"),
        choices=[SelectChoice(key, text) for key, text in CANNED_REASONS.items()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    reason = TextAreaField(
        _l("Reason for the exhibitor"), validators=[Length(max=MAX_REASON_CHARS)]
    )


class TakedownForm(Form):
    reason = TextAreaField(
        _l("Reason for the exhibitor"), validators=[Length(max=MAX_REASON_CHARS)]
    )


class RoleForm(Form):
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(Role.VISITOR.value, _l("Visitor")),
            SelectChoice(Role.EXHIBITOR.value, _l("Exhibitor")),
            SelectChoice(Role.ORGANIZER.value, _l("Organizer")),
        ],
    )
    exhibitor = SelectField(_l("Organization (for exhibitors)"), coerce=int, validate_choice=False)


class AuditFilterForm(QueryForm):
    """Read from the query string: filters are bookmarkable and need no CSRF token."""

    action = SelectField(_l("Action"), validate_choice=False)
    actor = StringField(_l("Actor's email contains"), validators=[Optional(), Length(max=254)])
    target_type = SelectField(
        _l("Target"),
        default="",
        choices=[SelectChoice("", _l("Any"))]
        + [SelectChoice(code, words) for code, words in audit_words.TARGETS.items()],
    )
    target_id = IntegerField(
        _l("Target number"), validators=[Optional(), NumberRange(min=1, max=2**31 - 1)]
    )
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("Until"), validators=[Optional()])


class ImportForm(Form):
    """A catalogue CSV to check (the preview), then to import (confirm)."""

    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))])


class ConfirmImportForm(Form):
    """The file waits in storage under the URL's token; the organizer may also choose to delete
    the rows the file does not have, once the preview has listed them."""

    prune = BooleanField(_l("Also delete the rows listed below, which the file does not have"))


class RowForm(Form):
    """Only the CSRF token: a catalogue row's cells are read as the kind's columns."""


class HallForm(Form):
    """A hall's Chinese name, place in the order, and (optionally) a new floor plan."""

    name_zh = StringField(_l("Name in Chinese"), validators=[Optional(), Length(max=100)])
    position = IntegerField(_l("Order"), default=0, validators=[NumberRange(min=0, max=999)])
    plan = FileField(_l("Floor plan (JPEG, PNG or WebP)"))


class ReminderScheduleForm(Form):
    """Days before opening, as typed ("14, 7, 2"); the service reads and checks them."""

    days = StringField(
        _l("Remind exhibitors without a submitted booth, days before opening"),
        validators=[Length(max=100)],
    )
