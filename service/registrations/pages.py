"""The participant's pages: the registration form, and their own page (reached from the manage
link in every e-mail) with cancelling, the calendar file and the certificate."""

from __future__ import annotations

from io import BytesIO
from typing import Any

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
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from pydantic import ValidationError

from service.certification.models import WITH_PDF
from service.certification.registry import request_correction, standing_certificate
from service.certification.rendering import certificate_pdf
from service.core.db import db
from service.core.errors import ServiceError
from service.core.schemas import LANGUAGES
from service.questions.answering import answer, answer_sheet
from service.questions.definitions import Stage
from service.questions.form import (
    answer_errors,
    choice_label,
    label_of,
    shown,
    submitted_answers,
)
from service.questions.models import TrainingQuestion
from service.questions.operations import asked
from service.registrations.calendar import registration_calendar
from service.registrations.confirmation import confirm_by_person
from service.registrations.form import (
    consent_message,
    country_choices,
    from_service_error,
    from_validation,
    gender_choices,
    submitted,
    title_choices,
)
from service.registrations.labels import RESERVE_EXPLANATION, STATUS_EXPLANATIONS, STATUSES
from service.registrations.links import (
    checkin_code,
    find_by_token,
    follow_up_url,
    join_url,
    manage_url,
    under_way,
)
from service.registrations.models import ACTIVE_STATUSES, Registration, RegistrationStatus, Role
from service.registrations.operations import cancel, register
from service.registrations.schemas import PersonNames, RegistrationIn
from service.registrations.seats import seats_left
from service.trainings.display import training_view
from service.trainings.models import Training
from service.trainings.operations import get_training
from service.web.forms import FormErrors, names_to_check
from service.web.site import form_expired_page, page_blueprint

pages = page_blueprint("registrations", __name__)


def _language() -> str:
    return str(get_locale())


def _view(training: Training) -> Any:
    return training_view(training, _language(), seats_left(training))


@pages.route("/trainings/<int:training_id>/register", methods=["GET", "POST"])
def register_form(training_id: int) -> ResponseReturnValue:
    found = get_training(training_id, include_drafts=False)
    if request.method == "GET":
        return render_form(found, {"preferred_language": _language()})
    questions = asked(found, Role.PARTICIPANT, Stage.REGISTRATION)
    data = submitted(request.form)
    data["answers"] = submitted_answers(request.form, questions)
    try:
        parsed = RegistrationIn.model_validate(data)
    except ValidationError as exc:
        errors = from_validation(exc, data)
        if not data["consent"]:  # the rule register() applies next: say it now, not on retry
            errors.fields.setdefault("consent", consent_message())
        return render_form(found, data, errors), 422
    try:
        registered = register(training_id, parsed, by_organiser=False)
    except ServiceError as error:
        db.session.rollback()
        if error.code == "not_found":
            raise
        errors = from_service_error(error)
        answers = answer_errors(error.fields, questions, data["answers"])
        if answers:
            errors.form = None
        return render_form(found, data, errors, answers), error.status
    db.session.commit()
    if registered.registration.status == RegistrationStatus.APPLIED:
        flash(gettext("Thank you. Your application is recorded; keep the link to this page."))
    else:
        flash(gettext("Thank you. Your registration is recorded; keep the link to this page."))
    reference = registered.registration.reference
    return redirect(
        url_for("registrations.manage", reference=reference, token=registered.access_token)
    )


def render_form(
    found: Training,
    data: dict[str, Any],
    errors: FormErrors | None = None,
    answer_errors: dict[str, str] | None = None,
) -> str:
    language = _language()
    return render_template(
        "registrations/register.html",
        training=_view(found),
        countries=country_choices(found.eligible_countries, language),
        titles=title_choices(),
        genders=gender_choices(),
        data=data,
        errors=errors or FormErrors(""),
        **_questions_context(
            asked(found, Role.PARTICIPANT, Stage.REGISTRATION),
            data.get("answers", {}),
            answer_errors or {},
        ),
    )


