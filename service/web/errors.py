"""Error pages: translated, in the page layout, and never revealing what exists."""

from __future__ import annotations

from flask import g, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import NotFound

from service.errors import ServiceError
from service.extensions import db
from service.trainings import get_training
from service.web import web
from service.web.form_errors import FormErrors
from service.web.registration_form import submitted
from service.web.trainings import render_form


@web.errorhandler(NotFound)
def _not_found(error: NotFound | None = None) -> tuple[str, int]:
    g.not_found = True
    return render_template("web/not_found.html"), 404


@web.errorhandler(ServiceError)
def _service_error(error: ServiceError) -> tuple[str, int]:
    db.session.rollback()
    if error.code == "not_found":
        return _not_found()
    message = gettext("This request could not be completed.")
    return render_template("web/error.html", message=message), error.status


@web.errorhandler(CSRFError)
def _form_expired(error: CSRFError) -> tuple[str, int]:
    """A form posted without a valid CSRF token (expired session, or another site posting it)."""
    message = gettext("This form has expired. Please check it and send it again.")
    training_id = (request.view_args or {}).get("training_id")
    if request.endpoint == "web.register_form" and training_id is not None:
        try:
            found = get_training(training_id, include_drafts=False)
        except ServiceError:
            found = None
        if found is not None:
            errors = FormErrors("csrf", form=message)
            return render_form(found, submitted(request.form), errors), 400
    return render_template("web/error.html", message=message), 400
