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
    public_view,
    revoke,
)
from service.certification.rendering import certificate_pdf
from service.certification.schemas import (
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
from service.core.schemas import parse
from service.registrations.access import require_access, require_organiser
from service.registrations.operations import find_by_reference
from service.trainings.lifecycle import close_training
from service.trainings.operations import get_training, lock_training
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("certification", __name__)


@api.post("/trainings/<int:training_id>/close")
@operation(
    "Close the training; the workers issue and e-mail its certificates (closing again issues "
    "only what is missing)",
    access=Access.ORGANISER,
    responses={
        202: ClosedOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "not_open",
    },
)
def post_close(training_id: int) -> ResponseReturnValue:
    require_organiser()
    close_training(lock_training(training_id))
    db.session.commit()
    progress = url_for("api.certification.get_issuance", training_id=training_id)
    return reply(ClosedOut(status="closed", issuance=progress), 202)


@api.get("/trainings/<int:training_id>/issuance")
@operation(
    "Issuance progress",
    access=Access.ORGANISER,
    responses={200: IssuanceOut, **UNAUTHORISED, **NOT_FOUND},
)
def get_issuance(training_id: int) -> ResponseReturnValue:
    require_organiser()
    db.session.rollback()  # the counts are read in a transaction of their own
    begin_read_only()
    status = issuance_status(get_training(training_id, include_drafts=True))
    return reply(IssuanceOut(**asdict(status)))


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
    "Public verification of a certificate",
    responses={200: VerificationOut, **NOT_FOUND},
)
def get_certificate_json(serial: str) -> ResponseReturnValue:
    return reply(public_view(get_certificate(serial)))


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
    "Revoke a certificate, with a reason",
    body=RevokeIn,
    access=Access.ORGANISER,
    responses={
        200: VerificationOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        **INVALID,
    },
)
def post_revoke(serial: str) -> ResponseReturnValue:
    require_organiser()
    data = parse(RevokeIn, request.get_json(silent=True))
    certificate = revoke(get_certificate(serial), data.reason)
    db.session.commit()
    return reply(public_view(certificate))


@api.post("/certificates/<serial>/correct")
@operation(
    "Correct the holder's name: the certificate is revoked, a new one issued and e-mailed",
    body=NameCorrectionIn,
    access=Access.ORGANISER,
    responses={
        201: CorrectedOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "revoked",
        **INVALID,
    },
)
def post_correct(serial: str) -> ResponseReturnValue:
    require_organiser()
    data = parse(NameCorrectionIn, request.get_json(silent=True))
    replacement = correct_name(get_certificate(serial), data)
    db.session.commit()
    return reply(CorrectedOut(revoked=serial, serial=replacement.serial), 201)
