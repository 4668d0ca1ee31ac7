"""booth face: an exhibitor's banner and social links

Revision ID: 04d4a5195c5a
Revises: f71945c1136e
Create Date: 2026-12-07 14:15:37.482761

"""
import sqlalchemy as sa
from alembic import op


revision = '04d4a5195c5a'
down_revision = 'f71945c1136e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('exhibitor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('banner_media_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('social_links', sa.JSON(), server_default='[]', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_exhibitor_banner_media_id_media_item'), 'media_item', ['banner_media_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('exhibitor', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_exhibitor_banner_media_id_media_item'), type_='foreignkey')
        batch_op.drop_column('social_links')
        batch_op.drop_column('banner_media_id')
