"""Lifecycle: certificates get a state (pending, rendered, sent, failed, revoked) with the reason
of a failure and the category of a revocation; deliveries a lease (``claimed_at``), a deferred
state with ``retry_at``/``retry_until`` and a failure code; events can fail visibly; trainings
get their certificate languages and a history of status changes; registrations a join token of
their own.

Existing registrations get their join token's hash here, derived from their salt with the
application's SECRET_KEY (as the service derives it), so their join links change: the old ones
carried the manage token, which no longer opens the join page.
"""

import base64
import hashlib
import hmac

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DELIVERY_STATUSES = ("queued", "sending", "deferred", "sent", "failed")
OLD_DELIVERY_STATUSES = ("queued", "sending", "sent", "failed")
DELIVERY_FAILURES = ("rejected", "unbuildable", "temporary", "unreachable", "expired")
CERTIFICATE_STATUSES = ("pending", "rendered", "sent", "failed", "revoked")
REVOCATION_REASONS = ("name_corrected", "issued_in_error", "eligibility_withdrawn", "other")
TRAINING_STATUSES = ("draft", "open", "closed", "cancelled")
STANDING = "status <> 'revoked'"
OLD_STANDING = "revoked_at IS NULL"


def _condition(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _join_token_hash(secret_key, salt):
    digest = hmac.new(secret_key.encode(), f"join-token:{salt}".encode(), hashlib.sha256)
    token = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
    return hashlib.sha256(token.encode()).hexdigest()


def _default_certificate_languages(languages):
    return ["ar", "fr"] if "fr" in languages and "en" not in languages else ["ar", "en"]


def upgrade():
    connection = op.get_bind()

    # deliveries: a lease, a deferred state, a failure code
    with op.batch_alter_table("delivery") as batch_op:
        batch_op.add_column(sa.Column("failure", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retry_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint("ck_delivery_status", type_="check")
    deliveries = sa.table(
        "delivery",
        sa.column("status", sa.String),
        sa.column("updated_at", sa.DateTime(timezone=True)),
        sa.column("claimed_at", sa.DateTime(timezone=True)),
    )
    # rows stuck in sending by a dead worker: their lease starts from their last change
    connection.execute(
        deliveries.update()
        .where(deliveries.c.status == "sending")
        .values(claimed_at=deliveries.c.updated_at)
    )
    with op.batch_alter_table("delivery") as batch_op:
        batch_op.create_check_constraint(
            "ck_delivery_status", _condition("status", DELIVERY_STATUSES)
        )
        batch_op.create_check_constraint(
            "ck_delivery_failure", _condition("failure", DELIVERY_FAILURES)
        )

    # events that fail visibly
    with op.batch_alter_table("outbox_event") as batch_op:
        batch_op.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("error", sa.Text(), nullable=True))

    # certificates: a state
    with op.batch_alter_table("certificate") as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("revocation_reason", sa.String(length=24), nullable=True))
        batch_op.alter_column("error", new_column_name="failure_reason")
        batch_op.alter_column("revoke_reason", new_column_name="revocation_note")
        batch_op.drop_index(
            "uq_certificate_standing",
            sqlite_where=sa.text(OLD_STANDING),
            postgresql_where=sa.text(OLD_STANDING),
        )
    certificates = sa.table(
        "certificate",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("rendered_at", sa.DateTime(timezone=True)),
        sa.column("failure_reason", sa.Text),
        sa.column("failed_at", sa.DateTime(timezone=True)),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("revoked_at", sa.DateTime(timezone=True)),
        sa.column("revocation_note", sa.Text),
        sa.column("revocation_reason", sa.String),
    )
    emails = sa.table(
        "delivery",
        sa.column("certificate_id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("status", sa.String),
    )
    sent = sa.select(emails.c.certificate_id).where(
        emails.c.kind == "certificate.issued", emails.c.status == "sent"
    )
    c = certificates.c
    connection.execute(
        certificates.update().values(
            status=sa.case(
                (c.revoked_at.is_not(None), "revoked"),
                (c.failure_reason.is_not(None), "failed"),
                (sa.and_(c.rendered_at.is_not(None), c.id.in_(sent)), "sent"),
                (c.rendered_at.is_not(None), "rendered"),
                else_="pending",
            ),
            failed_at=sa.case((c.failure_reason.is_not(None), c.created_at), else_=None),
            revocation_reason=sa.case(
                (c.revoked_at.is_(None), None),
                (c.revocation_note.like("name corrected:%"), "name_corrected"),
                else_="other",
            ),
        )
    )
    with op.batch_alter_table("certificate") as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(length=10), nullable=False)
        batch_op.create_check_constraint(
            "ck_certificate_status", _condition("status", CERTIFICATE_STATUSES)
        )
        batch_op.create_check_constraint(
            "ck_certificate_revocation_reason",
            _condition("revocation_reason", REVOCATION_REASONS),
        )
        batch_op.create_index(
            "uq_certificate_standing",
            ["registration_id"],
            unique=True,
            sqlite_where=sa.text(STANDING),
            postgresql_where=sa.text(STANDING),
        )

    # trainings: the certificate languages, and the history of their status
    with op.batch_alter_table("training") as batch_op:
        batch_op.add_column(sa.Column("certificate_languages", sa.JSON(), nullable=True))
    trainings = sa.table(
        "training",
        sa.column("id", sa.Integer),
        sa.column("languages", sa.JSON),
        sa.column("certificate_languages", sa.JSON),
    )
    for training_id, languages in connection.execute(
        sa.select(trainings.c.id, trainings.c.languages)
    ).all():
        connection.execute(
            trainings.update()
            .where(trainings.c.id == training_id)
            .values(certificate_languages=_default_certificate_languages(languages or []))
        )
    with op.batch_alter_table("training") as batch_op:
        batch_op.alter_column("certificate_languages", existing_type=sa.JSON(), nullable=False)
    op.create_table(
        "training_transition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=10), nullable=False),
        sa.Column("to_status", sa.String(length=10), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("organiser_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            _condition("from_status", TRAINING_STATUSES),
            name="ck_training_transition_from_status",
        ),
        sa.CheckConstraint(
            _condition("to_status", TRAINING_STATUSES), name="ck_training_transition_to_status"
        ),
        sa.ForeignKeyConstraint(["organiser_id"], ["organiser.id"]),
        sa.ForeignKeyConstraint(["training_id"], ["training.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_training_transition_training_id", "training_transition", ["training_id"]
    )

    # registrations: a join token of their own
    with op.batch_alter_table("registration") as batch_op:
        batch_op.add_column(sa.Column("join_token_hash", sa.String(length=64), nullable=True))
    registrations = sa.table(
        "registration",
        sa.column("id", sa.Integer),
        sa.column("access_salt", sa.String),
        sa.column("join_token_hash", sa.String),
    )
    secret_key = current_app.config["SECRET_KEY"]
    for registration_id, salt in connection.execute(
        sa.select(registrations.c.id, registrations.c.access_salt)
    ).all():
        connection.execute(
            registrations.update()
            .where(registrations.c.id == registration_id)
            .values(join_token_hash=_join_token_hash(secret_key, salt))
        )
    with op.batch_alter_table("registration") as batch_op:
        batch_op.alter_column("join_token_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint("uq_registration_join_token_hash", ["join_token_hash"])


def downgrade():
    with op.batch_alter_table("registration") as batch_op:
        batch_op.drop_constraint("uq_registration_join_token_hash", type_="unique")
        batch_op.drop_column("join_token_hash")

    op.drop_index("ix_training_transition_training_id", table_name="training_transition")
    op.drop_table("training_transition")
    with op.batch_alter_table("training") as batch_op:
        batch_op.drop_column("certificate_languages")

    with op.batch_alter_table("certificate") as batch_op:
        batch_op.drop_index(
            "uq_certificate_standing",
            sqlite_where=sa.text(STANDING),
            postgresql_where=sa.text(STANDING),
        )
        batch_op.drop_constraint("ck_certificate_revocation_reason", type_="check")
        batch_op.drop_constraint("ck_certificate_status", type_="check")
    connection = op.get_bind()
    certificates = sa.table(
        "certificate",
        sa.column("status", sa.String),
        sa.column("revoked_at", sa.DateTime(timezone=True)),
    )
    # a revoked certificate is what has revoked_at; make sure every revoked one has it
    connection.execute(
        certificates.update()
        .where(certificates.c.status == "revoked", certificates.c.revoked_at.is_(None))
        .values(revoked_at=sa.func.current_timestamp())
    )
    with op.batch_alter_table("certificate") as batch_op:
        batch_op.alter_column("revocation_note", new_column_name="revoke_reason")
        batch_op.alter_column("failure_reason", new_column_name="error")
        batch_op.drop_column("revocation_reason")
        batch_op.drop_column("failed_at")
        batch_op.drop_column("status")
        batch_op.create_index(
            "uq_certificate_standing",
            ["registration_id"],
            unique=True,
            sqlite_where=sa.text(OLD_STANDING),
            postgresql_where=sa.text(OLD_STANDING),
        )

    with op.batch_alter_table("outbox_event") as batch_op:
        batch_op.drop_column("error")
        batch_op.drop_column("failed_at")

    with op.batch_alter_table("delivery") as batch_op:
        batch_op.drop_constraint("ck_delivery_failure", type_="check")
        batch_op.drop_constraint("ck_delivery_status", type_="check")
    deliveries = sa.table("delivery", sa.column("status", sa.String))
    connection.execute(
        deliveries.update().where(deliveries.c.status == "deferred").values(status="queued")
    )
    with op.batch_alter_table("delivery") as batch_op:
        batch_op.drop_column("retry_until")
        batch_op.drop_column("retry_at")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("failure")
        batch_op.create_check_constraint(
            "ck_delivery_status", _condition("status", OLD_DELIVERY_STATUSES)
        )
