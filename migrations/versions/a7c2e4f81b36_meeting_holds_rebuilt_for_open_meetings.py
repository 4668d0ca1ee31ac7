"""meeting holds rebuilt for open meetings

On SQLite, the pipeline migration (47d196925c69) rebuilt `meeting` while foreign keys were
enforced, and dropping the old table deleted every `meeting_hold` and `table_hold` row: the open
meetings made before it lost the rows that keep a person out of two meetings at once and a table
from being given twice. This puts back what is missing. PostgreSQL lost nothing; there the
statements find every hold in place and insert none.

Revision ID: a7c2e4f81b36
Revises: 3764e22151ae
Create Date: 2026-12-07 14:00:00.000000

"""
from datetime import timedelta

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql, sqlite


revision = 'a7c2e4f81b36'
down_revision = '3764e22151ae'
branch_labels = None
depends_on = None

GRAIN = timedelta(minutes=5)  # eexpo.meetings.holds.GRAIN, as it was when the holds were made


def upgrade():
    bind = op.get_bind()
    when = sa.DateTime(timezone=True)
    meeting = sa.table("meeting", sa.column("id"), sa.column("slot_id"),
                       sa.column("requester_id"), sa.column("status"),
                       sa.column("table_number"))
    slot = sa.table("meeting_slot", sa.column("id"), sa.column("host_id"),
                    sa.column("starts_at", when), sa.column("ends_at", when),
                    sa.column("session_id"))
    meeting_hold = sa.table("meeting_hold", sa.column("user_id"), sa.column("at", when),
                            sa.column("meeting_id"))
    table_hold = sa.table("table_hold", sa.column("session_id"), sa.column("starts_at", when),
                          sa.column("table_number"), sa.column("meeting_id"))
    insert = postgresql.insert if bind.dialect.name == "postgresql" else sqlite.insert
    open_meetings = bind.execute(
        sa.select(meeting.c.id, meeting.c.requester_id, meeting.c.status,
                  meeting.c.table_number, slot.c.host_id, slot.c.starts_at, slot.c.ends_at,
                  slot.c.session_id)
        .join(slot, slot.c.id == meeting.c.slot_id)
        .where(meeting.c.status.in_(("requested", "accepted")))
    ).all()
    for row in open_meetings:
        rows = []
        at = row.starts_at
        while at < row.ends_at:
            rows += [{"user_id": person, "at": at, "meeting_id": row.id}
                     for person in (row.host_id, row.requester_id)]
            at += GRAIN
        if rows:
            bind.execute(insert(meeting_hold).values(rows).on_conflict_do_nothing())
        if row.status == "accepted" and row.table_number and row.session_id:
            bind.execute(insert(table_hold).values(
                session_id=row.session_id, starts_at=row.starts_at,
                table_number=row.table_number, meeting_id=row.id,
            ).on_conflict_do_nothing())


def downgrade():
    """The holds put back are the ones the meetings should have had all along."""
