"""An exhibiting organization's public profile: its details, logo, banner and links, as its
booth pages and cards show them."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _

from eexpo import permissions, search
from eexpo.accounts.services import normalize_email
from eexpo.errors import Forbidden, Invalid
from eexpo.extensions import db
from eexpo.models import Exhibitor, MediaItem, MediaKind, MediaStatus, User


def photos(exhibitor: Exhibitor) -> list[MediaItem]:
    """The organization's processed photos, newest first: what a banner may be."""
    return list(
        db.session.scalars(
            sa.select(MediaItem)
            .where(
                MediaItem.exhibitor_id == exhibitor.id,
                MediaItem.kind == MediaKind.IMAGE,
                MediaItem.status == MediaStatus.READY,
            )
            .order_by(MediaItem.id.desc())
            .limit(200)
        )
    )


def _own_photo(media_id: int, exhibitor: Exhibitor) -> bool:
    item = db.session.get(MediaItem, media_id)
    return (
        item is not None
        and item.exhibitor_id == exhibitor.id
        and item.kind == MediaKind.IMAGE
        and item.status != MediaStatus.FAILED
    )


def _social_links(links: list[str]) -> list[str]:
    """The links as given, each a full https address; Invalid naming the first that is not."""
    kept = [link.strip() for link in links if link.strip()]
    if len(kept) > MAX_SOCIAL_LINKS:
        raise Invalid(
            _("Give at most %(n)d links.", n=MAX_SOCIAL_LINKS), fields={"social_links": "invalid"}
        )
    for link in kept:
        parts = urlsplit(link)
        if parts.scheme != "https" or not parts.hostname or len(link) > 500 or " " in link:
            raise Invalid(
                _("“%(link)s” is not a full https address.", link=link[:80]),
                fields={"social_links": "invalid"},
            )
    return kept


PROFILE_FIELDS = (
    "name_zh", "country", "region", "delegation", "website", "contact_email", "contact_phone",
    "description",
)  # fmt: skip


MAX_SOCIAL_LINKS = 5


def update_profile(
    exhibitor: Exhibitor, values: dict[str, str | None], *, logo_media_id: int | None,
    banner_media_id: int | None = None, social_links: list[str] | None = None, actor: User,
) -> None:  # fmt: skip
    """Change the organization's public profile (its English name, the catalogue's key, stays
    with the organizers). The logo and the banner must be the organization's own photos; the
    social links, up to five https addresses."""
    if not permissions.can_edit_profile(actor, exhibitor):
        raise Forbidden()
    searched = (exhibitor.name_zh, exhibitor.delegation, exhibitor.region)
    for name in PROFILE_FIELDS:
        value = (values.get(name) or "").strip()
        setattr(exhibitor, name, value or None)
    if exhibitor.country:
        exhibitor.country = exhibitor.country.upper()
    if exhibitor.contact_email:
        exhibitor.contact_email = normalize_email(exhibitor.contact_email)
    for media_id, field, message in (
        (logo_media_id, "logo_media_id", _("The logo must be one of your organization's photos.")),
        (banner_media_id, "banner_media_id",
         _("The banner must be one of your organization's photos.")),
    ):  # fmt: skip
        if media_id is not None and not _own_photo(media_id, exhibitor):
            raise Invalid(message, fields={field: "invalid"})
    exhibitor.logo_media_id, exhibitor.banner_media_id = logo_media_id, banner_media_id
    exhibitor.social_links = _social_links(social_links or [])
    if (exhibitor.name_zh, exhibitor.delegation, exhibitor.region) != searched:  # all searchable
        db.session.flush()
        search.index_exhibitor(exhibitor)
