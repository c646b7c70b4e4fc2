"""Words: a registration's optional title (mr, ms, dr, prof, he) and gender (female, male), for
salutations and for Arabic and French wording that agrees with the person."""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TITLES = ("mr", "ms", "dr", "prof", "he")
GENDERS = ("female", "male")


def _condition(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    with op.batch_alter_table("registration") as batch_op:
        batch_op.add_column(sa.Column("title", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("gender", sa.String(length=8), nullable=True))
        batch_op.create_check_constraint("ck_registration_title", _condition("title", TITLES))
        batch_op.create_check_constraint("ck_registration_gender", _condition("gender", GENDERS))


def downgrade():
    with op.batch_alter_table("registration") as batch_op:
        batch_op.drop_constraint("ck_registration_gender", type_="check")
        batch_op.drop_constraint("ck_registration_title", type_="check")
        batch_op.drop_column("gender")
        batch_op.drop_column("title")
