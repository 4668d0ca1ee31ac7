"""meetings: the exhibit a guest asked to meet about

Revision ID: d57e54c93523
Revises: 04d4a5195c5a
Create Date: 2026-12-07 14:16:12.885786

"""
import sqlalchemy as sa
from alembic import op


revision = 'd57e54c93523'
down_revision = '04d4a5195c5a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exhibit_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_meeting_exhibit_id'), ['exhibit_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_meeting_exhibit_id_exhibit'), 'exhibit', ['exhibit_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meeting_exhibit_id_exhibit'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_meeting_exhibit_id'))
        batch_op.drop_column('exhibit_id')

