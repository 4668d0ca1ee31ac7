"""The organizers' overview of business matchmaking, and every meeting as CSV."""

from __future__ import annotations

from flask import Response, render_template, stream_with_context
from flask_babel import format_date

from eexpo.access import role_required
from eexpo.csvfiles import iter_csv
from eexpo.meetings import overview
from eexpo.meetings.booking import status_label
from eexpo.models import MeetingStatus, Role
from eexpo.organizer import bp
from eexpo.report import percent_labels, share


@bp.get("/meetings")
@role_required(Role.ORGANIZER)
def meetings() -> str:
    figures = overview.overview()
    return render_template(
        "organizer/meetings.html",
        overview=figures,
        statuses=[(status, status_label(status)) for status in MeetingStatus],
        day_rows=[(format_date(day, "full"), counts) for day, counts in figures.by_day],
        sector_rows=[(counts.label, counts) for counts in figures.by_sector],
        talks=[
            (talk, percent_labels([share(talk.taken, talk.capacity)])[0] if talk.capacity else "—")
            for talk in figures.talks
        ],
    )


@bp.get("/meetings.csv")
@role_required(Role.ORGANIZER)
def meetings_csv() -> Response:
    response = Response(
        stream_with_context(iter_csv(overview.CSV_HEADER, overview.csv_rows())),
        mimetype="text/csv",
    )
    response.headers["Content-Disposition"] = 'attachment; filename="meetings.csv"'
    return response
