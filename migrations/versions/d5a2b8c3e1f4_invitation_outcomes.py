"""invitations: revoked, their language, when last sent; one open invitation per address

Bulk onboarding invites every catalogue exhibitor; the partial unique index makes sending twice
(even from two organizers at once) send one.

Revision ID: d5a2b8c3e1f4
Revises: c4f1a8e2d7b3
Create Date: 2026-12-02 14:40:00

"""
import sqlalchemy as sa
from alembic import op


revision = 'd5a2b8c3e1f4'
down_revision = 'c4f1a8e2d7b3'
branch_labels = None
depends_on = None

OPEN = "accepted_at IS NULL AND revoked_at IS NULL"


def upgrade():
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('locale', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('last_sent_at', sa.DateTime(timezone=True), nullable=True))
    # Of several open invitations to one address, the newest stays open.
    op.execute(
        "UPDATE invitation SET revoked_at = CURRENT_TIMESTAMP WHERE accepted_at IS NULL AND "
        "EXISTS (SELECT 1 FROM invitation AS newer WHERE newer.email = invitation.email "
        "AND newer.accepted_at IS NULL AND newer.id > invitation.id)"
    )
    op.execute("UPDATE invitation SET last_sent_at = created_at")
    op.create_index(
        'uq_invitation_open_email', 'invitation', ['email'], unique=True,
        sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN),
    )


def downgrade():
    op.drop_index(
        'uq_invitation_open_email', table_name='invitation',
        sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN),
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('last_sent_at')
        batch_op.drop_column('locale')
        batch_op.drop_column('revoked_at')
