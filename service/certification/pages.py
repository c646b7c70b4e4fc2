"""Certificate pages: the organisers' closing, issuance progress, revoking and correcting, and
the public verification page."""

from __future__ import annotations

from dataclasses import asdict

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, get_locale, gettext
from pydantic import ValidationError

from service.certification.progress import issuance_status
from service.certification.registry import (
    correct_name,
    find_certificate,
    get_certificate,
    issued_certificates,
    pending_corrections,
    public_view,
    revoke,
)
from service.certification.schemas import NameCorrectionIn, RevokeIn, VerificationOut
from service.certification.verification import verification_section
from service.core.db import db
from service.organisers.auth import organiser_required
from service.trainings.display import training_page
from service.trainings.lifecycle import close_training
from service.trainings.models import TrainingStatus
from service.trainings.operations import get_training, lock_training
from service.web.forms import names_to_check
from service.web.site import page_blueprint

pages = page_blueprint("certification", __name__)

REFRESH_SECONDS = 3


@pages.get("/organiser/trainings/<int:training_id>/issuance")
@organiser_required
def organiser_issuance(training_id: int) -> ResponseReturnValue:
    training = get_training(training_id, include_drafts=True)
    status = issuance_status(training)
    return training_page(
        "certification/issuance.html",
        training,
        progress=asdict(status),
        certificates=issued_certificates(training),
        done=status.done,
        refresh=REFRESH_SECONDS
        if training.status == TrainingStatus.CLOSED and not status.done
        else None,
    )


@pages.post("/organiser/trainings/<int:training_id>/close")
@organiser_required
def organiser_close(training_id: int) -> ResponseReturnValue:
    """Close (again: issue only what is missing) and watch the progress."""
    close_training(lock_training(training_id))
    db.session.commit()
    return redirect(url_for("certification.organiser_issuance", training_id=training_id))


def _certificate_page(serial: str, errors: dict[str, str] | None = None) -> tuple[str, int]:
    certificate = get_certificate(serial)
    training = certificate.registration.training
    asked = next(
        (c for c in pending_corrections(training) if c.certificate.id == certificate.id), None
    )
    page = training_page(
        "certification/certificate.html",
        training,
        certificate=certificate,
        registration=certificate.registration,
        asked=asked,
        form=request.form if errors else {},
        errors=errors or {},
    )
    return page, 422 if errors else 200


@pages.get("/organiser/certificates/<serial>")
@organiser_required
def organiser_certificate(serial: str) -> ResponseReturnValue:
    return _certificate_page(serial)


@pages.post("/organiser/certificates/<serial>/revoke")
@organiser_required
def organiser_revoke(serial: str) -> ResponseReturnValue:
    try:
        data = RevokeIn(reason=request.form.get("revoke-reason", ""))
    except ValidationError:
        return _certificate_page(serial, {"revoke-reason": gettext("Give the reason.")})
    revoke(get_certificate(serial), data.reason)
    db.session.commit()
    flash(gettext("The certificate is revoked."))
    return redirect(url_for("certification.organiser_certificate", serial=serial))


@pages.post("/organiser/certificates/<serial>/correct")
@organiser_required
def organiser_correct(serial: str) -> ResponseReturnValue:
    fields = ("given_name", "family_name", "name_ar", "reason")
    try:
        data = NameCorrectionIn(**{name: request.form.get(name, "") for name in fields})
    except ValidationError as exc:
        return _certificate_page(serial, names_to_check(exc, fields))
    replacement = correct_name(get_certificate(serial), data)
    db.session.commit()
    flash(gettext("Corrected: certificate %(serial)s replaces it.", serial=replacement.serial))
    return redirect(url_for("certification.organiser_certificate", serial=replacement.serial))


@pages.get("/verify")
def verify_form() -> ResponseReturnValue:
    serial = request.args.get("serial", "").strip().upper()
    if serial:
        return redirect(url_for("certification.verify", serial=serial))
    return _verify_page(None, "", _section_languages(None))


@pages.get("/verify/<serial>")
def verify(serial: str) -> ResponseReturnValue:
    certificate = find_certificate(serial)
    if certificate is None:
        return _verify_page(None, serial, _section_languages(None)), 404
    view = public_view(certificate)
    return _verify_page(view, serial, _section_languages(view)), 200


def _section_languages(view: VerificationOut | None) -> list[str]:
    """The page's language first, then Arabic — or, on an Arabic page, the certificate's other
    language (French for an Arabic and French certificate, else English)."""
    language = str(get_locale())
    if language != "ar":
        return [language, "ar"]
    latin = next((lang for lang in (view.languages if view else []) if lang != "ar"), "en")
    return ["ar", latin]


def _verify_page(view: VerificationOut | None, serial: str, languages: list[str]) -> str:
    sections = []
    for language in languages:
        with force_locale(language):
            sections.append(verification_section(view, serial, language))
    return render_template(
        "certification/verify.html", sections=sections, serial=serial, found=view is not None
    )