def _questions_context(
    questions: list[TrainingQuestion], values: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    """What ``questions/_fields.html`` needs."""
    return {
        "questions": questions,
        "answers": values,
        "answer_errors": errors,
        "label_of": label_of,
        "choice_label": choice_label,
    }


@pages.errorhandler(CSRFError)
def _form_expired(error: CSRFError) -> ResponseReturnValue:
    """The registration form comes back filled in, with the message; other forms say it alone."""
    training_id = (request.view_args or {}).get("training_id")
    if request.endpoint != "registrations.register_form" or training_id is None:
        return form_expired_page(error)
    try:
        found = get_training(training_id, include_drafts=False)
    except ServiceError:
        return form_expired_page(error)
    message = gettext("This form has expired. Please check it and send it again.")
    errors = FormErrors("csrf", form=message)
    return render_form(found, submitted(request.form), errors), 400


def _registration(reference: str) -> tuple[Registration, str]:
    """The registration the request's token opens; 404 for anything else, with no details."""
    token = request.values.get("token", "")
    registration = find_by_token(token) if token else None
    if registration is None or registration.reference != reference.strip().upper():
        abort(404)
    return registration, token


def _back(registration: Registration, token: str) -> ResponseReturnValue:
    return redirect(url_for("registrations.manage", reference=registration.reference, token=token))


@pages.get("/r/<reference>")
def manage(reference: str) -> ResponseReturnValue:
    return _manage_page(*_registration(reference))


def _manage_page(
    registration: Registration, token: str, correction_errors: dict[str, str] | None = None
) -> str:
    code = checkin_code(registration)
    certificate = standing_certificate(registration)
    return render_template(
        "registrations/manage.html",
        registration=registration,
        training=_view(registration.training),
        token=token,
        checkin_code=code,
        qr_svg=_qr_svg(code) if code else None,
        join_url=join_url(registration),
        follow_up_url=follow_up_url(registration),
        awaits_person=registration.awaits_person and under_way(registration.training),
        can_cancel=registration.status in ACTIVE_STATUSES and under_way(registration.training),
        statuses=STATUSES,
        status_explanations=STATUS_EXPLANATIONS,
        reserve_explanation=RESERVE_EXPLANATION,
        certificate=certificate if certificate and certificate.status in WITH_PDF else None,
        certificate_coming=certificate is not None and certificate.status not in WITH_PDF,
        correction=request.form if correction_errors else {},
        correction_errors=correction_errors or {},
    )


def _qr_svg(code: str) -> Markup:
    """The code as an inline SVG QR code (segno's own markup: no user text in it)."""
    svg = segno.make(code, error="m").svg_inline(scale=6, light="#fff", svgclass="qr-code")
    return Markup(svg)


@pages.route("/r/<reference>/confirm", methods=["GET", "POST"])
def confirm(reference: str) -> ResponseReturnValue:
    """A nominee confirms their registration: consent, preferred language, answers."""
    registration, token = _registration(reference)
    if registration.status not in ACTIVE_STATUSES or not under_way(registration.training):
        return _back(registration, token)
    questions = asked(registration.training, registration.role, Stage.REGISTRATION)
    if request.method == "GET":
        known = {
            "preferred_language": registration.preferred_language,
            "consent": registration.consent_at is not None,
        }
        values = shown({question.key: value for question, value in answer_sheet(registration)})
        return _confirm_page(registration, token, known, values, FormErrors(""), {})
    language = request.form.get("preferred_language", "")
    consent = request.form.get("consent") == "yes"
    data = {"preferred_language": language, "consent": consent}
    values = submitted_answers(request.form, questions)
    try:
        confirm_by_person(
            registration,
            consent=consent,
            preferred_language=language if language in LANGUAGES else None,
            answers=values,
        )
    except ServiceError as error:
        db.session.rollback()
        if error.code != "validation_error":
            raise
        errors = FormErrors(error.code)
        if "consent" in error.fields:
            errors.fields["consent"] = consent_message()
        answers = answer_errors(error.fields, questions, values)
        return _confirm_page(registration, token, data, values, errors, answers), 422
    db.session.commit()
    flash(gettext("Thank you. Your registration is confirmed on your side."))
    return _back(registration, token)


def _confirm_page(
    registration: Registration,
    token: str,
    data: dict[str, Any],
    values: dict[str, Any],
    errors: FormErrors,
    answers: dict[str, str],
) -> str:
    return render_template(
        "registrations/confirm.html",
        registration=registration,
        training=_view(registration.training),
        token=token,
        data=data,
        errors=errors,
        **_questions_context(
            asked(registration.training, registration.role, Stage.REGISTRATION), values, answers
        ),
    )


@pages.route("/r/<reference>/follow-up", methods=["GET", "POST"])
def follow_up(reference: str) -> ResponseReturnValue:
    """The follow-up form, once the place is confirmed: travel, passport, meals."""
    registration, token = _registration(reference)
    if follow_up_url(registration) is None:
        return _back(registration, token)
    questions = asked(registration.training, registration.role, Stage.FOLLOW_UP)
    if request.method == "GET":
        values = shown({question.key: value for question, value in answer_sheet(registration)})
        return _follow_up_page(registration, token, questions, values, {})
    values = submitted_answers(request.form, questions)
    try:
        answer(registration, Stage.FOLLOW_UP, values, require=True)
    except ServiceError as error:
        db.session.rollback()
        if error.code != "validation_error":
            raise
        errors = answer_errors(error.fields, questions, values)
        return _follow_up_page(registration, token, questions, values, errors), 422
    db.session.commit()
    flash(
        gettext("Thank you. Your answers are saved; you can change them here until the training.")
    )
    return _back(registration, token)


def _follow_up_page(
    registration: Registration,
    token: str,
    questions: list[TrainingQuestion],
    values: dict[str, Any],
    errors: dict[str, str],
) -> str:
    return render_template(
        "registrations/follow_up.html",
        registration=registration,
        training=_view(registration.training),
        token=token,
        **_questions_context(questions, values, errors),
    )


@pages.get("/r/<reference>/calendar.ics")
def calendar(reference: str) -> ResponseReturnValue:
    registration, _ = _registration(reference)
    if registration.status != RegistrationStatus.CONFIRMED:
        abort(404)
    body = registration_calendar(registration, manage_url(registration))
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{registration.reference}.ics"'},
    )


@pages.route("/r/<reference>/cancel", methods=["GET", "POST"])
def cancel_registration(reference: str) -> ResponseReturnValue:
    registration, token = _registration(reference)
    if registration.status not in ACTIVE_STATUSES or not under_way(registration.training):
        return _back(registration, token)
    if request.method == "GET":
        return render_template(
            "registrations/cancel.html",
            registration=registration,
            training=_view(registration.training),
            token=token,
        )
    cancel(registration)
    db.session.commit()
    flash(gettext("Your registration is cancelled."))
    return _back(registration, token)


@pages.get("/r/<reference>/certificate.pdf")
def certificate_download(reference: str) -> ResponseReturnValue:
    registration, _ = _registration(reference)
    certificate = standing_certificate(registration)
    if certificate is None or certificate.status not in WITH_PDF:
        abort(404)
    return send_file(
        BytesIO(certificate_pdf(certificate)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"certificate-{certificate.serial}.pdf",
    )


@pages.post("/r/<reference>/correction")
def correction_request(reference: str) -> ResponseReturnValue:
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
