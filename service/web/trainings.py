"""Open trainings, one training, and the registration form."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from pydantic import ValidationError

from service.errors import ServiceError
from service.extensions import db
from service.models import Training
from service.registrations import register
from service.schemas import RegistrationIn
from service.trainings import get_training, open_trainings
from service.web import web
from service.web.display import training_view
from service.web.form_errors import (
    FormErrors,
    consent_message,
    from_service_error,
    from_validation,
)
from service.web.registration_form import country_choices, submitted


def _language() -> str:
    return str(get_locale())


@web.get("/")
def index() -> str:
    trainings = [training_view(t, _language()) for t in open_trainings()]
    return render_template("web/index.html", trainings=trainings)


@web.get("/trainings/<int:training_id>")
def training(training_id: int) -> str:
    found = get_training(training_id, include_drafts=False)
    return render_template("web/training.html", training=training_view(found, _language()))


@web.route("/trainings/<int:training_id>/register", methods=["GET", "POST"])
def register_form(training_id: int) -> str | tuple[str, int] | Response:
    found = get_training(training_id, include_drafts=False)
    if request.method == "GET":
        return render_form(found, {"preferred_language": _language()})
    data = submitted(request.form)
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
        return render_form(found, data, from_service_error(error)), error.status
    db.session.commit()
    flash(gettext("Thank you. Your registration is recorded; keep the link to this page."))
    reference = registered.registration.reference
    return redirect(url_for("web.manage", reference=reference, token=registered.access_token))


def render_form(found: Training, data: dict[str, Any], errors: FormErrors | None = None) -> str:
    return render_template(
        "web/register.html",
        training=training_view(found, _language()),
        countries=country_choices(found.eligible_countries, _language()),
        data=data,
        errors=errors or FormErrors(""),
    )
