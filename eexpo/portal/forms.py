"""The portal's forms; the booth editor's blocks are read from the request by the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from eexpo.accounts.forms import COUNTRY_CODE, OrganizationDetails
from eexpo.forms import Form
from eexpo.models import Sector


class _SectorChoices:
    def set_sectors(self, sectors: list[Sector], locale: str) -> None:
        choices = [SelectChoice(s.slug, s.display_name(locale)) for s in sectors]
        self.sector.choices = choices  # type: ignore[attr-defined]
        if hasattr(self, "secondary_sectors"):
            self.secondary_sectors.choices = choices


class NewBoothForm(_SectorChoices, Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    sector = SelectField(_l("Sector"), validate_choice=False)
    summary = TextAreaField(_l("Summary"), validators=[Length(max=1000)])


class EditorForm(_SectorChoices, Form):
    """Title and sectors; the service validates them, with the blocks, in one place."""

    version = HiddenField()
    title = StringField(_l("Title"))
    summary = TextAreaField(_l("Summary"))
    sector = SelectField(_l("Primary sector"), validate_choice=False)
    secondary_sectors = SelectMultipleField(
        _l("Further sectors (up to three)"),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class ProfileForm(OrganizationDetails, Form):
    name_zh = StringField(
        _l("Organization name (Chinese)"), validators=[Optional(), Length(max=200)]
    )
    country = StringField(_l("Country (two-letter code)"), validators=[Optional(), COUNTRY_CODE])
    contact_email = EmailField(
        _l("Contact email"),
        validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid email address."))],
    )
    description = TextAreaField(
        _l("About the organization"), validators=[Optional(), Length(max=5000)]
    )
    logo_media_id = HiddenField(validators=[Optional(), Regexp(r"^\d+$")])
    banner_media_id = SelectField(
        _l("Banner at the top of your booth pages (one of your photos, shown wide at 4:1)"),
        validate_choice=False,
        validators=[Optional(), Regexp(r"^\d*$")],
    )
    social_links = TextAreaField(
        _l("Links elsewhere: LinkedIn, WeChat, YouTube… (https, one per line, up to five)"),
        validators=[Optional(), Length(max=3000)],
    )
