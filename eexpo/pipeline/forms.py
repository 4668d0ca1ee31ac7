"""The pipeline's forms: the filters of the list, a prospect's stage and owner, a note."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField, TextAreaField

from eexpo.forms import FilterForm, Form


class PipelineFilterForm(FilterForm):
    stage = SelectField(_l("Stage"), validate_choice=False)
    owner = SelectField(_l("Owner"), validate_choice=False)
    source = SelectField(_l("From"), validate_choice=False)
    q = SearchField(_l("Name, email or organization"))


class ProspectForm(Form):
    stage = SelectField(_l("Stage"), validate_choice=False)
    owner = SelectField(_l("Owner"), validate_choice=False)


class NoteForm(Form):
    text = TextAreaField(_l("Note"))
