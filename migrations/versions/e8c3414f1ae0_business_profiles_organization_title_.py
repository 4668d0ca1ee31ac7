"""business profiles: organization, title, place, sectors and cooperation sought, introduction, listed

Revision ID: e8c3414f1ae0
Revises: 47d196925c69
Create Date: 2026-12-03 08:14:10.836700

"""
import sqlalchemy as sa
from alembic import op


revision = 'e8c3414f1ae0'
down_revision = '47d196925c69'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('business_profile',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization', sa.String(length=200), nullable=True),
    sa.Column('job_title', sa.String(length=200), nullable=True),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('region', sa.String(length=100), nullable=True),
    sa.Column('wants', sa.String(length=100), nullable=False),
    sa.Column('introduction', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=True),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_business_profile_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_business_profile'))
    )
    with op.batch_alter_table('business_profile', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_profile_listed'), ['listed'], unique=False)

    op.create_table('profile_sector',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sector_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['sector_id'], ['sector.id'], name=op.f('fk_profile_sector_sector_id_sector'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['business_profile.user_id'], name=op.f('fk_profile_sector_user_id_business_profile'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'sector_id', name=op.f('pk_profile_sector'))
    )
    with op.batch_alter_table('profile_sector', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_sector_sector_id'), ['sector_id'], unique=False)


def downgrade():
    with op.batch_alter_table('profile_sector', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_sector_sector_id'))

    op.drop_table('profile_sector')
    with op.batch_alter_table('business_profile', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_profile_listed'))

    op.drop_table('business_profile')
