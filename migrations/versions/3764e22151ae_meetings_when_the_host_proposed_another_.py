"""meetings: when the host proposed another slot

Revision ID: 3764e22151ae
Revises: e8c3414f1ae0
Create Date: 2026-12-03 08:20:22.457519

"""
import sqlalchemy as sa
from alembic import op


revision = '3764e22151ae'
down_revision = 'e8c3414f1ae0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('proposed_at')

