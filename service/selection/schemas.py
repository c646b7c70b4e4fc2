"""What the API takes and gives for reviewing candidates and deciding."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, model_validator

from service.core.schemas import CleanStr, Out, Query, Strict, Timestamp
from service.registrations.models import RegistrationStatus, Role
from service.selection.models import Verdict


class SelectionDecisionIn(Strict):
    reference: Annotated[str, Field(min_length=1, max_length=16)]
    decision: Verdict
    reason: Annotated[CleanStr, Field(min_length=1, max_length=1000)] | None = Field(
        default=None, description="recorded, not sent to the person; required to reject"
    )

    @model_validator(mode="after")
    def _reason_to_reject(self) -> SelectionDecisionIn:
        if self.decision == Verdict.REJECT and not self.reason:
            raise ValueError("give the reason for rejecting")
        return self


class DecisionsIn(Strict):
    decisions: list[SelectionDecisionIn] = Field(min_length=1, max_length=500)


class Refusal(StrEnum):
    """Why one decision was not applied (the others of the request were)."""

    NOT_FOUND = "not_found"  # no such reference in this training
    NOT_DECIDABLE = "not_decidable"  # confirmed, rejected or cancelled: nothing to decide
    NO_SEATS = "no_seats"  # accepting needs a free seat: waitlist, or raise the capacity
    QUOTA_EXCEEDED = "quota_exceeded"  # the country's quota of participants is reached


class DecisionResultOut(Out):
    """One reference's outcome: ``decided`` (``status`` is the new one), unchanged (it already
    had that status), or refused with ``error``."""

    reference: str
    decided: bool
    status: RegistrationStatus | None
    error: Refusal | None


class DecisionResults(Out):
    results: list[DecisionResultOut]


class CandidateQuery(Query):
    """Filters: status, country, institution (part of its name, any case), and one answer as
    ``key:value`` (a choice's key or a word of the answer)."""

    status: RegistrationStatus | None = None
    country: Annotated[str, Field(max_length=2)] | None = None
    institution: Annotated[str, Field(max_length=300)] | None = None
    answer: Annotated[str, Field(max_length=200, pattern=r"^[a-z][a-z0-9_]{0,39}:")] | None = None


class LastDecisionOut(Out):
    decision: Verdict
    reason: str | None
    by: str | None
    at: Timestamp


class CandidateOut(Out):
    reference: str
    given_name: str
    family_name: str
    name_ar: str | None
    email: str
    country: str
    institution: str | None
    job_title: str | None
    role: Role
    status: RegistrationStatus
    nominated_by: str | None
    confirmed_by_person_at: Timestamp | None
    created_at: Timestamp
    answers: dict[str, Any]
    last_decision: LastDecisionOut | None


class CountryCountOut(Out):
    """Participants of one country: by status, nominations in the running, and the quota."""

    country: str
    quota: int | None
    applied: int
    nominated: int
    confirmed: int
    waitlisted: int
    rejected: int
    nominations: int
    acceptances_left: int | None


class CandidatesOut(Out):
    capacity: int | None
    seats_left: int | None
    countries: list[CountryCountOut]
    candidates: list[CandidateOut]


class SelectionDecisionOut(Out):
    reference: str
    decision: Verdict
    from_status: RegistrationStatus
    reason: str | None
    by: str | None
    at: Timestamp


class SelectionDecisionList(Out):
    decisions: list[SelectionDecisionOut]
