"""Birth dates of residents and register owners; runoff link between votes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 19:07:46.055062

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('owner_birth_year_only', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('birth_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('birth_year_only', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.add_column(sa.Column('runoff_of_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_vote_runoff_of_id'), ['runoff_of_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_vote_runoff_of_id_vote'), 'vote', ['runoff_of_id'], ['id'])


def downgrade():
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_vote_runoff_of_id_vote'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_vote_runoff_of_id'))
        batch_op.drop_column('runoff_of_id')

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('birth_year_only')
        batch_op.drop_column('birth_date')

    with op.batch_alter_table('household', schema=None) as batch_op:
        batch_op.drop_column('owner_birth_year_only')
        batch_op.drop_column('owner_birth_date')
