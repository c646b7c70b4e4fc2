"""The decisions and their refusals in the page language (keyed by their enums)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from service.selection.models import Verdict
from service.selection.schemas import Refusal

VERDICTS: dict[Verdict, LazyString] = {
    Verdict.ACCEPT: _l("Accept"),
    Verdict.WAITLIST: _l("Put on the reserve list"),
    Verdict.REJECT: _l("Reject"),
}

DECIDED: dict[Verdict, LazyString] = {
    Verdict.ACCEPT: _l("Accepted"),
    Verdict.WAITLIST: _l("Reserve list"),
    Verdict.REJECT: _l("Rejected"),
}

REFUSALS: dict[Refusal, LazyString] = {
    Refusal.NOT_FOUND: _l("not found"),
    Refusal.NOT_DECIDABLE: _l("already decided or cancelled"),
    Refusal.NO_SEATS: _l("no seat left"),
    Refusal.QUOTA_EXCEEDED: _l("the country's quota is reached"),
}
