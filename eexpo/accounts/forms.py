"""Sign-in, application, invitation and password forms; every field is bounded in length."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import URL, DataRequired, Email, EqualTo, Length, Optional, Regexp

from eexpo.accounts.services import MIN_PASSWORD_LENGTH
from eexpo.forms import Form

_email = [DataRequired(), Length(max=254), Email(message=_l("Enter a valid email address."))]


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


_new_password = [
    DataRequired(),
    Length(
        min=MIN_PASSWORD_LENGTH,
        max=200,
        message=_l("Choose a password of 10 to 200 characters."),
    ),
]


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=_email, filters=[_strip])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in"))
    next = HiddenField(validators=[Length(max=2000)])


class NewPasswordMixin:
    password = PasswordField(_l("New password"), validators=_new_password)
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class AcceptInvitationForm(NewPasswordMixin, Form):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])


COUNTRY_CODE = Regexp(r"^[A-Za-z]{2}$", message=_l("Use the two-letter code, such as CN or DE."))


class OrganizationDetails:
    """The fields an organization gives about itself, in an application and in its profile."""

    region = StringField(_l("Province or region"), validators=[Optional(), Length(max=100)])
    delegation = StringField(_l("Delegation"), validators=[Optional(), Length(max=200)])
    website = StringField(
        _l("Website"),
        validators=[Optional(), Length(max=500), URL(message=_l("Enter a full web address."))],
    )
    contact_phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])


class ApplyForm(NewPasswordMixin, OrganizationDetails, Form):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email"), validators=_email, filters=[_strip])
    organization_name = StringField(
        _l("Organization name (English)"), validators=[DataRequired(), Length(max=200)]
    )
    organization_name_zh = StringField(
        _l("Organization name (Chinese)"), validators=[Optional(), Length(max=200)]
    )
    country = StringField(
        _l("Country (two-letter code)"), validators=[DataRequired(), COUNTRY_CODE]
    )


class ForgotPasswordForm(Form):
    email = EmailField(_l("Email"), validators=_email, filters=[_strip])


class ResetPasswordForm(NewPasswordMixin, Form):
    pass


class InviteForm(Form):
    email = EmailField(_l("Email"), validators=_email, filters=[_strip])


class InviteExhibitorForm(InviteForm):
    organization_name = StringField(
        _l("Organization name"), validators=[DataRequired(), Length(max=200)]
    )


class LocaleForm(Form):
    locale = HiddenField(validators=[DataRequired(), Length(max=10)])
    next = HiddenField(validators=[Length(max=2000)])
