"""Translated names for the values trainings and registrations hold."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

KINDS = {
    "training_course": _l("Training course"),
    "workshop": _l("Workshop"),
    "webinar": _l("Webinar"),
    "study_visit": _l("Study visit"),
    "meeting": _l("Meeting"),
}

MODALITIES = {
    "virtual": _l("Online"),
    "onsite": _l("On site"),
    "hybrid": _l("On site and online"),
}

STATUSES = {
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("On the waiting list"),
    "cancelled": _l("Cancelled"),
    "rejected": _l("Not accepted"),
}

STATUS_EXPLANATIONS = {
    "confirmed": _l("Your place is confirmed."),
    "waitlisted": _l(
        "The training is full. You are on the waiting list and will receive an e-mail "
        "if a place becomes free."
    ),
    "cancelled": _l("This registration is cancelled."),
    "rejected": _l("This registration was not accepted."),
}
