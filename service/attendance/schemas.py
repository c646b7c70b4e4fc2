"""What the API takes and gives for attendance sheets, summaries, imports and check-in."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from service.attendance.models import AttendanceSource, AttendanceStatus, CheckinResult
from service.core.schemas import CleanStr, ErrorBody, Out, Strict, Timestamp
from service.registrations.models import RegistrationStatus, Role
from service.trainings.schemas import SessionOut


class AttendanceRecordIn(Strict):
    reference: Annotated[str, Field(min_length=1, max_length=16)]
    status: AttendanceStatus
    minutes: Annotated[float, Field(ge=0, le=24 * 60)] | None = None
    reason: Annotated[CleanStr, Field(min_length=1, max_length=2000)] | None = None


class AttendanceSheetIn(Strict):
    records: list[AttendanceRecordIn] = Field(max_length=5000)


class CheckinIn(Strict):
    code: Annotated[str, Field(min_length=1, max_length=200)]
    session: int | None = None
    nonce: Annotated[str, Field(min_length=1, max_length=100)] | None = None


class SheetRow(Out):
    reference: str
    given_name: str
    family_name: str
    name_ar: str | None
    country: str
    role: Role
    status: AttendanceStatus | None
    minutes: float | None
    source: AttendanceSource | None
    reason: str | None
    recorded_at: Timestamp | None


class SheetOut(Out):
    """The session's sheet: every confirmed registration, marked or not."""

    training_id: int
    session: SessionOut
    records: list[SheetRow]


class SummaryRow(Out):
    reference: str
    name: str
    role: Role
    sessions_attended: int
    sessions_total: int
    minutes: float
    eligible: bool = Field(description="earns a certificate: the answer issuance uses")


class SummariesOut(Out):
    """Per confirmed registration: sessions attended, minutes, and whether it earns a
    certificate."""

    training_id: int
    attendance: list[SummaryRow]


class UnmatchedRowOut(Out):
    line: int
    name: str
    email: str | None
    reason: str


class MatchedRowOut(Out):
    reference: str
    name: str
    email: str
    lines: list[int]
    minutes: float
    status: AttendanceStatus
    note: str | None = Field(
        description="outside_session: every connection fell outside the session (absent, 0 minutes)"
    )


class ImportOut(Out):
    """The report's format, how many people were matched and updated, each match (with what was
    recorded), and every row that was not matched, with its reason."""

    format: str
    matched: int
    updated: int
    matches: list[MatchedRowOut]
    unmatched: list[UnmatchedRowOut]


class CheckinOut(Out):
    """The check-in's result and, when the code is known, who it is."""

    result: CheckinResult
    reference: str | None = None
    name: str | None = None
    name_ar: str | None = None
    country: str | None = None
    role: Role | None = None
    status: RegistrationStatus | None = None
    session_id: int | None = None
    checked_in_at: str | None = None
    error: ErrorBody | None = Field(default=None, description="refusals only")
