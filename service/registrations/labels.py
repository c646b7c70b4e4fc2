"""A registration's states in the page language (keyed by their enum)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from service.registrations.models import Gender, RegistrationStatus, Title

STATUSES: dict[RegistrationStatus, LazyString] = {
    RegistrationStatus.APPLIED: _l("Applied"),
    RegistrationStatus.NOMINATED: _l("Nominated"),
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.WAITLISTED: _l("On the waiting list"),
    RegistrationStatus.REJECTED: _l("Not selected"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
}

STATUS_EXPLANATIONS: dict[RegistrationStatus, LazyString] = {
    RegistrationStatus.CONFIRMED: _l("Your place is confirmed."),
    RegistrationStatus.WAITLISTED: _l(
        "The training is full. You are on the waiting list and will receive an e-mail "
        "if a place becomes free."
    ),
    RegistrationStatus.CANCELLED: _l("This registration is cancelled."),
    RegistrationStatus.APPLIED: _l(
        "Your application is recorded. The organisers will select the participants and write "
        "to you with their decision."
    ),
    RegistrationStatus.NOMINATED: _l(
        "Your country's national focal point has nominated you. The organisers will select the "
        "participants and write to you with their decision."
    ),
    RegistrationStatus.REJECTED: _l(
        "We regret that we are unable to offer you a place in this training."
    ),
}

#: A waitlisted candidate under selection or nomination is on the organisers' reserve list.
RESERVE_EXPLANATION = _l(
    "You are on the reserve list. If a place becomes available for you, the organisers will "
    "confirm it by e-mail."
)

#: Titles as the form offers them (the words before a name: ``Mme``, ``السيد``, ``Pr``).
TITLES: dict[Title, LazyString] = {
    Title.MR: _l("Mr"),
    Title.MS: _l("Ms"),
    Title.DR: _l("Dr"),
    Title.PROF: _l("Prof."),
    Title.HE: _l("H.E."),
}

GENDERS: dict[Gender, LazyString] = {
    Gender.FEMALE: _l("Female"),
    Gender.MALE: _l("Male"),
}
