"""the featured booths' index (status, is_featured, published_at, id)

The home page picks featured, then the newest, published booths along it instead of sorting
every booth.

Revision ID: b3e7c9d15a28
Revises: 8d2f4a6c1e90
Create Date: 2026-11-25 02:40:00

"""
from alembic import op


revision = 'b3e7c9d15a28'
down_revision = '8d2f4a6c1e90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.create_index(
            'ix_booth_featured', ['status', 'is_featured', 'published_at', 'id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.drop_index('ix_booth_featured')
