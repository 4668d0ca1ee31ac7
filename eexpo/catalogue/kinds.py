"""The eight kinds of catalogue CSV: their columns, keys, checks, and how rows are read and written.

Rows travel as dictionaries of *canonical* text (upper-case country codes, ISO dates, plain
decimals), so that what a file says can be compared with what is stored, column by column, and
an export imported again changes nothing.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from eexpo.catalogue.kinds_expo import EventKind, ExhibitorKind, SectorKind
from eexpo.catalogue.kinds_programme import GlossaryKind, ProjectKind, VenueKindSpec
from eexpo.catalogue.kinds_sessions import SessionKindSpec, SpeakerKind
from eexpo.catalogue.rows import Kind

# What the console calls each CSV column.
COLUMN_LABELS = {
    "name": _l("Name"), "name_zh": _l("Name in Chinese"), "starts_on": _l("First day"),
    "ends_on": _l("Last day"), "venue": _l("Venue"), "country": _l("Country or region (ISO code)"),
    "region": _l("Region"), "slug": _l("Short name in addresses"), "group": _l("Sector group"),
    "delegation": _l("Delegation"), "sector": _l("Sector (short name)"), "website": _l("Website"),
    "email": _l("Email"), "hall": _l("Hall"), "stand": _l("Stand"), "title": _l("Title"),
    "starts_at": _l("Starts"), "kind": _l("Kind"), "ends_at": _l("Ends"), "room": _l("Room"),
    "speakers": _l("Speakers: Name (Affiliation); …"), "description": _l("Description"),
    "address": _l("Address"), "opening_hours": _l("Opening hours"),
    "value_cny": _l("Value in yuan"), "signed_on": _l("Signed on"), "parties": _l("Parties"),
    "venue_zh": _l("Venue in Chinese"), "group_name": _l("Sector group's name"),
    "group_name_zh": _l("Sector group's name in Chinese"), "title_zh": _l("Title in Chinese"),
    "room_zh": _l("Room in Chinese"), "speakers_zh": _l("Speakers in Chinese, in the same order"),
    "description_zh": _l("Description in Chinese"), "address_zh": _l("Address in Chinese"),
    "affiliation": _l("Affiliation"), "affiliation_zh": _l("Affiliation in Chinese"),
    "bio": _l("Biography"), "bio_zh": _l("Biography in Chinese"),
    "exhibitors": _l("Exhibitors: names; …"), "english": _l("Region or delegation, in English"),
    "chinese": _l("The same in Chinese"),
}  # fmt: skip

# What the console calls each kind.
KIND_TITLES = {
    "event": _l("The event"), "sectors": _l("Sectors"),
    "exhibitors": _l("Exhibitors, halls and stands"), "sessions": _l("Programme"),
    "speakers": _l("Speakers"), "venues": _l("Venues open to the public"),
    "projects": _l("Signed projects"), "glossary": _l("Regions and delegations in Chinese"),
}  # fmt: skip

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (EventKind(), SectorKind(), ExhibitorKind(), SessionKindSpec(), SpeakerKind(),
                 VenueKindSpec(), ProjectKind(), GlossaryKind())
}  # fmt: skip
