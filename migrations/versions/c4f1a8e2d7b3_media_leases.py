"""media leases: who holds a processing item until when, and store outages apart from attempts

A worker's claim on an item is a lease its heartbeat renews; the recovery check queues items
whose lease ran out, instead of waiting half an hour after the job started.

Revision ID: c4f1a8e2d7b3
Revises: b3e7c9d15a28
Create Date: 2026-12-01 20:30:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'c4f1a8e2d7b3'
down_revision = 'b3e7c9d15a28'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column('in_worker', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column('outages', sa.Integer(), nullable=False, server_default='0')
        )
        # Items left processing have no lease: the next recovery check queues them.
        batch_op.drop_column('processing_started_at')
    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.alter_column('in_worker', server_default=None)
        batch_op.alter_column('outages', server_default=None)


def downgrade():
    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('processing_started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column('outages')
        batch_op.drop_column('in_worker')
        batch_op.drop_column('lease_expires_at')
