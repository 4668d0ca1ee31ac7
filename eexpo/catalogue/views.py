"""The public catalogue: the exhibitor directory, halls and stands, the programme (also as
iCalendar), venues open to the public and signed projects. Pages a person can print."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from eexpo import qr
from eexpo.access import public, signed_in
from eexpo.catalogue import agenda, services
from eexpo.catalogue import programme as programme_pages
from eexpo.catalogue.rows import current_event
from eexpo.errors import NotFound
from eexpo.extensions import db
from eexpo.i18n import current_locale_code
from eexpo.links import external_url
from eexpo.meetings import booking, calendar
from eexpo.meetings.booking import Listed
from eexpo.meetings.places import place_words
from eexpo.models import MeetingStatus, ProgrammeSession
from eexpo.pagecache import cached
from eexpo.security import next_or
from eexpo.visit.favourites import parse_ids

bp = Blueprint("catalogue", __name__)
bp.add_app_template_global(agenda.has, "agenda_has")


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


@bp.get("/")
@public
@cached
def index() -> str:
    return render_template("catalogue/index.html", event=current_event())


@bp.get("/exhibitors")
@public
@cached
def exhibitors() -> str:
    chosen = request.args.get("by", "")
    by = chosen if chosen in services.GROUPINGS else "az"
    query = request.args.get("q", "").strip()[: services.MAX_QUERY_CHARS]
    entries = services.directory()
    locale = current_locale_code()
    shown = services.matching(entries, query, locale) if query else entries
    return render_template(
        "catalogue/exhibitors.html", by=by, groups=services.grouped(shown, by, locale),
        total=len(entries), online=sum(1 for e in entries if e.booth_id), event=current_event(),
        query=query, found=len(shown),
    )  # fmt: skip


@bp.get("/halls")
@public
@cached
def halls() -> str:
    return render_template("catalogue/halls.html", halls=services.halls())


@bp.get("/halls/<name>")
@public
@cached
def hall(name: str) -> str:
    found = services.hall_named(name)
    if found is None:
        raise NotFound()
    stands = services.hall_stands(found)
    query = request.args.get("find", "").strip()[: services.MAX_QUERY_CHARS]
    here = request.args.get("here", "").strip()
    if here and here not in {placed.stand.code for placed in stands}:
        raise NotFound(_("This hall has no stand %(code)s.", code=here[:40]))
    return render_template(
        "catalogue/hall.html", hall=found, stands=stands, plan=services.floor_plan(found),
        query=query, found=services.stands_matching(stands, query) if query else set(),
        here=here or None,
    )  # fmt: skip


@bp.get("/halls/<name>/cards")
@public
@cached
def stand_cards(name: str) -> str:
    """A sheet of stand cards to print: code, exhibitor, and the QR code that opens its e-booth."""
    found = services.hall_named(name)
    if found is None:
        raise NotFound()
    return render_template(
        "catalogue/stand_cards.html", hall=found, stands=services.hall_stands(found)
    )


@bp.get("/stands/<int:stand_id>/qr.<any(svg, png):kind>")
@public
@cached
def stand_qr(stand_id: int, kind: str) -> Response:
    """The stand's code: a short, lasting link, printed before booths are even published."""
    services.get_stand(stand_id)
    return qr.response(external_url("catalogue.stand", stand_id=stand_id), kind)


@bp.get("/stands/<int:stand_id>")
@public
@cached
def stand(stand_id: int) -> ResponseReturnValue:
    """Where a stand's code leads: its exhibitor's e-booth, else the stand in its hall, scrolled
    to the floor plan that marks it (or to its row, in a hall without a plan)."""
    found = services.get_stand(stand_id)
    booth_id = services.published_booth_of(found.exhibitor_id)
    if booth_id is not None:
        return redirect(url_for("visit.booth", booth_id=booth_id))
    on_plan = found.plan_x is not None and services.floor_plan(found.hall) is not None
    return redirect(url_for("catalogue.hall", name=found.hall.name, here=found.code,
                            _anchor="plan" if on_plan else f"stand-{found.code}"))  # fmt: skip


@bp.get("/programme")
@public
@cached
def programme() -> str:
    zone = _zone()
    sessions = programme_pages.all_sessions()
    offered = programme_pages.choices(zone, sessions)
    filters = programme_pages.read_filters(request.args, offered)
    return render_template(
        "catalogue/programme.html",
        days=programme_pages.programme(zone, sessions, filters),
        filters=filters,
        offered=offered,
    )


