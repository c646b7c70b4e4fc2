"""Certificate pages: the organisers' closing, issuance progress (with each failure and its
retry), revoking and correcting, and the public verification page."""

from __future__ import annotations

from dataclasses import asdict

from flask import flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, get_locale, gettext
from pydantic import ValidationError

from service.certification.labels import CERTIFICATE_STATUSES, FAILED_STAGES, REVOCATION_REASONS
from service.certification.progress import issuance_status
from service.certification.registry import (
    correct_name,
    get_certificate,
    issued_certificates,
    pending_corrections,
    public_certificate,
    public_view,
    replacement_of,
    retry,
    revoke,
)
from service.certification.schemas import NameCorrectionIn, RevokeIn, VerificationOut
from service.certification.verification import verification_section
from service.core.clock import utcnow
from service.core.dates import local_datetime
from service.core.db import db
from service.core.errors import ServiceError
from service.organisers.auth import organiser_required
from service.registrations.seats import fill_seats
from service.trainings.display import training_page
from service.trainings.lifecycle import close_training, reopen_training
from service.trainings.models import TrainingStatus
from service.trainings.operations import get_training, lock_training
from service.trainings.schemas import ReopenIn
from service.web.forms import names_to_check
from service.web.site import page_blueprint

pages = page_blueprint("certification", __name__)

REFRESH_SECONDS = 3


def _issuance_page(
    training_id: int,
    close_error: str | None = None,
    form: dict[str, str] | None = None,
    http_status: int = 200,
    errors: dict[str, str] | None = None,
) -> tuple[str, int]:
    training = get_training(training_id, include_drafts=True)
    status = issuance_status(training)
    last_start = training.last_session_start
    page = training_page(
        "certification/issuance.html",
        training,
        progress=asdict(status),
        failures=status.failures,
        stages=FAILED_STAGES,
        certificates=issued_certificates(training),
        certificate_statuses=CERTIFICATE_STATUSES,
        done=status.done,
        refresh=REFRESH_SECONDS
        if training.status == TrainingStatus.CLOSED and not status.done and not close_error
        else None,
        early=last_start is not None and last_start > utcnow(),
        last_start=local_datetime(last_start, training.timezone, str(get_locale()))
        if last_start
        else None,
        close_error=close_error,
        form=form or {},
        errors=errors or {},
    )
    return page, http_status


@pages.get("/organiser/trainings/<int:training_id>/issuance")
@organiser_required
def organiser_issuance(training_id: int) -> ResponseReturnValue:
    return _issuance_page(training_id)


@pages.post("/organiser/trainings/<int:training_id>/close")
@organiser_required
def organiser_close(training_id: int) -> ResponseReturnValue:
    """Close (again: issue only what is missing) and watch the progress. Before the last
    session has started the form asks for the reason to close all the same."""
    force = request.form.get("force") == "yes"
    reason = request.form.get("reason", "").strip() or None
    if force and not reason:
        return _issuance_page(training_id, gettext("Give the reason."), dict(request.form), 422)
    try:
        close_training(
            lock_training(training_id), force=force, reason=reason, organiser_id=g.organiser.id
        )
    except ServiceError as refusal:
        if refusal.code != "training_not_finished":
            raise
        db.session.rollback()
        message = gettext(
            "The last session has not started yet. To close the training now, say why."
        )
        return _issuance_page(training_id, message, dict(request.form), 409)
    db.session.commit()
    return redirect(url_for("certification.organiser_issuance", training_id=training_id))


@pages.post("/organiser/trainings/<int:training_id>/reopen")
@organiser_required
def organiser_reopen(training_id: int) -> ResponseReturnValue:
    """Open a closed (or cancelled) training again, saying why."""
    try:
        data = ReopenIn(reason=request.form.get("reopen-reason", ""))
    except ValidationError:
        form = dict(request.form)
        return _issuance_page(
            training_id, None, form, 422, {"reopen-reason": gettext("Give the reason.")}
        )
    reopen_training(lock_training(training_id), data.reason, g.organiser.id)
    fill_seats(get_training(training_id, include_drafts=True))
    db.session.commit()
    flash(gettext("The training is open again."))
    return redirect(url_for("certification.organiser_issuance", training_id=training_id))


@pages.post("/organiser/certificates/<serial>/retry")
@organiser_required
def organiser_retry(serial: str) -> ResponseReturnValue:
    """Try a failed certificate again (once its cause is fixed) and watch the progress."""
    certificate = get_certificate(serial)
    retry(certificate)
    db.session.commit()
    flash(gettext("Trying certificate %(serial)s again.", serial=certificate.serial))
    return redirect(
        url_for("certification.organiser_issuance", training_id=certificate.training_id)
    )


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
        statuses=CERTIFICATE_STATUSES,
        reasons=REVOCATION_REASONS,
        replacement=replacement_of(certificate),
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
        data = RevokeIn(
            category=request.form.get("revoke-category", ""),
            reason=request.form.get("revoke-reason", ""),
        )
    except ValidationError as exc:
        wrong = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
        errors = {}
        if "category" in wrong:
            errors["revoke-category"] = gettext("Choose the reason.")
        if "reason" in wrong:
            errors["revoke-reason"] = gettext("Give the reason.")
        return _certificate_page(serial, errors)
    revoke(get_certificate(serial), data.category, data.reason)
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
    certificate = get_certificate(serial)
    replacement = correct_name(certificate, data)
    db.session.commit()
    if replacement.id == certificate.id:
        flash(gettext("Corrected: the certificate is rendered again with the new name."))
    else:
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
    """Public: valid while its PDF exists; revoked with when, why and what replaces it; a
    certificate never rendered (pending or failed) is not found."""
    certificate = public_certificate(serial)
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
