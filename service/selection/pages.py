"""The organisers' selection page: a training's candidates with filters, the counts per country
against the quotas, and decisions in bulk."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import flash, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext, ngettext

from service.core.db import db
from service.core.i18n import country_name, pick
from service.organisers.auth import organiser_required
from service.questions.form import choice_label, label_of
from service.questions.operations import stored_questions
from service.registrations.labels import STATUSES
from service.registrations.seats import seats_left
from service.selection.deciding import decide
from service.selection.labels import DECIDED, REFUSALS, VERDICTS
from service.selection.models import Verdict
from service.selection.review import Filters, candidates, country_counts
from service.selection.schemas import SelectionDecisionIn
from service.trainings.display import training_page
from service.trainings.operations import get_training
from service.web.site import page_blueprint

pages = page_blueprint("selection", __name__)

FILTERS = ("status", "country", "institution", "question", "answer")


def _filters() -> dict[str, str]:
    return {name: request.args.get(name, "").strip() for name in FILTERS}


@pages.get("/organiser/trainings/<int:training_id>/selection")
@organiser_required
def selection(training_id: int) -> str:
    language = str(get_locale())
    training = get_training(training_id, include_drafts=True)
    chosen = _filters()
    question = chosen["question"]
    found = candidates(
        training,
        Filters(
            status=chosen["status"] if chosen["status"] in STATUSES else None,
            country=chosen["country"] or None,
            institution=chosen["institution"] or None,
            answer=f"{question}:{chosen['answer']}" if question else None,
        ),
    )
    counts = country_counts(training)
    questions = stored_questions(training)
    return training_page(
        "selection/selection.html",
        training,
        filters=chosen,
        candidates=found,
        counts=[(count, country_name(count.country, language)) for count in counts],
        countries=[(count.country, country_name(count.country, language)) for count in counts],
        questions=questions,
        by_key={q.key: q for q in questions},
        statuses=STATUSES,
        verdicts=VERDICTS,
        decided=DECIDED,
        seats_left=seats_left(training),
        country_name=lambda code: country_name(code, language),
        label_of=label_of,
        choice_label=choice_label,
        pick=pick,
    )


@pages.post("/organiser/trainings/<int:training_id>/selection")
@organiser_required
def decide_in_bulk(training_id: int) -> ResponseReturnValue:
    references = request.form.getlist("reference")
    verdict = request.form.get("decision", "")
    reason = request.form.get("reason", "").strip() or None
    back = url_for("selection.selection", training_id=training_id) + _query_back()
    if not references or verdict not in list(Verdict):
        flash(gettext("Choose at least one candidate and a decision."))
        return redirect(back, 303)
    if verdict == Verdict.REJECT and not reason:
        flash(gettext("Give the reason for rejecting (it is recorded, not sent)."))
        return redirect(back, 303)
    items = [
        SelectionDecisionIn(reference=reference, decision=Verdict(verdict), reason=reason)
        for reference in references
    ]
    outcomes = decide(training_id, items, g.organiser.id)
    db.session.commit()
    applied = sum(outcome.decided for outcome in outcomes)
    flash(ngettext("%(num)d decision applied.", "%(num)d decisions applied.", applied))
    for outcome in outcomes:
        if outcome.error is not None:
            flash(
                gettext(
                    "%(reference)s: not applied (%(why)s).",
                    reference=outcome.reference,
                    why=REFUSALS[outcome.error],
                )
            )
    return redirect(back, 303)


def _query_back() -> str:
    """The filters the table was showing, to show it again."""
    kept = {name: request.form.get(f"filter-{name}", "") for name in FILTERS}
    kept = {name: value for name, value in kept.items() if value}
    return f"?{urlencode(kept)}" if kept else ""
