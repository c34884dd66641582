"""Wider credential columns: a BELENIOS-2048 public credential has up to 617 digits

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 20:10:45.905829

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.alter_column('credential',
               existing_type=sa.VARCHAR(length=600),
               type_=sa.String(length=1000),
               existing_nullable=False)

    with op.batch_alter_table('vote_credential', schema=None) as batch_op:
        batch_op.alter_column('public',
               existing_type=sa.VARCHAR(length=600),
               type_=sa.String(length=1000),
               existing_nullable=False)



def downgrade():
    with op.batch_alter_table('vote_credential', schema=None) as batch_op:
        batch_op.alter_column('public',
               existing_type=sa.String(length=1000),
               type_=sa.VARCHAR(length=600),
               existing_nullable=False)

    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.alter_column('credential',
               existing_type=sa.String(length=1000),
               type_=sa.VARCHAR(length=600),
               existing_nullable=False)

