"""The meetings pages: booking a slot from a booth, the agenda of one's meetings (answering,
cancelling, the calendar feed), and the exhibitor's offered times in the portal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from itertools import groupby

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from eexpo.access import role_required, signed_in
from eexpo.catalogue.rows import current_event, expo_zone
from eexpo.errors import Invalid, NotFound
from eexpo.extensions import db
from eexpo.forms import run_button_action, run_form_action
from eexpo.inputs import MAX_INT
from eexpo.meetings import availability, booking, calendar
from eexpo.meetings.forms import BookingForm, OfferForm
from eexpo.meetings.places import place_words
from eexpo.models import Booth, Meeting, PlaceKind, ProgrammeSession, Role, SessionKind, User
from eexpo.pagecache import PRIVATE
from eexpo.people import services as people

bp = Blueprint("meetings", __name__)
bp.add_app_template_global(booking.status_label, "status_label")


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = PRIVATE
    return response


def _days(moments: list[tuple[datetime, object]]) -> list[tuple[object, list[object]]]:
    zone = expo_zone()
    return [
        (day, [item for _at, item in group])
        for day, group in groupby(moments, key=lambda pair: pair[0].astimezone(zone).date())
    ]


@bp.route("/booths/<int:booth_id>/meet", methods=["GET", "POST"])
@signed_in
def book(booth_id: int) -> str | Response | tuple[str, int]:
    exhibitor_id = availability.shown_exhibitor(booth_id)
    booth = db.session.get_one(Booth, booth_id)
    form = BookingForm()
    if not form.is_submitted():
        form.exhibit.data = request.args.get("exhibit", "")
    about = _exhibit_arg(form.exhibit.data)
    exhibit = availability.shown_exhibits(exhibitor_id).get(about) if about else None
    if about and exhibit is None:
        raise NotFound(_("This exhibitor shows no such exhibit."))
    status = 200
    if form.validate_on_submit():
        slot_id = _slot_arg(form.slot.data)
        meeting, status = run_form_action(
            form,
            lambda: booking.request_meeting(
                current_user, slot_id, form.message.data or "", exhibit_id=about
            ),
        )
        if meeting is not None:
            flash(_("Your request is sent. You will hear when the exhibitor answers."), "success")
            return redirect(url_for("meetings.agenda"))
    slots = availability.free_slots(exhibitor_id)
    days = _days([(slot.starts_at, slot) for slot in slots])
    page = render_template("meetings/book.html", booth=booth, days=days, form=form,
                           exhibit=exhibit)  # fmt: skip
    return (page, status) if status != 200 else page


@bp.get("/meetings")
@signed_in
def agenda() -> str:
    listed = booking.mine(current_user)
    days = _days([(x.meeting.slot.starts_at, x) for x in listed])
    feed = url_for("api.meetings_feed", key=calendar.key_of(current_user), _external=True)
    profiled = people.with_profile({x.meeting.requester_id for x in listed if x.hosting})
    exhibitor_id = current_user.exhibitor_id
    hosts = exhibitor_id is not None and any(x.hosting for x in listed)
    others = availability.free_slots(exhibitor_id) if hosts else []
    about = booking.exhibits_asked_about([x.meeting for x in listed])
    return render_template("meetings/agenda.html", days=days, feed=feed, place=place_words,
                           profiled=profiled, others=others, about=about)  # fmt: skip


_ACTIONS: dict[str, tuple[Callable[[User, int, str], Meeting], LazyString]] = {
    "accept": (lambda user, mid, _words: booking.accept(user, mid), _l("The meeting is accepted.")),
    "decline": (booking.decline, _l("The request is declined.")),
    "cancel": (booking.cancel, _l("The meeting is cancelled.")),
}


@bp.post("/meetings/<int:meeting_id>/<any(accept, decline, cancel):action>")
@signed_in
def answer(meeting_id: int, action: str) -> Response:
    step, done = _ACTIONS[action]
    words = request.form.get("message", "")
    run_button_action(lambda: step(current_user, meeting_id, words), str(done))
    return redirect(url_for("meetings.agenda"))


@bp.post("/meetings/<int:meeting_id>/propose")
@signed_in
def propose(meeting_id: int) -> Response:
    slot_id = _slot_arg(request.form.get("slot"))
    words = request.form.get("message", "")
    run_button_action(
        lambda: booking.propose(current_user, meeting_id, slot_id, words),
        _("The other time is proposed; they are told."),
    )
    return redirect(url_for("meetings.agenda"))


def _slot_arg(value: str | None) -> int:
    """A slot's id from a form; 0 (no slot) for anything else, so the service names it."""
    text = str(value or "")
    return int(text) if text.isdigit() and int(text) <= MAX_INT else 0


