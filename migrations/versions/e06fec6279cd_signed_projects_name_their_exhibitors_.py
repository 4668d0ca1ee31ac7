"""Signed projects name their exhibitors; meetings keep when they were accepted

Revision ID: e06fec6279cd
Revises: 165a98363fd3
Create Date: 2026-12-03 07:59:42.039812

"""
import sqlalchemy as sa
from alembic import op


revision = 'e06fec6279cd'
down_revision = '165a98363fd3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('project_exhibitor',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('exhibitor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['exhibitor_id'], ['exhibitor.id'], name=op.f('fk_project_exhibitor_exhibitor_id_exhibitor'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_exhibitor_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'exhibitor_id', name=op.f('pk_project_exhibitor'))
    )
    with op.batch_alter_table('project_exhibitor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_exhibitor_exhibitor_id'), ['exhibitor_id'], unique=False)

    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE meeting SET accepted_at = decided_at WHERE status = 'accepted'")


def downgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('accepted_at')

    with op.batch_alter_table('project_exhibitor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_exhibitor_exhibitor_id'))

    op.drop_table('project_exhibitor')
