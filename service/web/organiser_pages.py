"""Organiser pages: the list of trainings and each training's dashboard."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import get_locale, gettext

from service.certificates_registry import pending_corrections
from service.i18n import pick
from service.models import Training
from service.trainings import all_trainings, get_training
from service.web import web
from service.web.charts import bar_chart
from service.web.labels import STATUSES
from service.web.locale import text_direction
from service.web.organiser_auth import organiser_required
from service.web.organiser_dashboard import dashboard
from service.web.organiser_labels import MARKS, TRAINING_STATUSES


def training_page(template: str, training: Training, **context: Any) -> str:
    """An organiser page about one training: its title in the page language, and the states."""
    return render_template(
        f"web/organiser/{template}",
        training=training,
        title=pick(training.title, str(get_locale())),
        training_statuses=TRAINING_STATUSES,
        **context,
    )


@web.get("/organiser/")
@organiser_required
def organiser_trainings() -> str:
    language = str(get_locale())
    trainings = [(training, pick(training.title, language)) for training in all_trainings()]
    return render_template(
        "web/organiser/trainings.html", trainings=trainings, training_statuses=TRAINING_STATUSES
    )


@web.get("/organiser/trainings/<int:training_id>")
@organiser_required
def organiser_training(training_id: int) -> str:
    language = str(get_locale())
    training = get_training(training_id, include_drafts=True)
    numbers = dashboard(training, language)
    chart = bar_chart(
        [(name, count) for _, name, count in numbers.by_country],
        gettext("Registrations by country"),
        gettext("Active registrations (confirmed or waiting) per country, largest first."),
        "country-chart",
        rtl=text_direction(language) == "rtl",
    )
    return training_page(
        "dashboard.html",
        training,
        numbers=numbers,
        chart=chart,
        statuses=STATUSES,
        marks=MARKS,
        corrections=pending_corrections(training),
    )