def _exhibit_arg(value: str | None) -> int | None:
    """The exhibit a booking is about: None when not given; 0 (no exhibit) when not an id."""
    return None if not value else _slot_arg(value)


@bp.post("/meetings/calendar-key")
@signed_in
def renew_key() -> Response:
    run_button_action(
        lambda: calendar.renew(current_user),
        _("Your calendar link is renewed; the old one works no more."),
    )
    return redirect(url_for("meetings.agenda"))


# --- the exhibitor's offered times ------------------------------------------------------------


def _offer_choices(form: OfferForm) -> None:
    event = current_event()
    if event is not None:
        span = (event.ends_on - event.starts_on).days + 1
        days = [event.starts_on + timedelta(days=n) for n in range(max(span, 0))]
        form.day.choices = [SelectChoice(d.isoformat(), format_date(d, "full")) for d in days]
    talks = db.session.scalars(
        sa.select(ProgrammeSession)
        .where(ProgrammeSession.kind == SessionKind.BUSINESS_TALK, ProgrammeSession.tables > 0)
        .order_by(ProgrammeSession.starts_at)
    )
    form.session.choices = [SelectChoice(str(t.id), t.title) for t in talks]
    team = [u for u in current_user.exhibitor.users if u.is_active]
    form.host.choices = [SelectChoice(str(u.id), u.name or u.email) for u in team]
    if not form.host.data:
        form.host.data = str(current_user.id)


def _moment(day: str, clock: str, field: str) -> datetime:
    try:
        return datetime.combine(
            datetime.fromisoformat(day).date(), time.fromisoformat(clock), expo_zone()
        )
    except ValueError:
        raise Invalid(_("Give a day of the expo and a time like 14:30."),
                      fields={field: "invalid"}) from None  # fmt: skip


def _offer(form: OfferForm) -> list[object]:
    kind = PlaceKind(
        form.place.data if form.place.data in ("stand", "online", "table") else "stand"
    )
    if kind == PlaceKind.ONLINE and not (form.url.data or "").startswith(("https://", "http://")):
        raise Invalid(_("Give the video call's link, starting with https://."),
                      fields={"url": "invalid"})  # fmt: skip
    session = int(form.session.data) if (form.session.data or "").isdigit() else None
    host = db.session.get(User, int(form.host.data)) if (form.host.data or "").isdigit() else None
    if host is None:
        raise NotFound()
    return list(
        availability.offer(
            current_user,
            starts_at=_moment(form.day.data or "", form.starts.data or "", "starts"),
            ends_at=_moment(form.day.data or "", form.ends.data or "", "ends"),
            slot_minutes=form.slot_minutes.data or 0,
            place=availability.Place(
                kind,
                url=form.url.data if kind == PlaceKind.ONLINE else None,
                session_id=session if kind == PlaceKind.TABLE else None,
            ),
            host=host,
        )  # fmt: skip
    )


@bp.route("/portal/availability", methods=["GET", "POST"])
@role_required(Role.EXHIBITOR)
def offered() -> str | tuple[str, int] | Response:
    form = OfferForm()
    _offer_choices(form)
    status = 200
    if form.validate_on_submit():
        made, status = run_form_action(form, lambda: _offer(form))
        if made is not None:
            flash(
                ngettext("%(num)d meeting time is offered.", "%(num)d meeting times are offered.",
                         len(made)),
                "success",
            )  # fmt: skip
            return redirect(url_for("meetings.offered"))
    slots = availability.offered(current_user)
    days = _days([(o.slot.starts_at, o) for o in slots])
    page = render_template("meetings/offered.html", form=form, days=days)
    return (page, status) if status != 200 else page


@bp.post("/portal/availability/<int:slot_id>/withdraw")
@role_required(Role.EXHIBITOR)
def withdraw(slot_id: int) -> Response:
    run_button_action(
        lambda: availability.withdraw(current_user, slot_id), _("The time is withdrawn.")
    )
    return redirect(url_for("meetings.offered"))
