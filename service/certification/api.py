"""JSON routes: closing a training and following its issuance, eligibility decisions, and
certificates (verification, the PDF, revocation and name corrections)."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, request, url_for
from flask.typing import ResponseReturnValue

from service.certification.models import Decision
from service.certification.progress import issuance_status
from service.certification.registry import (
    correct_name,
    decide,
    get_certificate,
    public_certificate,
    public_view,
    retry,
    revoke,
)
from service.certification.rendering import certificate_pdf
from service.certification.schemas import (
    CertificateOut,
    ClosedOut,
    CorrectedOut,
    DecisionIn,
    DecisionOut,
    IssuanceOut,
    NameCorrectionIn,
    RevokeIn,
    VerificationOut,
)
from service.core.db import begin_read_only, db
from service.core.errors import not_found
from service.core.schemas import parse
from service.registrations.access import require_access, require_organiser
from service.registrations.operations import find_by_reference
from service.trainings.lifecycle import close_training
from service.trainings.operations import get_training, lock_training
from service.trainings.schemas import CloseIn
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("certification", __name__)


@api.post("/trainings/<int:training_id>/close")
@operation(
    "Close the training; the workers issue and e-mail its certificates (closing again issues "
    "only what is missing). Before the last session has started, only with force and a reason "
    "(recorded). The body is optional",
    body=CloseIn,
    access=Access.ORGANISER,
    responses={
        202: ClosedOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "not_open or training_not_finished",
        **INVALID,
    },
)
def post_close(training_id: int) -> ResponseReturnValue:
    organiser = require_organiser()
    body = request.get_json(silent=True)
    data: CloseIn = parse(CloseIn, {} if body is None else body)
    close_training(
        lock_training(training_id),
        force=data.force,
        reason=data.reason,
        organiser_id=organiser.id,
    )
    db.session.commit()
    progress = url_for("api.certification.get_issuance", training_id=training_id)
    return reply(ClosedOut(status="closed", issuance=progress), 202)


@api.get("/trainings/<int:training_id>/issuance")
@operation(
    "Issuance progress, and each failed certificate with its holder, where it stopped, why and "
    "when",
    access=Access.ORGANISER,
    responses={200: IssuanceOut, **UNAUTHORISED, **NOT_FOUND},
)
def get_issuance(training_id: int) -> ResponseReturnValue:
    require_organiser()
    db.session.rollback()  # the counts are read in a transaction of their own
    begin_read_only()
    status = issuance_status(get_training(training_id, include_drafts=True))
    return reply(IssuanceOut.model_validate(asdict(status)))


@api.put("/registrations/<reference>/eligibility")
@operation(
    "Grant or withhold a certificate whatever the attendance rule says (decision null: follow "
    "the rule)",
    body=DecisionIn,
    access=Access.ORGANISER,
    responses={
        200: DecisionOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        **INVALID,
    },
)
def put_eligibility(reference: str) -> ResponseReturnValue:
    organiser = require_organiser()
    registration = find_by_reference(reference)
    data: DecisionIn = parse(DecisionIn, request.get_json(silent=True))
    decide(registration, data.decision, data.reason, organiser)
    db.session.commit()
    decision = Decision(data.decision) if data.decision else None
    return reply(
        DecisionOut(reference=registration.reference, decision=decision, reason=data.reason)
    )


@api.get("/certificates/<serial>")
@operation(
    "Public verification: valid while its PDF exists; revoked with when, why and its "
    "replacement; a certificate not rendered (pending or failed) is not found",
    responses={200: VerificationOut, **NOT_FOUND},
)
def get_certificate_json(serial: str) -> ResponseReturnValue:
    certificate = public_certificate(serial)
    if certificate is None:
        raise not_found("certificate")
    return reply(public_view(certificate))


@api.get("/certificates/<serial>/pdf")
@operation(
    "The certificate's PDF, for its holder (participant token) or an organiser",
    access=Access.PARTICIPANT,
    binary="application/pdf",
    responses={
        200: "the PDF",
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "not_ready",
    },
)
def get_certificate_pdf(serial: str) -> ResponseReturnValue:
    certificate = get_certificate(serial)
    require_access(certificate.registration)
    return Response(
        certificate_pdf(certificate),
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="certificate-{certificate.serial}.pdf"'
        },
    )


@api.post("/certificates/<serial>/revoke")
@operation(
    "Revoke a certificate: the category (shown publicly) and the reason (on record only)",
    body=RevokeIn,
    access=Access.ORGANISER,
    responses={
        200: CertificateOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        **INVALID,
    },
)
def post_revoke(serial: str) -> ResponseReturnValue:
    require_organiser()
    data: RevokeIn = parse(RevokeIn, request.get_json(silent=True))
    certificate = revoke(get_certificate(serial), data.category, data.reason)
    db.session.commit()
    return reply(CertificateOut.of(certificate))


@api.post("/certificates/<serial>/retry")
@operation(
    "Try a failed certificate again once its cause is fixed: render it again (same serial), or "
    "send its refused e-mail again; it is e-mailed once",
    access=Access.ORGANISER,
    responses={
        202: CertificateOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "nothing_to_retry",
    },
)
def post_retry(serial: str) -> ResponseReturnValue:
    require_organiser()
    certificate = retry(get_certificate(serial))
    db.session.commit()
    return reply(CertificateOut.of(certificate), 202)


@api.post("/certificates/<serial>/correct")
@operation(
    "Correct the holder's name: the certificate is revoked, a new one issued and e-mailed (a "
    "failed one is rendered again under its own serial)",
    body=NameCorrectionIn,
    access=Access.ORGANISER,
    responses={
        201: CorrectedOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "revoked or not_ready",
        **INVALID,
    },
)
def post_correct(serial: str) -> ResponseReturnValue:
    require_organiser()
    data = parse(NameCorrectionIn, request.get_json(silent=True))
    certificate = get_certificate(serial)
    replacement = correct_name(certificate, data)
    db.session.commit()
    revoked = None if replacement.id == certificate.id else certificate.serial
    return reply(CorrectedOut(revoked=revoked, serial=replacement.serial), 201)
