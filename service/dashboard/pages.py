"""Organiser pages: the list of trainings and each training's dashboard."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext, ngettext
from pydantic import ValidationError

from service.attendance.labels import MARKS
from service.certification.registry import pending_corrections
from service.core.db import db
from service.core.errors import ServiceError
from service.core.i18n import pick
from service.dashboard.charts import bar_chart
from service.dashboard.numbers import dashboard
from service.organisers.auth import organiser_required
from service.registrations.labels import STATUSES
from service.registrations.operations import find_by_reference, resend_failed, undelivered
from service.registrations.schemas import ResendIn
from service.trainings.display import training_page
from service.trainings.labels import TRAINING_STATUSES
from service.trainings.operations import all_trainings, get_training
from service.web.locale import text_direction
from service.web.site import page_blueprint

pages = page_blueprint("dashboard", __name__)


@pages.get("/organiser/")
@organiser_required
def trainings() -> str:
    language = str(get_locale())
    listed = [(training, pick(training.title, language)) for training in all_trainings()]
    return render_template(
        "dashboard/trainings.html", trainings=listed, training_statuses=TRAINING_STATUSES
    )


@pages.get("/organiser/trainings/<int:training_id>")
@organiser_required
def training(training_id: int) -> str:
    language = str(get_locale())
    found = get_training(training_id, include_drafts=True)
    numbers = dashboard(found, language)
    chart = bar_chart(
        [(name, count) for _, name, count in numbers.by_country],
        gettext("Registrations by country"),
        gettext("Active registrations (confirmed or waiting) per country, largest first."),
        "country-chart",
        rtl=text_direction(language) == "rtl",
    )
    return training_page(
        "dashboard/dashboard.html",
        found,
        numbers=numbers,
        chart=chart,
        statuses=STATUSES,
        marks=MARKS,
        corrections=pending_corrections(found),
        undelivered=undelivered(found),
    )


@pages.post("/organiser/registrations/<reference>/resend")
@organiser_required
def resend(reference: str) -> ResponseReturnValue:
    """Send a registration's refused e-mails again, to the corrected address if changed."""
    registration = find_by_reference(reference)
    back = request.form.get("next", "")
    if not back.startswith("/organiser/"):
        back = url_for("dashboard.training", training_id=registration.training_id)
    typed = request.form.get(f"email-{registration.reference}") or None
    try:
        email = ResendIn(email=typed).email
        requeued = resend_failed(registration, email)
    except ValidationError:
        flash(gettext("Check the e-mail address."))
        return redirect(back)
    except ServiceError as refusal:
        if refusal.code != "already_registered":
            raise
        db.session.rollback()
        flash(gettext("This e-mail address is already registered for this training."))
        return redirect(back)
    db.session.commit()
    flash(ngettext("%(num)d e-mail is sent again.", "%(num)d e-mails are sent again.", requeued))
    return redirect(back)
