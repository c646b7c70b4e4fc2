"""Rendering certificates: the PDF made by the engine (``certificates``), stored with its hash,
then its e-mail queued. Runs in the ``certificates`` queue, a batch of ids per message.

A certificate the engine refuses (its data: a character no font has, a text too long) is
``failed`` at once, with the engine's reason: trying again would give the same answer until an
organiser fixes the cause and retries. Anything else (the disk, the database) raises, so the
actor tries again a bounded number of times and then marks what is left failed
(``give_up_rendering``), visibly."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from certificates import CertificateData, CertificateError, Identity, render
from service.attendance.models import AttendanceSummary
from service.attendance.summaries import attended_hours
from service.certification.models import (
    WITH_PDF,
    Certificate,
    CertificateEmail,
    CertificateStatus,
)
from service.certification.payload import build_payload
from service.core.clock import utcnow
from service.core.db import begin_read_only, db
from service.core.errors import ServiceError
from service.core.identity import organisation_identity
from service.pipeline.broker import Job
from service.pipeline.deliveries import queue_deliveries
from service.pipeline.models import Delivery
from service.pipeline.outbox import send_in_batches
from service.pipeline.sweeper import Pending
from service.registrations.models import Registration
from service.trainings.models import CertificateTemplate

RENDER_CERTIFICATES = Job("render_certificates", "certificates")


def enqueue_renders(certificate_ids: list[int]) -> None:
    send_in_batches(RENDER_CERTIFICATES, certificate_ids)


PENDING_RENDERS = Pending(
    "certificates",
    RENDER_CERTIFICATES.queue,
    Certificate,
    lambda: Certificate.status == CertificateStatus.PENDING,
    enqueue_renders,
)


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
        .where(Certificate.id.in_(certificate_ids), Certificate.status == CertificateStatus.PENDING)
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
    jobs = [_job(c, summaries.get(c.registration_id)) for c in certificates]
    emails = {
        c.id: Delivery(
            kind=CertificateEmail.ISSUED,
            idempotency_key=f"certificate:{c.serial}:issued",
            recipient=c.registration.email,
            registration_id=c.registration_id,
            certificate_id=c.id,
        )
        for c in certificates
    }
    db.session.rollback()
    # Loaded once per process (again only when its file changes), so every batch draws the same
    # identity and its images are converted once. An invalid identity file raises here: the
    # message is retried, the certificates are not marked failed.
    identity = organisation_identity() if jobs else None
    outcomes = {job.certificate_id: _render_and_store(job, identity) for job in jobs}
    rendered = []
    for certificate_id, values in outcomes.items():
        # a certificate revoked meanwhile stays revoked
        done = db.session.scalar(
            update(Certificate)
            .where(
                Certificate.id == certificate_id, Certificate.status == CertificateStatus.PENDING
            )
            .values(**values)
            .returning(Certificate.status)
        )
        if done == CertificateStatus.RENDERED:
            rendered.append(certificate_id)
    queue_deliveries([emails[cid] for cid in rendered])
    db.session.commit()
    return {"rendered": len(rendered), "failed": len(outcomes) - len(rendered)}


def give_up_rendering(certificate_ids: list[int], reason: str) -> int:
    """Mark the batch's certificates still pending failed, after the actor's last retry."""
    now = utcnow()
    result = db.session.execute(
        update(Certificate)
        .where(Certificate.id.in_(certificate_ids), Certificate.status == CertificateStatus.PENDING)
        .values(status=CertificateStatus.FAILED, failure_reason=reason[:2000], failed_at=now)
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def mark_sent(delivery_ids: list[int]) -> None:
    """Once a certificate's e-mail is taken by the server, the certificate is ``sent``
    (``service.registry.ON_SENT``)."""
    db.session.execute(
        update(Certificate)
        .where(
            Certificate.id.in_(
                select(Delivery.certificate_id).where(Delivery.id.in_(delivery_ids))
            ),
            Certificate.status == CertificateStatus.RENDERED,
        )
        .values(status=CertificateStatus.SENT)
    )


def _job(certificate: Certificate, summary: AttendanceSummary | None) -> _Job:
    registration = certificate.registration
    total = len(registration.training.sessions)
    attended = summary.sessions_attended if summary else 0
    wants_hours = certificate.template == CertificateTemplate.ATTENDANCE
    hours = attended_hours(registration) if wants_hours else 0.0
    folder = Path(current_app.config["CERTIFICATES_DIR"]) / str(certificate.training_id)
    return _Job(
        certificate_id=certificate.id,
        template=certificate.template,
        payload=build_payload(certificate, attended, total, hours),
        path=folder / f"{certificate.serial}.pdf",
    )


def _render_and_store(job: _Job, identity: Identity | None) -> dict[str, Any]:
    """The column values to record: where the PDF is and its hash, or why it failed."""
    try:
        pdf = render(CertificateData.model_validate(job.payload), job.template, identity=identity)
    except (CertificateError, ValueError) as exc:  # bad data: retrying will not help
        return {
            "status": CertificateStatus.FAILED,
            "failure_reason": f"{type(exc).__name__}: {exc}"[:2000],
            "failed_at": utcnow(),
        }
    _store(job.path, pdf)
    return {
        "status": CertificateStatus.RENDERED,
        "storage_path": str(job.path),
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "rendered_at": utcnow(),
        "failure_reason": None,
        "failed_at": None,
    }


def _store(path: Path, pdf: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".pdf.part")
    partial.write_bytes(pdf)
    os.replace(partial, path)


def certificate_pdf(certificate: Certificate) -> bytes:
    if certificate.status not in WITH_PDF or certificate.storage_path is None:
        raise ServiceError("not_ready", f"the certificate is {certificate.status}", 409)
    return Path(certificate.storage_path).read_bytes()
