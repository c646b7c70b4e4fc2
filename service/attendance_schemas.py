"""Validated input for marking attendance sheets."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from service.schemas import CleanStr, Strict


class AttendanceRecordIn(Strict):
    reference: Annotated[str, Field(min_length=1, max_length=16)]
    status: Literal["present", "absent", "excused"]
    minutes: Annotated[float, Field(ge=0, le=24 * 60)] | None = None
    reason: Annotated[CleanStr, Field(min_length=1, max_length=2000)] | None = None


class AttendanceSheetIn(Strict):
    records: list[AttendanceRecordIn] = Field(max_length=5000)
