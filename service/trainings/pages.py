"""Public pages: the open trainings and one training."""

from __future__ import annotations

from flask import render_template
from flask_babel import get_locale

from service.registrations.seats import seats_left
from service.trainings.display import training_view
from service.trainings.operations import get_training, open_trainings
from service.web.site import page_blueprint

pages = page_blueprint("trainings", __name__)


@pages.get("/")
def index() -> str:
    language = str(get_locale())
    trainings = [training_view(t, language, seats_left(t)) for t in open_trainings()]
    return render_template("trainings/index.html", trainings=trainings)


@pages.get("/trainings/<int:training_id>")
def training(training_id: int) -> str:
    found = get_training(training_id, include_drafts=False)
    view = training_view(found, str(get_locale()), seats_left(found))
    return render_template("trainings/training.html", training=view)
