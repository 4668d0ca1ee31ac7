"""documents: a PDF media kind and block type, a document's pages, downloads counted

Revision ID: 7423cd555d31
Revises: a7c2e4f81b36
Create Date: 2026-12-07 13:27:40.167542

"""
import sqlalchemy as sa
from alembic import op


revision = '7423cd555d31'
down_revision = 'a7c2e4f81b36'
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


MEDIA_KINDS = ('image', 'video')
BLOCK_TYPES = ('text', 'photo', 'video')


def upgrade():
    with op.batch_alter_table('booth_day_stat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('downloads', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('event_day_stat', schema=None) as batch_op:
        batch_op.add_column(sa.Column('downloads', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_count', sa.Integer(), nullable=True))
        batch_op.alter_column('kind', existing_type=_enum('mediakind', *MEDIA_KINDS),
                              type_=_enum('mediakind', *MEDIA_KINDS, 'document'),
                              existing_nullable=False)

    with op.batch_alter_table('block', schema=None) as batch_op:
        batch_op.alter_column('type', existing_type=_enum('blocktype', *BLOCK_TYPES),
                              type_=_enum('blocktype', *BLOCK_TYPES, 'document'),
                              existing_nullable=False)


def downgrade():
    op.execute("DELETE FROM block WHERE type = 'document'")
    op.execute("DELETE FROM media_item WHERE kind = 'document'")
    with op.batch_alter_table('block', schema=None) as batch_op:
        batch_op.alter_column('type', existing_type=_enum('blocktype', *BLOCK_TYPES, 'document'),
                              type_=_enum('blocktype', *BLOCK_TYPES), existing_nullable=False)

    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=_enum('mediakind', *MEDIA_KINDS, 'document'),
                              type_=_enum('mediakind', *MEDIA_KINDS), existing_nullable=False)
        batch_op.drop_column('page_count')

    with op.batch_alter_table('event_day_stat', schema=None) as batch_op:
        batch_op.drop_column('downloads')

    with op.batch_alter_table('booth_day_stat', schema=None) as batch_op:
        batch_op.drop_column('downloads')
