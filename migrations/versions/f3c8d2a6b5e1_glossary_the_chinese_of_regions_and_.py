"""glossary: the Chinese of the regions and delegations exhibitors and projects name in English

Revision ID: f3c8d2a6b5e1
Revises: b9d1e4f7a2c6
Create Date: 2026-12-07 21:35:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'f3c8d2a6b5e1'
down_revision = 'b9d1e4f7a2c6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('glossary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('english', sa.String(length=200), nullable=False),
    sa.Column('chinese', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary')),
    sa.UniqueConstraint('english', name=op.f('uq_glossary_english'))
    )


def downgrade():
    op.drop_table('glossary')
