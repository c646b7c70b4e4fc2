"""Closing trainings, issuance progress, certificates, check-in and eligibility decisions."""

from __future__ import annotations

from dataclasses import asdict

from flask import Response, jsonify, request, url_for

from service.api import api
from service.api.auth import require_access, require_organiser
from service.certificates_registry import (
    correct_name,
    decide,
    get_certificate,
    public_view,
    revoke,
)
from service.checkin import check_in
from service.database import begin_read_only
from service.extensions import db
from service.issuance import certificate_pdf, close_training, issuance_status
from service.registrations import find_by_reference, lock_training
from service.schemas import CheckinIn, DecisionIn, NameCorrectionIn, RevokeIn, parse
from service.trainings import get_training

CHECKIN_STATUS = {"ok": 200, "already_checked_in": 200, "unknown_code": 404}


@api.post("/trainings/<int:training_id>/close")
def post_close(training_id: int) -> tuple[Response, int]:
    require_organiser()
    close_training(lock_training(training_id))
    db.session.commit()
    progress = url_for("api.get_issuance", training_id=training_id)
    return jsonify({"status": "closed", "issuance": progress}), 202


@api.get("/trainings/<int:training_id>/issuance")
def get_issuance(training_id: int) -> Response:
    require_organiser()
    db.session.rollback()  # the counts are read in a transaction of their own
    begin_read_only()
    return jsonify(asdict(issuance_status(get_training(training_id, include_drafts=True))))


@api.post("/trainings/<int:training_id>/checkins")
def post_checkin(training_id: int) -> tuple[Response, int]:
    organiser = require_organiser()
    training = get_training(training_id, include_drafts=True)
    data = parse(CheckinIn, request.get_json(silent=True))
    answer = check_in(training, data.code, organiser, data.session, data.nonce)
    db.session.commit()
    status = CHECKIN_STATUS.get(answer["result"], 409)
    if status != 200:  # a refusal also carries the common error shape
        answer = {
            **answer,
            "error": {
                "code": answer["result"],
                "message": answer["result"].replace("_", " "),
                "fields": {},
            },
        }
    return jsonify(answer), status


@api.put("/registrations/<reference>/eligibility")
def put_eligibility(reference: str) -> Response:
    organiser = require_organiser()
    registration = find_by_reference(reference)
    data = parse(DecisionIn, request.get_json(silent=True))
    decide(registration, data.decision, data.reason, organiser)
    db.session.commit()
    return jsonify(
        {"reference": registration.reference, "decision": data.decision, "reason": data.reason}
    )


@api.get("/certificates/<serial>")
def get_certificate_json(serial: str) -> Response:
    return jsonify(public_view(get_certificate(serial)))


@api.get("/certificates/<serial>/pdf")
def get_certificate_pdf(serial: str) -> Response:
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
def post_revoke(serial: str) -> Response:
    require_organiser()
    data = parse(RevokeIn, request.get_json(silent=True))
    certificate = revoke(get_certificate(serial), data.reason)
    db.session.commit()
    return jsonify(public_view(certificate))


@api.post("/certificates/<serial>/correct")
def post_correct(serial: str) -> tuple[Response, int]:
    require_organiser()
    data = parse(NameCorrectionIn, request.get_json(silent=True))
    replacement = correct_name(get_certificate(serial), data)
    db.session.commit()
    return jsonify({"revoked": serial, "serial": replacement.serial}), 201
