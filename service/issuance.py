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
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import func, select, update

from certificates import CertificateData, CertificateError, render
from service.attendance import session_counts, session_minutes
from service.certificate_payload import build_payload, verification_url
from service.clock import utcnow
from service.deliveries import composer, queue_delivery
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
from service.outbox import NotReady, add_with_message, enqueue_render, record_event
from service.registrations import manage_url
from service.security import random_code

APPRECIATED_ROLES = ("expert", "speaker")


def close_training(training: Training) -> None:
    """Close registration and attendance, and start issuing (again: only what is missing)."""
    if training.status == "draft":
        raise ServiceError("not_open", "a draft training cannot be closed", 409)
    training.status = "closed"
    record_event("training.closed", training_id=training.id)


class SummariesPending(NotReady):
    """Attendance changes are still being summarised; the close event is retried shortly."""


@dataclass(frozen=True)
class AttendanceFacts:
    attended: int
    total: int
    eligible: bool


def attendance_facts(registration: Registration) -> AttendanceFacts:
    """The registration's attendance as the workers summarised it."""
    summary = db.session.scalar(
        select(AttendanceSummary).where(AttendanceSummary.registration_id == registration.id)
    )
    total = len(registration.training.sessions)
    if summary is None:
        return AttendanceFacts(0, total, not registration.takes_seat)
    return AttendanceFacts(summary.sessions_attended, total, summary.eligible)


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


def _earns(registration: Registration, facts: AttendanceFacts) -> str | None:
    """The template this registration has earned, or None."""
    decision = db.session.scalar(
        select(EligibilityDecision.decision).where(
            EligibilityDecision.registration_id == registration.id
        )
    )
    if decision == "withhold":
        return None
    if registration.role in APPRECIATED_ROLES:
        return "appreciation"
    if registration.role == "participant" and (decision == "grant" or facts.eligible):
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
    created = 0
    for registration in confirmed:
        if registration.id in standing:
            continue
        template = _earns(registration, attendance_facts(registration))
        if template is not None:
            new_certificate(registration, template)
            created += 1
    db.session.flush()
    return created


def new_certificate(
    registration: Registration, template: str, replaces: Certificate | None = None
) -> Certificate:
    today = date.today()
    names = {"en": registration.full_name}
    if registration.name_ar:
        names["ar"] = registration.name_ar
    certificate = Certificate(
        serial=new_serial(today.year),
        registration=registration,
        training_id=registration.training_id,
        template=template,
        holder_name=names,
        issued_on=today,
        replaces_id=replaces.id if replaces else None,
    )
    return add_with_message(certificate, enqueue_render)


def render_certificate(certificate_id: int) -> str:
    """Render, store and queue the e-mail of one certificate. Returns the outcome."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.revoked_at is not None:
        db.session.rollback()
        return "skipped"
    if certificate.rendered_at is None and not _render_and_store(certificate):
        return "failed"
    certificate = db.session.get_one(Certificate, certificate_id)
    queue_delivery(
        "certificate.issued",
        f"certificate:{certificate.serial}:issued",
        recipient=certificate.registration.email,
        registration_id=certificate.registration_id,
        certificate_id=certificate.id,
    )
    db.session.commit()
    return "rendered"


def _render_and_store(certificate: Certificate) -> bool:
    """Render outside any transaction (it is the slow part), then record the stored file."""
    registration = certificate.registration
    facts = attendance_facts(registration)
    hours = attended_hours(registration) if certificate.template == "attendance" else 0.0
    payload = build_payload(certificate, facts.attended, facts.total, hours)
    certificate_id, template = certificate.id, certificate.template
    folder = Path(current_app.config["CERTIFICATES_DIR"]) / str(certificate.training_id)
    path = folder / f"{certificate.serial}.pdf"
    db.session.rollback()
    try:
        pdf = render(CertificateData.model_validate(payload), template)
    except (CertificateError, ValueError) as exc:  # bad data: retrying will not help
        _update_certificate(certificate_id, error=f"{type(exc).__name__}: {exc}"[:2000])
        return False
    _store(path, pdf)
    _update_certificate(
        certificate_id,
        storage_path=str(path),
        sha256=hashlib.sha256(pdf).hexdigest(),
        rendered_at=utcnow(),
        error=None,
    )
    return True


def _update_certificate(certificate_id: int, **values: Any) -> None:
    db.session.execute(update(Certificate).where(Certificate.id == certificate_id).values(**values))
    db.session.commit()


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
def certificate_email(delivery: Delivery) -> EmailMessage:
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
