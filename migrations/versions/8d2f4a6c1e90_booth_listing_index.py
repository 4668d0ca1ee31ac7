"""booth.sort_name and the listing index (sector, status, exhibitor name, id)

Sector pages and the tour walk this index instead of sorting a sector's booths per request.

Revision ID: 8d2f4a6c1e90
Revises: 5c1e0b7a9d42
Create Date: 2026-11-25 01:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8d2f4a6c1e90'
down_revision = '5c1e0b7a9d42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('sort_name', sa.String(length=200), server_default='', nullable=False)
        )
        batch_op.create_index(
            'ix_booth_listing', ['sector_id', 'status', 'sort_name', 'id'], unique=False
        )
    op.execute(
        "UPDATE booth SET sort_name = "
        "(SELECT exhibitor.name FROM exhibitor WHERE exhibitor.id = booth.exhibitor_id)"
    )


def downgrade():
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.drop_index('ix_booth_listing')
        batch_op.drop_column('sort_name')
