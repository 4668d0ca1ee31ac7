"""video renditions: how far an item's renditions are; videos made before renditions are made again

A video processed before renditions existed has none, and its original is never served any
more: it goes back to processing (its lease run out), so the recovery check of any app process
or worker makes its renditions within a minute.

Revision ID: 7df938d9a8e1
Revises: d57e54c93523
Create Date: 2026-12-07 15:30:00.000000

"""
import sqlalchemy as sa
from alembic import op


revision = '7df938d9a8e1'
down_revision = 'd57e54c93523'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress', sa.Double(), nullable=True))
    op.execute(
        "UPDATE media_item SET status = 'processing', progress = 0, lease_expires_at = NULL, "
        "in_worker = false WHERE kind = 'video' AND status = 'ready'"
    )


def downgrade():
    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.drop_column('progress')
