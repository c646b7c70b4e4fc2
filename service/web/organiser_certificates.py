"""Organiser pages after the training: closing it, issuance progress, revoking and correcting."""

from __future__ import annotations

from dataclasses import asdict

from flask import Response, flash, redirect, request, url_for
from flask_babel import gettext
from pydantic import ValidationError

from service.certificates_registry import (
    correct_name,
    get_certificate,
    issued_certificates,
    pending_corrections,
    revoke,
)
from service.extensions import db
from service.issuance import close_training, issuance_status
from service.registrations import lock_training
from service.schemas import NameCorrectionIn, RevokeIn
from service.trainings import get_training
from service.web import web
from service.web.form_errors import names_to_check
from service.web.organiser_auth import organiser_required
from service.web.organiser_pages import training_page

REFRESH_SECONDS = 3


@web.get("/organiser/trainings/<int:training_id>/issuance")
@organiser_required
def organiser_issuance(training_id: int) -> str:
    training = get_training(training_id, include_drafts=True)
    status = issuance_status(training)
    return training_page(
        "issuance.html",
        training,
        progress=asdict(status),
        certificates=issued_certificates(training),
        done=status.done,
        refresh=REFRESH_SECONDS if training.status == "closed" and not status.done else None,
    )


@web.post("/organiser/trainings/<int:training_id>/close")
@organiser_required
def organiser_close(training_id: int) -> Response:
    """Close (again: issue only what is missing) and watch the progress."""
    close_training(lock_training(training_id))
    db.session.commit()
    return redirect(url_for("web.organiser_issuance", training_id=training_id))


def _certificate_page(serial: str, errors: dict[str, str] | None = None) -> tuple[str, int]:
    certificate = get_certificate(serial)
    training = certificate.registration.training
    asked = next(
        (c for c in pending_corrections(training) if c.certificate.id == certificate.id), None
    )
    page = training_page(
        "certificate.html",
        training,
        certificate=certificate,
        registration=certificate.registration,
        asked=asked,
        form=request.form if errors else {},
        errors=errors or {},
    )
    return page, 422 if errors else 200


@web.get("/organiser/certificates/<serial>")
@organiser_required
def organiser_certificate(serial: str) -> tuple[str, int]:
    return _certificate_page(serial)


@web.post("/organiser/certificates/<serial>/revoke")
@organiser_required
def organiser_revoke(serial: str) -> Response | tuple[str, int]:
    try:
        data = RevokeIn(reason=request.form.get("revoke-reason", ""))
    except ValidationError:
        return _certificate_page(serial, {"revoke-reason": gettext("Give the reason.")})
    revoke(get_certificate(serial), data.reason)
    db.session.commit()
    flash(gettext("The certificate is revoked."))
    return redirect(url_for("web.organiser_certificate", serial=serial))


@web.post("/organiser/certificates/<serial>/correct")
@organiser_required
def organiser_correct(serial: str) -> Response | tuple[str, int]:
    fields = ("given_name", "family_name", "name_ar", "reason")
    try:
        data = NameCorrectionIn(**{name: request.form.get(name, "") for name in fields})
    except ValidationError as exc:
        return _certificate_page(serial, names_to_check(exc, fields))
    replacement = correct_name(get_certificate(serial), data)
    db.session.commit()
    flash(gettext("Corrected: certificate %(serial)s replaces it.", serial=replacement.serial))
    return redirect(url_for("web.organiser_certificate", serial=replacement.serial))
