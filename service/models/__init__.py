"""Database models, one module per aggregate."""

from service.models.attendance import Attendance, AttendanceSummary
from service.models.certificate import Certificate, CheckinNonce, EligibilityDecision
from service.models.organiser import ApiToken, Organiser
from service.models.outbox import Delivery, OutboxEvent
from service.models.programme import Programme
from service.models.registration import Registration
from service.models.training import Training, TrainingSession

__all__ = [
    "ApiToken",
    "Attendance",
    "AttendanceSummary",
    "Certificate",
    "CheckinNonce",
    "Delivery",
    "EligibilityDecision",
    "Organiser",
    "OutboxEvent",
    "Programme",
    "Registration",
    "Training",
    "TrainingSession",
]
