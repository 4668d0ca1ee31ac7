"""personal agenda: the programme sessions a signed-in visitor means to attend

Revision ID: e97e1cba3469
Revises: e5f8c5c6116b
Create Date: 2026-12-07 17:51:44.087583

"""
import sqlalchemy as sa
from alembic import op


revision = 'e97e1cba3469'
down_revision = 'e5f8c5c6116b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agenda_item',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['programme_session.id'], name=op.f('fk_agenda_item_session_id_programme_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_agenda_item_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'session_id', name=op.f('pk_agenda_item'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_session_id'))

    op.drop_table('agenda_item')