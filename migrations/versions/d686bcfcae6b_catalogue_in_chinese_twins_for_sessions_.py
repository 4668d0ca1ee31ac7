"""catalogue in Chinese: twins for sessions, speakers, venues, the event's venue and sector groups

Every text a visitor reads gets a Chinese twin, empty meaning "use the English".

Revision ID: d686bcfcae6b
Revises: 7df938d9a8e1
Create Date: 2026-12-07 16:50:14.106493

"""
import sqlalchemy as sa
from alembic import op


revision = 'd686bcfcae6b'
down_revision = '7df938d9a8e1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('venue_zh', sa.String(length=300), nullable=True))

    with op.batch_alter_table('programme_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_zh', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('room_zh', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('description_zh', sa.Text(), nullable=True))

    with op.batch_alter_table('sector', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('group_name_zh', sa.String(length=200), nullable=True))

    with op.batch_alter_table('speaker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_zh', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('affiliation_zh', sa.String(length=300), nullable=True))

    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_zh', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('address_zh', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('description_zh', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.drop_column('description_zh')
        batch_op.drop_column('address_zh')
        batch_op.drop_column('name_zh')

    with op.batch_alter_table('speaker', schema=None) as batch_op:
        batch_op.drop_column('affiliation_zh')
        batch_op.drop_column('name_zh')

    with op.batch_alter_table('sector', schema=None) as batch_op:
        batch_op.drop_column('group_name_zh')
        batch_op.drop_column('group_name')

    with op.batch_alter_table('programme_session', schema=None) as batch_op:
        batch_op.drop_column('description_zh')
        batch_op.drop_column('room_zh')
        batch_op.drop_column('title_zh')

    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('venue_zh')
