"""exhibits: each booth revision's products, technologies, services and projects, with their sectors and files

Their search index lives outside the models, as the booths' does (5c1e0b7a9d42): an FTS5 table
on SQLite, a tsvector table with a GIN index on PostgreSQL.

Revision ID: f71945c1136e
Revises: 7423cd555d31
Create Date: 2026-12-07 13:54:06.694001

"""
import sqlalchemy as sa
from alembic import op


revision = 'f71945c1136e'
down_revision = '7423cd555d31'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exhibit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booth_id', sa.Integer(), nullable=False),
    sa.Column('live_version_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booth_id'], ['booth.id'], name=op.f('fk_exhibit_booth_id_booth'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exhibit'))
    )
    with op.batch_alter_table('exhibit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibit_booth_id'), ['booth_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exhibit_live_version_id'), ['live_version_id'], unique=False)

    op.create_table('exhibit_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('exhibit_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=True),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('summary_zh', sa.String(length=500), nullable=True),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('product', 'technology', 'service', 'project', name='exhibitkind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('trl', sa.Integer(), nullable=True),
    sa.Column('ip_status', sa.Enum('patented', 'pending', 'none', name='ipstatus', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('offers', sa.String(length=120), nullable=False),
    sa.CheckConstraint('trl BETWEEN 1 AND 9', name=op.f('ck_exhibit_version_trl')),
    sa.ForeignKeyConstraint(['exhibit_id'], ['exhibit.id'], name=op.f('fk_exhibit_version_exhibit_id_exhibit'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['booth_revision.id'], name=op.f('fk_exhibit_version_revision_id_booth_revision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exhibit_version')),
    sa.UniqueConstraint('revision_id', 'exhibit_id', name=op.f('uq_exhibit_version_revision_id_exhibit_id'))
    )
    with op.batch_alter_table('exhibit_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibit_version_exhibit_id'), ['exhibit_id'], unique=False)
        batch_op.create_index('ix_exhibit_version_revision_position', ['revision_id', 'position'], unique=False)

    op.create_table('exhibit_media',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('media_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['media_id'], ['media_item.id'], name=op.f('fk_exhibit_media_media_id_media_item'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['version_id'], ['exhibit_version.id'], name=op.f('fk_exhibit_media_version_id_exhibit_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version_id', 'position', name=op.f('pk_exhibit_media'))
    )
    with op.batch_alter_table('exhibit_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibit_media_media_id'), ['media_id'], unique=False)

    op.create_table('exhibit_version_sector',
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['sector_id'], ['sector.id'], name=op.f('fk_exhibit_version_sector_sector_id_sector'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id'], ['exhibit_version.id'], name=op.f('fk_exhibit_version_sector_version_id_exhibit_version'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('version_id', 'sector_id', name=op.f('pk_exhibit_version_sector'))
    )
    with op.batch_alter_table('exhibit_version_sector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exhibit_version_sector_sector_id'), ['sector_id'], unique=False)

    with op.batch_alter_table('exhibit', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_exhibit_live_version_id_exhibit_version'), 'exhibit_version', ['live_version_id'], ['id'], ondelete='SET NULL')

    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "CREATE TABLE exhibit_search ("
            " exhibit_id integer PRIMARY KEY REFERENCES exhibit (id) ON DELETE CASCADE,"
            " document tsvector NOT NULL,"
            " raw_title text NOT NULL, raw_exhibitor text NOT NULL,"
            " raw_summary text NOT NULL, raw_body text NOT NULL)"
        )
        op.execute("CREATE INDEX exhibit_search_document ON exhibit_search USING gin (document)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE exhibit_search USING fts5("
            " title, exhibitor, summary, body,"
            " raw_title UNINDEXED, raw_exhibitor UNINDEXED, raw_summary UNINDEXED,"
            " raw_body UNINDEXED,"
            " tokenize = 'unicode61 remove_diacritics 2')"
        )


def downgrade():
    op.execute("DROP TABLE exhibit_search")
    with op.batch_alter_table('exhibit', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_exhibit_live_version_id_exhibit_version'), type_='foreignkey')
    with op.batch_alter_table('exhibit_version_sector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibit_version_sector_sector_id'))

    op.drop_table('exhibit_version_sector')
    with op.batch_alter_table('exhibit_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibit_media_media_id'))

    op.drop_table('exhibit_media')
    with op.batch_alter_table('exhibit_version', schema=None) as batch_op:
        batch_op.drop_index('ix_exhibit_version_revision_position')
        batch_op.drop_index(batch_op.f('ix_exhibit_version_exhibit_id'))

    op.drop_table('exhibit_version')
    with op.batch_alter_table('exhibit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exhibit_live_version_id'))
        batch_op.drop_index(batch_op.f('ix_exhibit_booth_id'))

    op.drop_table('exhibit')
