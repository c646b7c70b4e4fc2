"""A training's kinds, modalities and states in the page language (keyed by their enums)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from service.trainings.models import Kind, Modality, TrainingStatus

KINDS: dict[Kind, LazyString] = {
    Kind.TRAINING_COURSE: _l("Training course"),
    Kind.WORKSHOP: _l("Workshop"),
    Kind.WEBINAR: _l("Webinar"),
    Kind.STUDY_VISIT: _l("Study visit"),
    Kind.MEETING: _l("Meeting"),
}

MODALITIES: dict[Modality, LazyString] = {
    Modality.VIRTUAL: _l("Online"),
    Modality.ONSITE: _l("On site"),
    Modality.HYBRID: _l("On site and online"),
}

TRAINING_STATUSES: dict[TrainingStatus, LazyString] = {
    TrainingStatus.DRAFT: _l("Draft"),
    TrainingStatus.OPEN: _l("Open"),
    TrainingStatus.CLOSED: _l("Closed"),
    TrainingStatus.CANCELLED: _l("Cancelled"),
}
