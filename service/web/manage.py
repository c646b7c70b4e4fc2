"""The participant's own page, reached from the manage link in every e-mail."""

from __future__ import annotations

from io import BytesIO

import segno
from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale, get_locale, gettext
from markupsafe import Markup
from pydantic import ValidationError

from service.certificates_registry import request_correction, standing_certificate
from service.extensions import db
from service.ics import registration_calendar
from service.issuance import certificate_pdf
from service.models import Registration
from service.models.registration import ACTIVE_STATUSES
from service.registrations import cancel, checkin_code, find_by_token, join_url, manage_url
from service.schemas import PersonNames
from service.web import web
from service.web.display import training_view, venue_text
from service.web.form_errors import names_to_check
from service.web.labels import STATUS_EXPLANATIONS, STATUSES


def _registration(reference: str) -> tuple[Registration, str]:
    """The registration the request's token opens; 404 for anything else, with no details."""
    token = request.values.get("token", "")
    registration = find_by_token(token) if token else None
    if registration is None or registration.reference != reference.strip().upper():
        abort(404)
    return registration, token


def _back(registration: Registration, token: str) -> Response:
    return redirect(url_for("web.manage", reference=registration.reference, token=token))


@web.get("/r/<reference>")
def manage(reference: str) -> str:
    return _manage_page(*_registration(reference))


def _manage_page(
    registration: Registration, token: str, correction_errors: dict[str, str] | None = None
) -> str:
    code = checkin_code(registration)
    certificate = standing_certificate(registration)
    return render_template(
        "web/manage.html",
        registration=registration,
        training=training_view(registration.training, str(get_locale())),
        token=token,
        checkin_code=code,
        qr_svg=_qr_svg(code) if code else None,
        join_url=join_url(registration),
        can_cancel=registration.status in ACTIVE_STATUSES,
        statuses=STATUSES,
        status_explanations=STATUS_EXPLANATIONS,
        certificate=certificate if certificate and certificate.storage_path else None,
        correction=request.form if correction_errors else {},
        correction_errors=correction_errors or {},
    )


def _qr_svg(code: str) -> Markup:
    """The code as an inline SVG QR code (segno's own markup: no user text in it)."""
    svg = segno.make(code, error="m").svg_inline(scale=6, light="#fff", svgclass="qr-code")
    return Markup(svg)


@web.get("/r/<reference>/calendar.ics")
def calendar(reference: str) -> Response:
    registration, _ = _registration(reference)
    if registration.status != "confirmed":
        abort(404)
    language = registration.preferred_language
    with force_locale(language):
        location = venue_text(registration.training, language)
    body = registration_calendar(registration, manage_url(registration), location)
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{registration.reference}.ics"'},
    )


@web.route("/r/<reference>/cancel", methods=["GET", "POST"])
def cancel_registration(reference: str) -> Response | str:
    registration, token = _registration(reference)
    if registration.status not in ACTIVE_STATUSES:
        return _back(registration, token)
    if request.method == "GET":
        return render_template(
            "web/cancel.html",
            registration=registration,
            training=training_view(registration.training, str(get_locale())),
            token=token,
        )
    cancel(registration)
    db.session.commit()
    flash(gettext("Your registration is cancelled."))
    return _back(registration, token)


@web.get("/r/<reference>/certificate.pdf")
def certificate_download(reference: str) -> Response:
    registration, _ = _registration(reference)
    certificate = standing_certificate(registration)
    if certificate is None or certificate.storage_path is None:
        abort(404)
    return send_file(
        BytesIO(certificate_pdf(certificate)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"certificate-{certificate.serial}.pdf",
    )


@web.post("/r/<reference>/correction")
def correction_request(reference: str) -> Response | tuple[str, int]:
    """Ask the organisers to correct the name on the certificate; they apply it."""
    registration, token = _registration(reference)
    if standing_certificate(registration) is None:
        return _back(registration, token)
    fields = ("given_name", "family_name", "name_ar")
    try:
        names = PersonNames(**{name: request.form.get(name, "") for name in fields})
    except ValidationError as exc:
        errors = names_to_check(exc, fields)
        return _manage_page(registration, token, correction_errors=errors), 422
    request_correction(registration, names)
    db.session.commit()
    flash(gettext("Your request is sent. The organisers will issue a corrected certificate."))
    return _back(registration, token)
