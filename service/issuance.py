"""Closing a training and issuing its certificates: eligibility, rendering, storage, e-mail.

Closing writes a ``training.closed`` event. Its handler decides who earned which certificate and
creates one row per certificate; each row's message renders the PDF (``certificates`` queue) and
then queues the e-mail with the PDF attached (``email`` queue). Every step is keyed: a standing
certificate per registration is unique, a rendered one is not rendered again, and the e-mail's
idempotency key is the serial, so closing twice issues and sends nothing twice.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from email.message import Message
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from certificates import CertificateData, CertificateError, render
from service.attendance import session_counts, session_minutes
from service.certificate_payload import build_payload, verification_url
from service.clock import utcnow
from service.database import begin_read_only
from service.deliveries import composer, queue_deliveries
from service.errors import ServiceError
from service.extensions import db
from service.i18n import pick
from service.mail.compose import Attachment, bilingual_message
from service.models import (
    Attendance,
    AttendanceSummary,
    Delivery,
    OutboxEvent,
    Registration,
    Training,
)
from service.models.certificate import Certificate, EligibilityDecision
from service.outbox import NotReady, add_with_messages, enqueue_renders, record_event
from service.registrations import manage_url
from service.security import random_code

APPRECIATED_ROLES = ("expert", "speaker")


def close_training(training: Training) -> None:
    """Close registration and attendance, and start issuing (again: only what is missing)."""
    if training.status in ("draft", "cancelled"):
        raise ServiceError("not_open", f"a {training.status} training cannot be closed", 409)
    training.status = "closed"
    record_event("training.closed", training_id=training.id)


class SummariesPending(NotReady):
    """Attendance changes are still being summarised; the close event is retried shortly."""


def attended_hours(registration: Registration) -> float:
    """Hours of the sessions that count: minutes connected where known, else the session."""
    training = registration.training
    sessions = {session.id: session for session in training.sessions}
    records = db.session.scalars(
        select(Attendance).where(Attendance.registration_id == registration.id)
    )
    minutes = sum(
        record.minutes or session_minutes(sessions[record.session_id])
        for record in records
        if record.session_id in sessions
        and session_counts(training, sessions[record.session_id], record)
    )
    return minutes / 60


def new_serial(year: int) -> str:
    return f"TDR-{year}-{random_code(10)}"


def _earns(registration: Registration, eligible: bool, decision: str | None) -> str | None:
    """The template this registration has earned, or None."""
    if decision == "withhold":
        return None
    if registration.role in APPRECIATED_ROLES:
        return "appreciation"
    if registration.role == "participant" and (decision == "grant" or eligible):
        return registration.training.certificate_template
    if decision == "grant":
        return "appreciation"
    return None


def issue_certificates(training: Training) -> int:
    """Create the certificates earned and not yet issued; returns how many were created."""
    unsummarised = db.session.scalar(
        select(func.count())
        .select_from(OutboxEvent)
        .where(
            OutboxEvent.training_id == training.id,
            OutboxEvent.kind.in_(("attendance.recorded", "training.rule_changed")),
            OutboxEvent.processed_at.is_(None),
        )
    )
    if unsummarised:
        raise SummariesPending(f"{unsummarised} attendance changes not summarised yet")
    standing = set(
        db.session.scalars(
            select(Certificate.registration_id).where(
                Certificate.training_id == training.id, Certificate.revoked_at.is_(None)
            )
        )
    )
    confirmed = db.session.scalars(
        select(Registration).where(
            Registration.training_id == training.id, Registration.status == "confirmed"
        )
    )
    of_training = select(Registration.id).where(Registration.training_id == training.id)
    eligible = dict(
        db.session.execute(
            select(AttendanceSummary.registration_id, AttendanceSummary.eligible).where(
                AttendanceSummary.registration_id.in_(of_training)
            )
        ).all()
    )
    decisions = dict(
        db.session.execute(
            select(EligibilityDecision.registration_id, EligibilityDecision.decision).where(
                EligibilityDecision.registration_id.in_(of_training)
            )
        ).all()
    )
    earned = []
    for registration in confirmed:
        if registration.id in standing:
            continue
        template = _earns(
            registration, eligible.get(registration.id, False), decisions.get(registration.id)
        )
        if template is not None:
            earned.append(_certificate(registration, template))
    add_with_messages(earned, enqueue_renders)
    return len(earned)


def _certificate(
    registration: Registration, template: str, replaces: Certificate | None = None
) -> Certificate:
    today = date.today()
    names = {"en": registration.full_name}
    if registration.name_ar:
        names["ar"] = registration.name_ar
    return Certificate(
        serial=new_serial(today.year),
        registration=registration,
        training_id=registration.training_id,
        template=template,
        holder_name=names,
        issued_on=today,
        replaces_id=replaces.id if replaces else None,
    )


def new_certificate(
    registration: Registration, template: str, replaces: Certificate | None = None
) -> Certificate:
    return add_with_messages([_certificate(registration, template, replaces)], enqueue_renders)[0]


@dataclass(frozen=True)
class _Job:
    certificate_id: int
    template: str
    payload: dict[str, Any]
    path: Path


def render_certificates(certificate_ids: list[int]) -> dict[str, int]:
    """Render and store a batch of certificates, then queue their e-mails. Returns counts.

    The PDFs are made outside any transaction (rendering is the slow part); one transaction then
    records the files and queues the e-mails. A certificate already rendered is not rendered
    again, and its e-mail's idempotency key (the serial) keeps it from going out twice.
    """
    begin_read_only()  # building the payloads takes a while: hold no write lock meanwhile
    certificates = db.session.scalars(
        select(Certificate)
        .where(Certificate.id.in_(certificate_ids), Certificate.revoked_at.is_(None))
        .options(joinedload(Certificate.registration).joinedload(Registration.training))
    ).all()
    summaries = {
        summary.registration_id: summary
        for summary in db.session.scalars(
            select(AttendanceSummary).where(
                AttendanceSummary.registration_id.in_([c.registration_id for c in certificates])
            )
        )
    }
    jobs = [
        _job(c, summaries.get(c.registration_id)) for c in certificates if c.rendered_at is None
    ]
    emails = {
        c.id: Delivery(
            kind="certificate.issued",
            idempotency_key=f"certificate:{c.serial}:issued",
            recipient=c.registration.email,
            registration_id=c.registration_id,
            certificate_id=c.id,
        )
        for c in certificates
    }
    db.session.rollback()
    outcomes = {job.certificate_id: _render_and_store(job) for job in jobs}
    for certificate_id, values in outcomes.items():
        db.session.execute(
            update(Certificate).where(Certificate.id == certificate_id).values(**values)
        )
    failed = {cid for cid, values in outcomes.items() if values.get("error")}
    queue_deliveries([email for cid, email in emails.items() if cid not in failed])
    db.session.commit()
    return {"rendered": len(outcomes) - len(failed), "failed": len(failed)}


def _job(certificate: Certificate, summary: AttendanceSummary | None) -> _Job:
    registration = certificate.registration
    total = len(registration.training.sessions)
    attended = summary.sessions_attended if summary else 0
    hours = attended_hours(registration) if certificate.template == "attendance" else 0.0
    folder = Path(current_app.config["CERTIFICATES_DIR"]) / str(certificate.training_id)
    return _Job(
        certificate_id=certificate.id,
        template=certificate.template,
        payload=build_payload(certificate, attended, total, hours),
        path=folder / f"{certificate.serial}.pdf",
    )


def _render_and_store(job: _Job) -> dict[str, Any]:
    """The column values to record: where the PDF is and its hash, or why it failed."""
    try:
        pdf = render(CertificateData.model_validate(job.payload), job.template)
    except (CertificateError, ValueError) as exc:  # bad data: retrying will not help
        return {"error": f"{type(exc).__name__}: {exc}"[:2000]}
    _store(job.path, pdf)
    return {
        "storage_path": str(job.path),
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "rendered_at": utcnow(),
        "error": None,
    }


def _store(path: Path, pdf: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".pdf.part")
    partial.write_bytes(pdf)
    os.replace(partial, path)


def certificate_pdf(certificate: Certificate) -> bytes:
    if certificate.storage_path is None:
        raise ServiceError("not_ready", "the certificate has not been rendered yet", 409)
    return Path(certificate.storage_path).read_bytes()


@composer("certificate.issued")
def certificate_email(delivery: Delivery) -> Message:
    certificate = db.session.get_one(Certificate, delivery.certificate_id)
    registration = certificate.registration

    def context(language: str) -> dict[str, Any]:
        return {
            "name": certificate.holder_name.get(language) or certificate.holder_name["en"],
            "title": pick(registration.training.title, language),
            "serial": certificate.serial,
            "verification_url": verification_url(certificate.serial),
            "manage_url": manage_url(registration),
            "replaces": certificate.replaces_id is not None,
            "organisation": current_app.config["ORGANISATION_NAME"],
        }

    attachment = Attachment(
        filename=f"certificate-{certificate.serial}.pdf",
        content=certificate_pdf(certificate),
        maintype="application",
        subtype="pdf",
    )
    return bilingual_message(
        "certificate.issued",
        recipient=registration.email,
        preferred=registration.preferred_language,
        context_for=context,
        attachments=[attachment],
    )


@dataclass(frozen=True)
class IssuanceStatus:
    eligible: int
    rendered: int
    emailed: int
    failed: int
    done: bool


def issuance_status(training: Training) -> IssuanceStatus:
    # Read whether the close event is processed *first*: each later count then sees at least
    # the certificates that processing created (PostgreSQL's READ COMMITTED gives every
    # statement its own snapshot, so the other order could see "processed" and no certificates).
    closing = db.session.scalar(
        select(func.count())
        .select_from(OutboxEvent)
        .where(
            OutboxEvent.training_id == training.id,
            OutboxEvent.kind == "training.closed",
            OutboxEvent.processed_at.is_(None),
        )
    )

    def count(*conditions: Any) -> int:
        standing = (Certificate.training_id == training.id, Certificate.revoked_at.is_(None))
        query = select(func.count()).select_from(Certificate).where(*standing, *conditions)
        return db.session.scalar(query) or 0

    eligible = count()
    render_failed = count(Certificate.error.is_not(None))
    rendered = count(Certificate.rendered_at.is_not(None))
    standing_ids = (
        select(Certificate.id)
        .where(Certificate.training_id == training.id, Certificate.revoked_at.is_(None))
        .scalar_subquery()
    )
    emails = dict(
        db.session.execute(
            select(Delivery.status, func.count())
            .where(Delivery.kind == "certificate.issued", Delivery.certificate_id.in_(standing_ids))
            .group_by(Delivery.status)
        ).all()
    )
    emailed, email_failed = emails.get("sent", 0), emails.get("failed", 0)
    done = (
        training.status == "closed"
        and not closing
        and rendered + render_failed == eligible
        and emailed + email_failed == rendered
    )
    return IssuanceStatus(eligible, rendered, emailed, render_failed + email_failed, done)


def issue_on_close(event: OutboxEvent) -> None:
    """Handler of ``training.closed``."""
    training = db.session.get(Training, event.training_id)
    assert training is not None
    issue_certificates(training)
