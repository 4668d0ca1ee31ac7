"""The forms of the meetings pages: booking a slot, answering, and offering times."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import InputRequired

from eexpo.forms import Form


class BookingForm(Form):
    # Checked by the booking itself (a slot taken meanwhile answers with why), not by the list.
    slot = RadioField(_l("Time"), validate_choice=False)
    message = TextAreaField(_l("What would you like to discuss?"))
    exhibit = HiddenField()  # the exhibit the visitor came from, kept through the booking


class OfferForm(Form):
    day = SelectField(_l("Day"), validate_choice=False)
    starts = StringField(_l("Starting at"), validators=[InputRequired()], default="10:00")
    ends = StringField(_l("Ending at"), validators=[InputRequired()], default="12:00")
    slot_minutes = IntegerField(_l("Minutes per meeting"), default=30)
    place = RadioField(
        _l("Where"),
        choices=[SelectChoice("stand", _l("At our stand")),
                 SelectChoice("online", _l("Online (a video call)")),
                 SelectChoice("table", _l("At a business talk's tables"))],
        default="stand",
        validate_choice=False,
    )  # fmt: skip
    url = URLField(_l("Video call link (online meetings)"))
    session = SelectField(_l("Business talk"), validate_choice=False)
    host = SelectField(_l("Who meets"), validate_choice=False)
