"""reminders before opening: the schedule (days before) on the event, and each one sent

Revision ID: e6b3c9d4f2a5
Revises: d5a2b8c3e1f4
Create Date: 2026-12-02 15:20:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'e6b3c9d4f2a5'
down_revision = 'd5a2b8c3e1f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('reminder_days', sa.JSON(), nullable=False, server_default='[]')
        )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.alter_column('reminder_days', server_default=None)
    op.create_table(
        'exhibitor_reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('exhibitor_id', sa.Integer(), nullable=False),
        sa.Column('days_before', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['exhibitor_id'], ['exhibitor.id'],
            name=op.f('fk_exhibitor_reminder_exhibitor_id_exhibitor'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_exhibitor_reminder')),
        sa.UniqueConstraint(
            'exhibitor_id', 'days_before',
            name=op.f('uq_exhibitor_reminder_exhibitor_id_days_before'),
        ),
    )


def downgrade():
    op.drop_table('exhibitor_reminder')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('reminder_days')
