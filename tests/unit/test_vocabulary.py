"""One vocabulary: every state has its words on the pages and its place in the database."""

from __future__ import annotations

from enum import StrEnum

import pytest

from service.attendance.labels import CHECKIN_RESULTS, MARKS
from service.attendance.models import AttendanceStatus, CheckinResult
from service.core.enums import one_of
from service.questions.definitions import AnswerKind, Stage
from service.questions.labels import KINDS as QUESTION_KINDS
from service.questions.labels import ROLES, STAGES
from service.registrations.labels import STATUS_EXPLANATIONS, STATUSES
from service.registrations.models import RegistrationStatus, Role
from service.selection.labels import DECIDED, REFUSALS, VERDICTS
from service.selection.models import Verdict
from service.selection.schemas import Refusal
from service.trainings.labels import KINDS, MODALITIES, TRAINING_STATUSES
from service.trainings.models import Kind, Modality, TrainingStatus


@pytest.mark.parametrize(
    ("labels", "values"),
    [
        (KINDS, Kind),
        (MODALITIES, Modality),
        (TRAINING_STATUSES, TrainingStatus),
        (STATUSES, RegistrationStatus),
        (STATUS_EXPLANATIONS, RegistrationStatus),
        (MARKS, AttendanceStatus),
        (CHECKIN_RESULTS, CheckinResult),
        (QUESTION_KINDS, AnswerKind),
        (STAGES, Stage),
        (ROLES, Role),
        (VERDICTS, Verdict),
        (DECIDED, Verdict),
        (REFUSALS, Refusal),
    ],
)
def test_every_value_has_a_label(labels: dict[StrEnum, object], values: type[StrEnum]):
    assert set(labels) == set(values)


def test_check_constraints_list_the_enum():
    constraint = one_of("status", RegistrationStatus, "registration")
    assert constraint.name == "ck_registration_status"
    assert str(constraint.sqltext) == (
        "status IN ('applied', 'nominated', 'confirmed', 'waitlisted', 'rejected', 'cancelled')"
    )
