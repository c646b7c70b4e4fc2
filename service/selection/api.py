"""JSON routes: reviewing a training's candidates and deciding on them in bulk."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from service.core.db import db
from service.core.schemas import parse
from service.registrations.access import require_organiser
from service.registrations.models import RegistrationStatus, Role
from service.registrations.seats import seats_left
from service.selection.deciding import decide
from service.selection.models import Verdict
from service.selection.review import Filters, candidates, country_counts, decisions
from service.selection.schemas import (
    CandidateOut,
    CandidateQuery,
    CandidatesOut,
    CountryCountOut,
    DecisionResultOut,
    DecisionResults,
    DecisionsIn,
    LastDecisionOut,
    SelectionDecisionList,
    SelectionDecisionOut,
)
from service.trainings.operations import get_training
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("selection", __name__)


@api.get("/trainings/<int:training_id>/candidates")
@operation(
    "The training's applications, nominations and other registrations, with their answers, "
    "who nominated them and the last decision (filters: status, country, institution, "
    "answer=key:value), and per country the participants by status against the quota",
    query=CandidateQuery,
    access=Access.ORGANISER,
    responses={200: CandidatesOut, **UNAUTHORISED, **NOT_FOUND, **INVALID},
)
def get_candidates(training_id: int) -> ResponseReturnValue:
    require_organiser()
    training = get_training(training_id, include_drafts=True)
    query: CandidateQuery = parse(CandidateQuery, request.args.to_dict())
    filters = Filters(query.status, query.country, query.institution, query.answer)
    found = candidates(training, filters)
    out = CandidatesOut(
        capacity=training.capacity,
        seats_left=seats_left(training),
        countries=[
            CountryCountOut(
                country=count.country,
                quota=count.quota,
                applied=count.by_status.get(RegistrationStatus.APPLIED, 0),
                nominated=count.by_status.get(RegistrationStatus.NOMINATED, 0),
                confirmed=count.by_status.get(RegistrationStatus.CONFIRMED, 0),
                waitlisted=count.by_status.get(RegistrationStatus.WAITLISTED, 0),
                rejected=count.by_status.get(RegistrationStatus.REJECTED, 0),
                nominations=count.nominations,
                acceptances_left=count.acceptances_left,
            )
            for count in country_counts(training)
        ],
        candidates=[
            CandidateOut(
                reference=c.registration.reference,
                given_name=c.registration.given_name,
                family_name=c.registration.family_name,
                name_ar=c.registration.name_ar,
                email=c.registration.email,
                country=c.registration.country,
                institution=c.registration.institution,
                job_title=c.registration.job_title,
                role=Role(c.registration.role),
                status=RegistrationStatus(c.registration.status),
                nominated_by=c.nominated_by,
                confirmed_by_person_at=c.registration.confirmed_by_person_at,
                created_at=c.registration.created_at,
                answers=c.answers,
                last_decision=(
                    LastDecisionOut(
                        decision=Verdict(c.last_decision.decision),
                        reason=c.last_decision.reason,
                        by=c.last_decision.by,
                        at=c.last_decision.at,
                    )
                    if c.last_decision
                    else None
                ),
            )
            for c in found
        ],
    )
    return reply(out)


@api.post("/trainings/<int:training_id>/decisions")
@operation(
    "Decide in bulk: accept (confirmed, within capacity and the country's quota), waitlist (the "
    "organisers' reserve) or reject (with the reason, recorded and not sent) applied, "
    "nominated or waitlisted registrations; a result per reference (refused: not_found, "
    "not_decidable, no_seats, quota_exceeded). Each decision e-mails the person and, for a "
    "nomination, their focal point",
    body=DecisionsIn,
    access=Access.ORGANISER,
    responses={
        200: DecisionResults,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "training_closed or training_cancelled",
        **INVALID,
    },
)
def post_decisions(training_id: int) -> ResponseReturnValue:
    organiser = require_organiser()
    data: DecisionsIn = parse(DecisionsIn, request.get_json(silent=True))
    outcomes = decide(training_id, data.decisions, organiser.id)
    db.session.commit()
    results = [
        DecisionResultOut(reference=o.reference, decided=o.decided, status=o.status, error=o.error)
        for o in outcomes
    ]
    return reply(DecisionResults(results=results))


@api.get("/trainings/<int:training_id>/decisions")
@operation(
    "Every decision on the training's candidates, oldest first: what, from which status, "
    "the reason, who and when",
    access=Access.ORGANISER,
    responses={200: SelectionDecisionList, **UNAUTHORISED, **NOT_FOUND},
)
def get_decisions(training_id: int) -> ResponseReturnValue:
    require_organiser()
    training = get_training(training_id, include_drafts=True)
    return reply(
        SelectionDecisionList(
            decisions=[
                SelectionDecisionOut(
                    reference=reference,
                    decision=Verdict(decision.decision),
                    from_status=RegistrationStatus(decision.from_status),
                    reason=decision.reason,
                    by=name,
                    at=decision.created_at,
                )
                for decision, reference, name in decisions(training)
            ]
        )
    )
