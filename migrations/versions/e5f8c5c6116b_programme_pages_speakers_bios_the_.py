"""programme pages: speakers' bios, the exhibitors a session features

Revision ID: e5f8c5c6116b
Revises: d686bcfcae6b
Create Date: 2026-12-07 17:17:36.721949

"""
import sqlalchemy as sa
from alembic import op


revision = 'e5f8c5c6116b'
down_revision = 'd686bcfcae6b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('session_exhibitor',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('exhibitor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['exhibitor_id'], ['exhibitor.id'], name=op.f('fk_session_exhibitor_exhibitor_id_exhibitor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['programme_session.id'], name=op.f('fk_session_exhibitor_session_id_programme_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'exhibitor_id', name=op.f('pk_session_exhibitor'))
    )
    with op.batch_alter_table('session_exhibitor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_exhibitor_exhibitor_id'), ['exhibitor_id'], unique=False)

    with op.batch_alter_table('speaker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bio', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('bio_zh', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('speaker', schema=None) as batch_op:
        batch_op.drop_column('bio_zh')
        batch_op.drop_column('bio')

    with op.batch_alter_table('session_exhibitor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_exhibitor_exhibitor_id'))

    op.drop_table('session_exhibitor')