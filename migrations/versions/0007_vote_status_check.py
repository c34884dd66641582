"""The vote's status kept to its state machine by the database (with 'tallying', the background tally's step)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 01:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

STATUSES = ("draft", "ceremony", "open", "closed", "tallying", "tallied", "published")


def upgrade():
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_check_constraint(op.f('ck_vote_status'), f"status IN ({', '.join(repr(s) for s in STATUSES)})")


def downgrade():
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_vote_status'), type_='check')
