"""Cast submissions: ballots queued for checking

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 19:02:01.559235

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cast_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vote_id', sa.Integer(), nullable=False),
    sa.Column('tracker', sa.String(length=64), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('failed_check', sa.String(length=80), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_cast_submission_user_id_user_account')),
    sa.ForeignKeyConstraint(['vote_id'], ['vote.id'], name=op.f('fk_cast_submission_vote_id_vote')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cast_submission')),
    sa.UniqueConstraint('vote_id', 'tracker', name=op.f('uq_cast_submission_vote_id_tracker'))
    )
    with op.batch_alter_table('cast_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cast_submission_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_cast_submission_vote_id'), ['vote_id'], unique=False)



def downgrade():
    with op.batch_alter_table('cast_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cast_submission_vote_id'))
        batch_op.drop_index(batch_op.f('ix_cast_submission_status'))

    op.drop_table('cast_submission')
