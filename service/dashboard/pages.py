"""Organiser pages: the list of trainings and each training's dashboard."""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale, gettext

from service.attendance.labels import MARKS
from service.certification.registry import pending_corrections
from service.core.i18n import pick
from service.dashboard.charts import bar_chart
from service.dashboard.numbers import dashboard
from service.organisers.auth import organiser_required
from service.registrations.labels import STATUSES
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
    )
