"""Reports and the evaluation survey: a training's ``evaluation`` mode (off, optional, required),
its questionnaire, the attendees' invitations, and the answers — kept apart from identities
(responses and answers have random keys and no time)."""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MODES = ("off", "optional", "required")


def upgrade():
    with op.batch_alter_table("training") as batch:
        batch.add_column(
            sa.Column("evaluation", sa.String(length=10), nullable=False, server_default="off")
        )
        batch.create_check_constraint(
            "ck_training_evaluation", f"evaluation IN ({', '.join(repr(m) for m in MODES)})"
        )
    op.create_table(
        "evaluation_questionnaire",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["training_id"], ["training.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("training_id"),
    )
    op.create_table(
        "evaluation_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["registration_id"], ["registration.id"]),
        sa.ForeignKeyConstraint(["training_id"], ["training.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("registration_id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(
        "ix_evaluation_invitation_training_id", "evaluation_invitation", ["training_id"]
    )
    op.create_table(
        "evaluation_response",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["training_id"], ["training.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evaluation_response_training_id", "evaluation_response", ["training_id"])
    op.create_table(
        "evaluation_answer",
        sa.Column("response_id", sa.String(length=32), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["response_id"], ["evaluation_response.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["training_id"], ["training.id"]),
        sa.PrimaryKeyConstraint("response_id", "question"),
    )
    op.create_index("ix_evaluation_answer_training_id", "evaluation_answer", ["training_id"])


def downgrade():
    op.drop_index("ix_evaluation_answer_training_id", table_name="evaluation_answer")
    op.drop_table("evaluation_answer")
    op.drop_index("ix_evaluation_response_training_id", table_name="evaluation_response")
    op.drop_table("evaluation_response")
    op.drop_index("ix_evaluation_invitation_training_id", table_name="evaluation_invitation")
    op.drop_table("evaluation_invitation")
    op.drop_table("evaluation_questionnaire")
    with op.batch_alter_table("training") as batch:
        batch.drop_constraint("ck_training_evaluation", type_="check")
        batch.drop_column("evaluation")