def _calendar_file(sessions: list[ProgrammeSession], filename: str) -> Response:
    data = programme_pages.calendar(sessions, current_locale_code(), request.host.split(":")[0])
    response = Response(data, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/programme.ics")
@public
@cached
def programme_ics() -> Response:
    """The whole programme for calendar applications."""
    days = programme_pages.programme(_zone(), programme_pages.all_sessions())
    return _calendar_file([s for day in days for s in day.sessions], "programme.ics")


@bp.get("/sessions/<int:session_id>")
@public
@cached
def session(session_id: int) -> str:
    found = programme_pages.get_session(session_id)
    return render_template(
        "catalogue/session.html", session=found, featured=programme_pages.featured(found)
    )


@bp.get("/sessions/<int:session_id>.ics")
@public
@cached
def session_ics(session_id: int) -> Response:
    return _calendar_file([programme_pages.get_session(session_id)], f"session-{session_id}.ics")


@bp.get("/speakers/<int:speaker_id>")
@public
@cached
def speaker(speaker_id: int) -> str:
    return render_template(
        "catalogue/speaker.html", speaker=programme_pages.get_speaker(speaker_id)
    )


@bp.get("/venues")
@public
@cached
def venues() -> str:
    return render_template("catalogue/venues.html", venues=services.venues())


@bp.get("/projects")
@public
@cached
def projects() -> str:
    return render_template("catalogue/projects.html", projects=services.projects())


# --- my agenda: sessions a visitor means to attend, beside the visitor's meetings -----------


@dataclass(frozen=True)
class AgendaEntry:
    starts_at: datetime
    session: ProgrammeSession | None = None
    meeting: Listed | None = None


def _agenda_days(
    sessions: list[ProgrammeSession], meetings: list[Listed]
) -> list[tuple[date, list[AgendaEntry]]]:
    zone = _zone()
    open_ones = (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED)
    entries = [AgendaEntry(s.starts_at, session=s) for s in sessions]
    entries += [
        AgendaEntry(m.meeting.slot.starts_at, meeting=m)
        for m in meetings
        if m.meeting.status in open_ones
    ]
    entries.sort(key=lambda entry: entry.starts_at)
    by_day = groupby(entries, key=lambda entry: entry.starts_at.astimezone(zone).date())
    return [(day, list(items)) for day, items in by_day]


@bp.get("/agenda")
@public
def agenda_page() -> str:
    """My agenda: the account's sessions and meetings, or the sessions an anonymous visitor's
    browser keeps and sends here as `?sessions=3,17` (static/js/tour.js)."""
    signed_in = current_user.is_authenticated
    if signed_in:
        ids = agenda.session_ids(current_user)
    else:
        ids = parse_ids(request.args.get("sessions", ""), agenda.MAX_SESSIONS)
    sessions = agenda.sessions(ids)
    meetings = booking.mine(current_user) if signed_in else []
    feed = calendar.key_of(current_user) if signed_in else None
    return render_template(
        "catalogue/agenda.html", days=_agenda_days(sessions, meetings), place=place_words,
        ids=[s.id for s in sessions],
        feed=url_for("api.meetings_feed", key=feed, _external=True) if feed else None,
    )  # fmt: skip


@bp.get("/agenda.ics")
@public
@cached
def agenda_ics() -> Response:
    """The sessions of a browser's agenda (`?sessions=3,17`), for calendar applications."""
    ids = parse_ids(request.args.get("sessions", ""), agenda.MAX_SESSIONS)
    return _calendar_file(agenda.sessions(ids), "agenda.ics")


@bp.post("/agenda/sessions/<int:session_id>")
@signed_in
def agenda_add(session_id: int) -> ResponseReturnValue:
    agenda.add(current_user, [session_id])
    db.session.commit()
    flash(_("The session is on your agenda."), "success")
    return redirect(next_or(url_for("catalogue.session", session_id=session_id)))


@bp.post("/agenda/sessions/<int:session_id>/remove")
@signed_in
def agenda_remove(session_id: int) -> ResponseReturnValue:
    if agenda.remove(current_user, session_id):
        db.session.commit()
        flash(_("The session is off your agenda."), "success")
    return redirect(next_or(url_for("catalogue.session", session_id=session_id)))


@bp.post("/agenda/import")
@signed_in
def agenda_import() -> ResponseReturnValue:
    """The sessions an anonymous visitor gathered in this browser, added to the account after
    signing in."""
    ids = parse_ids(request.form.get("sessions", ""), agenda.MAX_SESSIONS)
    added = agenda.add(current_user, ids)
    db.session.commit()
    flash(ngettext("%(num)d session added to your agenda.",
                   "%(num)d sessions added to your agenda.", added), "success")  # fmt: skip
    return redirect(url_for("catalogue.agenda_page"))
