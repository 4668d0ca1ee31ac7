"""meetings: slots, meetings, the holds that keep them apart; a business talk's tables; the
calendar feed's key version

Revision ID: 165a98363fd3
Revises: e6b3c9d4f2a5
Create Date: 2026-12-02 18:10:26

"""
import sqlalchemy as sa
from alembic import op


revision = '165a98363fd3'
down_revision = 'e6b3c9d4f2a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('calendar_version', sa.Integer(), server_default='0', nullable=False)
        )

    op.create_table('meeting_slot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('exhibitor_id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.Enum('stand', 'online', 'table', name='placekind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['exhibitor_id'], ['exhibitor.id'], name=op.f('fk_meeting_slot_exhibitor_id_exhibitor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['host_id'], ['user_account.id'], name=op.f('fk_meeting_slot_host_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['programme_session.id'], name=op.f('fk_meeting_slot_session_id_programme_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_slot'))
    )
    with op.batch_alter_table('meeting_slot', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_slot_exhibitor_start', ['exhibitor_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_slot_host_id'), ['host_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_slot_session_id'), ['session_id'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'accepted', 'declined', 'cancelled', name='meetingstatus', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('table_number', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['user_account.id'], name=op.f('fk_meeting_cancelled_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requester_id'], ['user_account.id'], name=op.f('fk_meeting_requester_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['meeting_slot.id'], name=op.f('fk_meeting_slot_id_meeting_slot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_requester_id'), ['requester_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_slot_id'), ['slot_id'], unique=False)

    op.create_table('slot_hold',
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['host_id'], ['user_account.id'], name=op.f('fk_slot_hold_host_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['meeting_slot.id'], name=op.f('fk_slot_hold_slot_id_meeting_slot'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('host_id', 'at', name=op.f('pk_slot_hold'))
    )
    with op.batch_alter_table('slot_hold', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slot_hold_slot_id'), ['slot_id'], unique=False)

    op.create_table('meeting_hold',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_hold_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_meeting_hold_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'at', name=op.f('pk_meeting_hold'))
    )
    with op.batch_alter_table('meeting_hold', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_hold_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('table_hold',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('table_number', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_table_hold_meeting_id_meeting'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['programme_session.id'], name=op.f('fk_table_hold_session_id_programme_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'starts_at', 'table_number', name=op.f('pk_table_hold')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_table_hold_meeting_id'))
    )
    with op.batch_alter_table('programme_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tables', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('slot_minutes', sa.Integer(), nullable=True))



def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('calendar_version')

    with op.batch_alter_table('programme_session', schema=None) as batch_op:
        batch_op.drop_column('slot_minutes')
        batch_op.drop_column('tables')

    op.drop_table('table_hold')
    with op.batch_alter_table('meeting_hold', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_hold_meeting_id'))

    op.drop_table('meeting_hold')
    with op.batch_alter_table('slot_hold', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slot_hold_slot_id'))

    op.drop_table('slot_hold')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_slot_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_requester_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('meeting_slot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_slot_session_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_slot_host_id'))
        batch_op.drop_index('ix_meeting_slot_exhibitor_start')

    op.drop_table('meeting_slot')
