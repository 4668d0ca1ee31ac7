"""pipeline: prospects with their stage, owner and notes; leads and meetings point to them

Revision ID: 47d196925c69
Revises: e06fec6279cd
Create Date: 2026-12-03 08:07:16.536498

"""
import sqlalchemy as sa
from alembic import op


revision = '47d196925c69'
down_revision = 'e06fec6279cd'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('prospect',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exhibitor_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('organization', sa.String(length=200), nullable=True),
    sa.Column('stage', sa.Enum('new', 'contacted', 'meeting', 'negotiating', 'signed', 'lost', name='stage', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('active_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['exhibitor_id'], ['exhibitor.id'], name=op.f('fk_prospect_exhibitor_id_exhibitor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_prospect_owner_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_prospect_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prospect')),
    sa.UniqueConstraint('exhibitor_id', 'email', name=op.f('uq_prospect_exhibitor_id_email'))
    )
    with op.batch_alter_table('prospect', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prospect_owner_id'), ['owner_id'], unique=False)

    op.create_table('prospect_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('prospect_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_prospect_note_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['prospect_id'], ['prospect.id'], name=op.f('fk_prospect_note_prospect_id_prospect'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prospect_note'))
    )
    with op.batch_alter_table('prospect_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prospect_note_prospect_id'), ['prospect_id'], unique=False)

    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prospect_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_lead_prospect_id'), ['prospect_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_lead_prospect_id_prospect'), 'prospect', ['prospect_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prospect_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_meeting_prospect_id'), ['prospect_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_meeting_prospect_id_prospect'), 'prospect', ['prospect_id'], ['id'], ondelete='SET NULL')

    _backfill()


def _backfill():
    """Every lead and meeting already made joins its exhibitor's pipeline: one prospect per
    exhibitor and (lower-case) address, at "meeting" when they asked to meet."""
    bind = op.get_bind()
    lead, meeting, slot, user, exhibitor, booth, prospect = (
        sa.table("lead", sa.column("id"), sa.column("booth_id"), sa.column("user_id"),
                 sa.column("name"), sa.column("email"), sa.column("organization"),
                 sa.column("created_at"), sa.column("prospect_id")),
        sa.table("meeting", sa.column("id"), sa.column("slot_id"), sa.column("requester_id"),
                 sa.column("created_at"), sa.column("prospect_id")),
        sa.table("meeting_slot", sa.column("id"), sa.column("exhibitor_id")),
        sa.table("user_account", sa.column("id"), sa.column("email"), sa.column("name"),
                 sa.column("exhibitor_id")),
        sa.table("exhibitor", sa.column("id"), sa.column("name")),
        sa.table("booth", sa.column("id"), sa.column("exhibitor_id")),
        sa.table("prospect", sa.column("id"), sa.column("exhibitor_id"), sa.column("email"),
                 sa.column("user_id"), sa.column("name"), sa.column("organization"),
                 sa.column("stage"), sa.column("created_at"), sa.column("active_at")),
    )
    guest_org = exhibitor.alias("guest_org")
    found = {}
    events = [
        ("lead", row.id, row.exhibitor_id, row.email, row.user_id, row.name, row.organization,
         row.created_at)
        for row in bind.execute(
            sa.select(lead.c.id, booth.c.exhibitor_id, lead.c.email, lead.c.user_id,
                      lead.c.name, lead.c.organization, lead.c.created_at)
            .join(booth, booth.c.id == lead.c.booth_id)
        )
    ] + [
        ("meeting", row.id, row.exhibitor_id, row.email, row.user_id, row.name or row.email,
         row.organization, row.created_at)
        for row in bind.execute(
            sa.select(meeting.c.id, slot.c.exhibitor_id, user.c.email, user.c.id.label("user_id"),
                      user.c.name, guest_org.c.name.label("organization"), meeting.c.created_at)
            .join(slot, slot.c.id == meeting.c.slot_id)
            .join(user, user.c.id == meeting.c.requester_id)
            .outerjoin(guest_org, guest_org.c.id == user.c.exhibitor_id)
        )
    ]
    for kind, row_id, exhibitor_id, email, user_id, name, organization, at in sorted(
        events, key=lambda e: (e[7], e[0], e[1])
    ):
        key = (exhibitor_id, email.lower())
        if key not in found:
            found[key] = bind.execute(
                prospect.insert().returning(prospect.c.id).values(
                    exhibitor_id=exhibitor_id, email=key[1], user_id=user_id, name=name[:200],
                    organization=organization, stage="new", created_at=at, active_at=at,
                )
            ).scalar_one()
        values = {"active_at": at}
        if kind == "meeting":
            values["stage"] = "meeting"
        bind.execute(prospect.update().where(prospect.c.id == found[key]).values(**values))
        table = lead if kind == "lead" else meeting
        bind.execute(table.update().where(table.c.id == row_id).values(prospect_id=found[key]))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meeting_prospect_id_prospect'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meeting_prospect_id'))
        batch_op.drop_column('prospect_id')

    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_lead_prospect_id_prospect'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_lead_prospect_id'))
        batch_op.drop_column('prospect_id')

    with op.batch_alter_table('prospect_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prospect_note_prospect_id'))

    op.drop_table('prospect_note')
    with op.batch_alter_table('prospect', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prospect_owner_id'))

    op.drop_table('prospect')
