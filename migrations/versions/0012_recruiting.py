"""Recruiting: a training's admission mode (open, selection, nomination) and quotas per country;
registrations that are applied, nominated or rejected, with the focal point who nominated them
and when the person confirmed them; national focal points, their API tokens and sign-in links;
the organisers' decisions; a training's own questions and the answers given.

Existing registrations count as confirmed by their person when they gave consent (they
registered themselves), at that time.
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0008"
branch_labels = None
depends_on = None

ADMISSIONS = ("open", "selection", "nomination")
STATUSES = ("applied", "nominated", "confirmed", "waitlisted", "rejected", "cancelled")
OLD_STATUSES = ("confirmed", "waitlisted", "cancelled")
ACTIVE = ("confirmed", "waitlisted", "applied", "nominated")
OLD_ACTIVE = ("confirmed", "waitlisted")
DECISIONS = ("accept", "waitlist", "reject")
KINDS = ("text", "long_text", "single_choice", "multiple_choice", "yes_no", "date", "number")
STAGES = ("registration", "follow_up")


def _condition(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    with op.batch_alter_table("training") as batch_op:
        batch_op.add_column(
            sa.Column("admission", sa.String(length=12), nullable=False, server_default="open")
        )
        batch_op.add_column(sa.Column("quotas", sa.JSON(), nullable=True))
        batch_op.create_check_constraint("ck_training_admission", _condition("admission", ADMISSIONS))
    trainings = sa.table("training", sa.column("quotas", sa.JSON))
    op.get_bind().execute(trainings.update().values(quotas={}))
    with op.batch_alter_table("training") as batch_op:
        batch_op.alter_column("quotas", existing_type=sa.JSON(), nullable=False)

    op.create_table(
        "focal_point",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("programmes", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("email"),
    )
    op.create_index("ix_focal_point_country", "focal_point", ["country"])
    op.create_table(
        "focal_point_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("focal_point_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["focal_point_id"], ["focal_point.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(
        "ix_focal_point_token_focal_point_id", "focal_point_token", ["focal_point_id"]
    )
    op.create_table(
        "focal_point_sign_in",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("focal_point_id", sa.Integer(), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["focal_point_id"], ["focal_point.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(
        "ix_focal_point_sign_in_focal_point_id", "focal_point_sign_in", ["focal_point_id"]
    )

    with op.batch_alter_table("registration") as batch_op:
        batch_op.drop_index(
            "uq_registration_active_email",
            sqlite_where=sa.text(_condition("status", OLD_ACTIVE)),
            postgresql_where=sa.text(_condition("status", OLD_ACTIVE)),
        )
        batch_op.drop_constraint("ck_registration_status", type_="check")
        batch_op.add_column(
            sa.Column("confirmed_by_person_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("focal_point_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_registration_focal_point_id_focal_point", "focal_point", ["focal_point_id"], ["id"]
        )
        batch_op.create_index("ix_registration_focal_point_id", ["focal_point_id"])
        batch_op.create_check_constraint("ck_registration_status", _condition("status", STATUSES))
        batch_op.create_index(
            "uq_registration_active_email",
            ["training_id", "email"],
            unique=True,
            sqlite_where=sa.text(_condition("status", ACTIVE)),
            postgresql_where=sa.text(_condition("status", ACTIVE)),
        )
    registrations = sa.table(
        "registration",
        sa.column("consent_at", sa.DateTime(timezone=True)),
        sa.column("confirmed_by_person_at", sa.DateTime(timezone=True)),
    )
    op.get_bind().execute(
        registrations.update()
        .where(registrations.c.consent_at.is_not(None))
        .values(confirmed_by_person_at=registrations.c.consent_at)
    )

    op.create_table(
        "selection_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("from_status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_condition("decision", DECISIONS), name="ck_selection_decision_decision"),
        sa.CheckConstraint(
            _condition("from_status", STATUSES), name="ck_selection_decision_from_status"
        ),
        sa.ForeignKeyConstraint(["organiser_id"], ["organiser.id"]),
        sa.ForeignKeyConstraint(["registration_id"], ["registration.id"]),
        sa.ForeignKeyConstraint(["training_id"], ["training.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_selection_decision_registration_id", "selection_decision", ["registration_id"]
    )
    op.create_index("ix_selection_decision_training_id", "selection_decision", ["training_id"])

    op.create_table(
        "training_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=12), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("label", sa.JSON(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_condition("kind", KINDS), name="ck_training_question_kind"),
        sa.CheckConstraint(_condition("stage", STAGES), name="ck_training_question_stage"),
        sa.ForeignKeyConstraint(["training_id"], ["training.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("training_id", "key", name="uq_training_question_key"),
    )
    op.create_index("ix_training_question_training_id", "training_question", ["training_id"])
    op.create_table(
        "registration_answer",
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["training_question.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["registration_id"], ["registration.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("registration_id", "question_id"),
    )
    op.create_index(
        "ix_registration_answer_question_id", "registration_answer", ["question_id"]
    )


def downgrade():
    op.drop_index("ix_registration_answer_question_id", table_name="registration_answer")
    op.drop_table("registration_answer")
    op.drop_index("ix_training_question_training_id", table_name="training_question")
    op.drop_table("training_question")
    op.drop_index("ix_selection_decision_training_id", table_name="selection_decision")
    op.drop_index("ix_selection_decision_registration_id", table_name="selection_decision")
    op.drop_table("selection_decision")

    # applications, nominations and rejections did not exist: they become cancelled
    registrations = sa.table("registration", sa.column("status", sa.String))
    op.get_bind().execute(
        registrations.update()
        .where(registrations.c.status.not_in(OLD_STATUSES))
        .values(status="cancelled")
    )
    with op.batch_alter_table("registration") as batch_op:
        batch_op.drop_index(
            "uq_registration_active_email",
            sqlite_where=sa.text(_condition("status", ACTIVE)),
            postgresql_where=sa.text(_condition("status", ACTIVE)),
        )
        batch_op.drop_constraint("ck_registration_status", type_="check")
        batch_op.drop_index("ix_registration_focal_point_id")
        batch_op.drop_constraint("fk_registration_focal_point_id_focal_point", type_="foreignkey")
        batch_op.drop_column("focal_point_id")
        batch_op.drop_column("confirmed_by_person_at")
        batch_op.create_check_constraint(
            "ck_registration_status", _condition("status", OLD_STATUSES)
        )
        batch_op.create_index(
            "uq_registration_active_email",
            ["training_id", "email"],
            unique=True,
            sqlite_where=sa.text(_condition("status", OLD_ACTIVE)),
            postgresql_where=sa.text(_condition("status", OLD_ACTIVE)),
        )

    op.drop_index("ix_focal_point_sign_in_focal_point_id", table_name="focal_point_sign_in")
    op.drop_table("focal_point_sign_in")
    op.drop_index("ix_focal_point_token_focal_point_id", table_name="focal_point_token")
    op.drop_table("focal_point_token")
    op.drop_index("ix_focal_point_country", table_name="focal_point")
    op.drop_table("focal_point")

    with op.batch_alter_table("training") as batch_op:
        batch_op.drop_constraint("ck_training_admission", type_="check")
        batch_op.drop_column("quotas")
        batch_op.drop_column("admission")
