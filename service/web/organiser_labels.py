"""Translated names for what organisers see: training states, marks and check-in results."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TRAINING_STATUSES = dict(
    draft=_l("Draft"), open=_l("Open"), closed=_l("Closed"), cancelled=_l("Cancelled")
)

MARKS = dict(present=_l("Present"), absent=_l("Absent"), excused=_l("Excused"))

# What the door shows for each answer of service.checkin.check_in; "good" ones are green.
CHECKIN_RESULTS = dict(
    ok=_l("Welcome: checked in"),
    already_checked_in=_l("Already checked in"),
    unknown_code=_l("Unknown code"),
    wrong_training=_l("Registered for another training"),
    not_confirmed=_l("Registration not confirmed"),
    no_session_now=_l("No session now"),
)
GOOD_RESULTS = frozenset({"ok", "already_checked_in"})
