"""Feature packages: correction requests get a table of their own (they were outbox events),
the attendance summary says whether the attendance rule is met (``rule_met``; what a person
earns is computed from it, the role and any decision), and every column of states accepts only
the values of its enum (check constraints).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

REQUESTED = "certificate.correction_requested"

# table -> column -> allowed values, as the models' enums say at this revision
CHECKS = {
    "training": {
        "kind": ("training_course", "workshop", "webinar", "study_visit", "meeting"),
        "modality": ("virtual", "onsite", "hybrid"),
        "status": ("draft", "open", "closed", "cancelled"),
        "certificate_template": ("participation", "attendance", "appreciation"),
    },
    "registration": {
        "status": ("confirmed", "waitlisted", "cancelled"),
        "role": ("participant", "expert", "speaker", "organiser"),
    },
    "attendance": {
        "status": ("present", "absent", "excused"),
        "source": ("checkin", "manual", "join_link", "import"),
    },
    "certificate": {"template": ("participation", "attendance", "appreciation")},
    "eligibility_decision": {"decision": ("grant", "withhold")},
    "delivery": {"status": ("queued", "sending", "sent", "failed")},
}


def _condition(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        "correction_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("given_name", sa.String(length=120), nullable=False),
        sa.Column("family_name", sa.String(length=120), nullable=False),
        sa.Column("name_ar", sa.String(length=240), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["registration_id"], ["registration.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_correction_request_registration_id", "correction_request", ["registration_id"]
    )
    events = sa.table(
        "outbox_event",
        sa.column("kind", sa.String),
        sa.column("registration_id", sa.Integer),
        sa.column("payload", sa.JSON),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    requests = sa.table(
        "correction_request",
        sa.column("registration_id", sa.Integer),
        sa.column("given_name", sa.String),
        sa.column("family_name", sa.String),
        sa.column("name_ar", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    connection = op.get_bind()
    asked = connection.execute(
        sa.select(events.c.registration_id, events.c.payload, events.c.created_at).where(
            events.c.kind == REQUESTED, events.c.registration_id.is_not(None)
        )
    ).all()
    if asked:
        connection.execute(
            requests.insert(),
            [
                {
                    "registration_id": registration_id,
                    "given_name": payload["given_name"],
                    "family_name": payload["family_name"],
                    "name_ar": payload.get("name_ar"),
                    "created_at": created_at,
                }
                for registration_id, payload, created_at in asked
            ],
        )
    connection.execute(sa.delete(events).where(events.c.kind == REQUESTED))

    with op.batch_alter_table("attendance_summary") as batch_op:
        batch_op.alter_column("eligible", new_column_name="rule_met")
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table) as batch_op:
            for column, values in columns.items():
                batch_op.create_check_constraint(f"ck_{table}_{column}", _condition(column, values))


def downgrade():
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table) as batch_op:
            for column in columns:
                batch_op.drop_constraint(f"ck_{table}_{column}", type_="check")
    with op.batch_alter_table("attendance_summary") as batch_op:
        batch_op.alter_column("rule_met", new_column_name="eligible")
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT c.registration_id, r.training_id, c.given_name, c.family_name, c.name_ar,"
            " c.created_at FROM correction_request c JOIN registration r"
            " ON r.id = c.registration_id"
        )
    ).all()
    if rows:
        events = sa.table(
            "outbox_event",
            sa.column("kind", sa.String),
            sa.column("training_id", sa.Integer),
            sa.column("registration_id", sa.Integer),
            sa.column("payload", sa.JSON),
            sa.column("created_at", sa.DateTime(timezone=True)),
            sa.column("processed_at", sa.DateTime(timezone=True)),
        )
        connection.execute(
            events.insert(),
            [
                {
                    "kind": REQUESTED,
                    "training_id": training_id,
                    "registration_id": registration_id,
                    "payload": {"given_name": given, "family_name": family, "name_ar": arabic},
                    "created_at": created_at,
                    "processed_at": created_at,
                }
                for registration_id, training_id, given, family, arabic, created_at in rows
            ],
        )
    op.drop_index("ix_correction_request_registration_id", table_name="correction_request")
    op.drop_table("correction_request")
