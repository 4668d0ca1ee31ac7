"""A draft's exhibits: what the editor and the API send, checked and turned into the revision's
exhibit versions; copied into each new draft; read back for the editor."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from eexpo.booths import markdown
from eexpo.booths.services import clean_text, find_sector
from eexpo.errors import Invalid
from eexpo.extensions import db
from eexpo.i18n import current_locale_code
from eexpo.models import (
    Booth,
    BoothStatus,
    Exhibit,
    ExhibitCooperation,
    ExhibitKind,
    ExhibitMedia,
    ExhibitVersion,
    IpStatus,
    MediaItem,
    MediaKind,
    MediaStatus,
)

MAX_EXHIBITS = 50
MAX_NAME_CHARS = 200
MAX_SUMMARY_CHARS = 500
MAX_SECTORS = 3
# How many files of each kind one exhibit shows.
MAX_FILES = {MediaKind.IMAGE: 8, MediaKind.VIDEO: 1, MediaKind.DOCUMENT: 5}
TRL_RANGE = range(1, 10)


def versions_from(raw: Any, booth: Booth) -> list[ExhibitVersion]:
    """The exhibits of a draft as sent (`exhibits` of the API, in their order), checked; an
    entry with an `id` is the next version of that exhibit of the booth. Raises Invalid naming
    the first field at fault."""
    if not isinstance(raw, list) or len(raw) > MAX_EXHIBITS:
        raise Invalid(
            _("A booth shows at most %(n)d exhibits.", n=MAX_EXHIBITS),
            fields={"exhibits": "invalid"},
        )
    entries = [_entry(item, index) for index, item in enumerate(raw)]
    known = set(db.session.scalars(sa.select(Exhibit.id).where(Exhibit.booth_id == booth.id)))
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        lasting = entry.get("id")
        if lasting is not None and (lasting not in known or lasting in seen):
            raise Invalid(
                _("Exhibit %(n)d names an exhibit this booth does not have.", n=index + 1),
                fields={f"exhibits[{index}].id": "unknown"},
            )
        if lasting is not None:
            seen.add(lasting)
    media = _own_media(entries, booth)
    return [_version(index, entry, booth, media) for index, entry in enumerate(entries)]


def _entry(item: Any, index: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise Invalid(
            _("Exhibit %(n)d must be an object.", n=index + 1),
            fields={f"exhibits[{index}]": "invalid"},
        )
    return item


def _field(index: int, name: str) -> str:
    return f"exhibits[{index}].{name}"


def _text(entry: dict[str, Any], index: int, name: str, label: object, limit: int,
          *, required: bool = False) -> str:  # fmt: skip
    value = entry.get(name, "")
    if value is None and not required:
        value = ""
    if not isinstance(value, str):
        raise Invalid(
            _("'%(name)s' must be text.", name=name), fields={_field(index, name): "invalid"}
        )
    return clean_text(value, _field(index, name), label, limit, required=required)


def _choice(entry: dict[str, Any], index: int, name: str, allowed: type, *, optional: bool) -> Any:
    value = entry.get(name)
    if value in (None, "") and optional:
        return None
    try:
        return allowed(value)
    except ValueError:
        raise Invalid(
            _("Exhibit %(n)d: “%(value)s” is not a %(field)s we know.",
              n=index + 1, value=str(value)[:40], field=FIELD_LABELS[name]),
            fields={_field(index, name): "unknown"},
        ) from None  # fmt: skip


FIELD_LABELS = {
    "kind": _l("kind"),
    "ip_status": _l("IP status"),
    "cooperation": _l("kind of cooperation"),
}

# What pages call each kind, cooperation and IP status, in the reader's language.
LABELS: dict[str, dict[str, LazyString]] = {
    "kind": {
        ExhibitKind.PRODUCT: _l("Product"),
        ExhibitKind.TECHNOLOGY: _l("Technology"),
        ExhibitKind.SERVICE: _l("Service"),
        ExhibitKind.PROJECT: _l("Project seeking partners"),
    },
    "cooperation": {
        ExhibitCooperation.SALE: _l("Sale"),
        ExhibitCooperation.LICENSING: _l("Licensing"),
        ExhibitCooperation.JOINT_DEVELOPMENT: _l("Joint development"),
        ExhibitCooperation.INVESTMENT: _l("Investment"),
        ExhibitCooperation.DISTRIBUTION: _l("Distribution"),
        ExhibitCooperation.RESEARCH: _l("Research cooperation"),
    },
    "ip_status": {
        IpStatus.PATENTED: _l("Patented"),
        IpStatus.PENDING: _l("Patent pending"),
        IpStatus.NONE: _l("No patent"),
    },
}


def labels() -> dict[str, dict[str, str]]:
    """`LABELS` in the current language, translated once per language and process (a
    catalogue's 24 cards asked for hundreds of translations)."""
    return _labels_in(current_locale_code())


@lru_cache(maxsize=8)
def _labels_in(_locale: str) -> dict[str, dict[str, str]]:
    return {group: {str(key): str(label) for key, label in names.items()}
            for group, names in LABELS.items()}  # fmt: skip


def _trl(entry: dict[str, Any], index: int) -> int | None:
    value = entry.get("trl")
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value not in TRL_RANGE:
        raise Invalid(
            _("Exhibit %(n)d: the readiness level is 1 to 9.", n=index + 1),
            fields={_field(index, "trl"): "invalid"},
        )
    return value


def _list(entry: dict[str, Any], index: int, name: str) -> list[Any]:
    value = entry.get(name) or []
    if not isinstance(value, list):
        raise Invalid(
            _("'%(name)s' must be a list.", name=name), fields={_field(index, name): "invalid"}
        )
    return value


def _own_media(entries: list[dict[str, Any]], booth: Booth) -> dict[int, MediaItem]:
    wanted = {
        media_id
        for index, entry in enumerate(entries)
        for name in ("media_ids", "document_ids")
        for media_id in _list(entry, index, name)
        if isinstance(media_id, int) and not isinstance(media_id, bool)
    }
    if not wanted:
        return {}
    return {
        item.id: item
        for item in db.session.scalars(
            sa.select(MediaItem).where(
                MediaItem.id.in_(wanted), MediaItem.exhibitor_id == booth.exhibitor_id
            )
        )
    }


def _files(entry: dict[str, Any], index: int, media: dict[int, MediaItem]) -> list[MediaItem]:
    """The exhibit's photos and video (`media_ids`), then its documents (`document_ids`)."""
    chosen: list[MediaItem] = []
    for name, kinds in (("media_ids", (MediaKind.IMAGE, MediaKind.VIDEO)),
                        ("document_ids", (MediaKind.DOCUMENT,))):  # fmt: skip
        for media_id in _list(entry, index, name):
            item = media.get(media_id) if isinstance(media_id, int) else None
            if item is None or item.kind not in kinds or item.status == MediaStatus.FAILED:
                raise Invalid(
                    _("Exhibit %(n)d: file %(id)s is not one of your organization's %(kind)s.",
                      n=index + 1, id=str(media_id)[:20],
                      kind=_("photos or videos") if name == "media_ids" else _("documents")),
                    fields={_field(index, name): "media"},
                )  # fmt: skip
            if item not in chosen:
                chosen.append(item)
    for kind, most in MAX_FILES.items():
        if sum(1 for item in chosen if item.kind == kind) > most:
            raise Invalid(
                _("Exhibit %(n)d shows at most %(photos)d photos, %(videos)d video and "
                  "%(documents)d documents.", n=index + 1, photos=MAX_FILES[MediaKind.IMAGE],
                  videos=MAX_FILES[MediaKind.VIDEO], documents=MAX_FILES[MediaKind.DOCUMENT]),
                fields={_field(index, "media_ids"): "too_many"},
            )  # fmt: skip
    return chosen


def _version(
    index: int, entry: dict[str, Any], booth: Booth, media: dict[int, MediaItem]
) -> ExhibitVersion:
    name = _text(entry, index, "name", _l("name"), MAX_NAME_CHARS, required=True)
    description = _text(entry, index, "description", _l("description"), markdown.MAX_MARKDOWN_CHARS)
    sectors = _list(entry, index, "sectors")
    if len(sectors) > MAX_SECTORS:
        raise Invalid(
            _("Exhibit %(n)d: name at most %(most)d sectors.", n=index + 1, most=MAX_SECTORS),
            fields={_field(index, "sectors"): "invalid"},
        )
    version = ExhibitVersion(
        position=index,
        name=name,
        name_zh=_text(entry, index, "name_zh", _l("Chinese name"), MAX_NAME_CHARS) or None,
        summary=_text(entry, index, "summary", _l("summary"), MAX_SUMMARY_CHARS),
        summary_zh=_text(entry, index, "summary_zh", _l("Chinese summary"), MAX_SUMMARY_CHARS)
        or None,
        markdown=description,
        html=str(markdown.render(description)),
        kind=_choice(entry, index, "kind", ExhibitKind, optional=False),
        trl=_trl(entry, index),
        ip_status=_choice(entry, index, "ip_status", IpStatus, optional=True),
        sectors=[find_sector(slug, _field(index, "sectors")) for slug in dict.fromkeys(sectors)],
        media=[ExhibitMedia(position=n, media=item)
               for n, item in enumerate(_files(entry, index, media))],
    )  # fmt: skip
    version.cooperation = [
        _choice({"cooperation": kind}, index, "cooperation", ExhibitCooperation, optional=False)
        for kind in _list(entry, index, "cooperation")
    ]
    lasting = entry.get("id")
    found = db.session.get(Exhibit, lasting) if lasting else None
    version.exhibit = found or Exhibit(booth=booth)
    return version


def show_live(booth: Booth) -> None:
    """Point each of the booth's exhibits at the version visitors see now: its published
    revision's while the booth is published, none otherwise (after an approval, a takedown, a
    restore)."""
    db.session.flush()
    live = {}
    revision = booth.published_revision
    if booth.status == BoothStatus.PUBLISHED and revision is not None:
        live = {version.exhibit_id: version.id for version in revision.exhibits}
    for exhibit in db.session.scalars(sa.select(Exhibit).where(Exhibit.booth_id == booth.id)):
        exhibit.live_version_id = live.get(exhibit.id)


def forget_unshown(booth: Booth) -> None:
    """Exhibits no revision of the booth has any more (added to a draft, then removed)."""
    db.session.flush()
    db.session.execute(
        sa.delete(Exhibit).where(
            Exhibit.booth_id == booth.id,
            ~sa.exists().where(ExhibitVersion.exhibit_id == Exhibit.id),
        )
    )


def copy(version: ExhibitVersion) -> ExhibitVersion:
    """The same exhibit, for a new draft."""
    return ExhibitVersion(
        exhibit_id=version.exhibit_id, position=version.position, name=version.name,
        name_zh=version.name_zh, summary=version.summary, summary_zh=version.summary_zh,
        markdown=version.markdown, html=version.html, kind=version.kind, trl=version.trl,
        ip_status=version.ip_status, offers=version.offers, sectors=list(version.sectors),
        media=[ExhibitMedia(position=m.position, media_id=m.media_id) for m in version.media],
    )  # fmt: skip


def files_of(version: ExhibitVersion, *kinds: MediaKind) -> list[MediaItem]:
    return [link.media for link in version.media if link.media.kind in kinds]


def exhibit_json(version: ExhibitVersion) -> dict[str, Any]:
    """An exhibit as the editor and `GET /booths/{id}/draft` read it."""
    return {
        "id": version.exhibit_id,
        "name": version.name,
        "name_zh": version.name_zh or "",
        "summary": version.summary,
        "summary_zh": version.summary_zh or "",
        "description": version.markdown,
        "kind": version.kind.value,
        "sectors": [sector.slug for sector in version.sectors],
        "trl": version.trl,
        "cooperation": [kind.value for kind in version.cooperation],
        "ip_status": version.ip_status.value if version.ip_status else None,
        "media_ids": [m.id for m in files_of(version, MediaKind.IMAGE, MediaKind.VIDEO)],
        "document_ids": [m.id for m in files_of(version, MediaKind.DOCUMENT)],
    }
