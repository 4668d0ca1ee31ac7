"""The base form: CSRF through Flask-WTF, and a refusal of text that did not arrive as UTF-8."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import flash, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError

from eexpo.errors import DomainError
from eexpo.extensions import db
from eexpo.inputs import MAX_PAGE

T = TypeVar("T")


class Form(FlaskForm):
    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field, StringField) and isinstance(field.data, str):
                try:
                    _check_text(field.data)
                except ValidationError as error:
                    field.errors = [*field.errors, str(error)]
                    valid = False
        return valid


class FilterForm(Form):
    """A GET form of filters: it changes nothing, so it carries no CSRF token."""

    class Meta:
        csrf = False


def page_arg() -> int:
    """The `page` query argument: a positive number, 1 when absent or not a number, at most
    `MAX_PAGE` (past every listing's end, yet an offset the database can take)."""
    return min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)


def run_form_action(form: FlaskForm, action: Callable[[], T]) -> tuple[T | None, int]:
    """Run one service call for a submitted form: commit on success; on a refusal roll back and
    show its message beside the field it names (or above the form). Returns (result, status)."""
    try:
        result = action()
    except DomainError as error:
        db.session.rollback()
        field = next((form[name] for name in error.fields if name in form), None)
        if field is not None:
            field.errors = [*field.errors, error.message]
        else:
            flash(error.message, "error")
        return None, error.status
    db.session.commit()
    return result, 200


def run_button_action(action: Callable[[], object], done: str) -> bool:
    """Run one service call behind a button (no form fields): commit and flash `done`, or roll
    back and flash the refusal's message. The page redirects either way."""
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return False
    db.session.commit()
    flash(done, "success")
    return True


def _check_text(value: str) -> None:
    # Werkzeug decodes bytes that are not UTF-8 into U+FFFD; a NUL has no place in any text we keep.
    if "\ufffd" in value:
        raise ValidationError(_l("This text is not valid UTF-8. Please retype it."))
    if "\x00" in value:
        raise ValidationError(_l("This text contains a NUL character."))
