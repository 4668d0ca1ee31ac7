"""search index; booth cover and has_video for booth cards

The search index lives outside the models (an FTS5 table on SQLite, a tsvector table with a GIN
index on PostgreSQL); eexpo.search writes and reads it, and `flask search rebuild` refills it.

Revision ID: 5c1e0b7a9d42
Revises: 1ada257f97d3
Create Date: 2026-11-25 00:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5c1e0b7a9d42'
down_revision = '1ada257f97d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cover_media_id', sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column('has_video', sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_booth_cover_media_id_media_item'), 'media_item', ['cover_media_id'],
            ['id'], ondelete='SET NULL',
        )
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "CREATE TABLE booth_search ("
            " booth_id integer PRIMARY KEY REFERENCES booth (id) ON DELETE CASCADE,"
            " document tsvector NOT NULL,"
            " raw_title text NOT NULL, raw_exhibitor text NOT NULL,"
            " raw_summary text NOT NULL, raw_body text NOT NULL)"
        )
        op.execute("CREATE INDEX booth_search_document ON booth_search USING gin (document)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE booth_search USING fts5("
            " title, exhibitor, summary, body,"
            " raw_title UNINDEXED, raw_exhibitor UNINDEXED, raw_summary UNINDEXED,"
            " raw_body UNINDEXED,"
            " tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade():
    op.execute("DROP TABLE booth_search")
    with op.batch_alter_table('booth', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_booth_cover_media_id_media_item'), type_='foreignkey')
        batch_op.drop_column('has_video')
        batch_op.drop_column('cover_media_id')
