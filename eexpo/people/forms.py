"""The business profile form, and the filters of "who is coming"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from eexpo.forms import FilterForm, Form


def _checkboxes(label: object) -> SelectMultipleField:
    return SelectMultipleField(label, widget=ListWidget(prefix_label=False),
                               option_widget=CheckboxInput(), validate_choice=False)  # fmt: skip


class ProfileForm(Form):
    organization = StringField(_l("Organization"))
    job_title = StringField(_l("Title"))
    country = SelectField(_l("Country or region"), validate_choice=False)
    region = StringField(_l("Province or region"))
    sectors = _checkboxes(_l("Sectors you look for"))
    cooperation = _checkboxes(_l("What you would like to do"))
    introduction = TextAreaField(_l("A short introduction"))
    listed = BooleanField(
        _l("Exhibitors may find me in the list of who is coming, with my name, organization and "
           "email address")
    )  # fmt: skip


class PeopleFilterForm(FilterForm):
    sector = SelectField(_l("Sector"), validate_choice=False)
    cooperation = SelectField(_l("Looking to"), validate_choice=False)
    country = SelectField(_l("Country or region"), validate_choice=False)
    q = SearchField(_l("Name, organization or words"))
