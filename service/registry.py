"""What happens after a commit, in one place: which handlers each outbox event runs, which
function composes each kind of e-mail (and what a feature records once one is sent), and which
kinds of pending work the sweeper re-sends.

These tables name every feature, so they live here at the top, beside ``app``; the pipeline
receives them from the workers (``workers/actors.py``, ``workers/scheduler.py``) and never
imports a feature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from service.attendance.models import AttendanceEvent
from service.attendance.summaries import refresh_attendance_summary, refresh_training_summaries
from service.certification.emails import certificate_email
from service.certification.issuing import issue_on_close, settle_on_decision
from service.certification.models import CertificateEmail, CertificationEvent
from service.certification.rendering import PENDING_RENDERS, mark_sent
from service.evaluation.emails import survey_email
from service.evaluation.models import EvaluationEmail, EvaluationEvent
from service.evaluation.operations import invite_on_close
from service.focalpoints.emails import sign_in_email, welcome_email
from service.focalpoints.models import FocalPointEmail
from service.pipeline.deliveries import PENDING_DELIVERIES, Composer, OnSent
from service.pipeline.outbox import PENDING_EVENTS, Handler
from service.pipeline.sweeper import Pending
from service.registrations.emails import (
    day_before_reminder,
    queue_cancellation_notices,
    queue_registration_email,
    registration_email,
    session_reminder,
    training_cancelled_email,
)
from service.registrations.models import PersonEvent, RegistrationEvent, Reminder
from service.selection.emails import decision_email, focal_point_email, queue_decision_emails
from service.selection.models import SelectionEmail, SelectionEvent
from service.trainings.models import TrainingEvent

EVENT_HANDLERS: Mapping[str, Sequence[Handler]] = {
    RegistrationEvent.CONFIRMED: (queue_registration_email,),
    RegistrationEvent.WAITLISTED: (queue_registration_email,),
    RegistrationEvent.PROMOTED: (queue_registration_email,),
    RegistrationEvent.CANCELLED: (queue_registration_email,),
    RegistrationEvent.APPLIED: (queue_registration_email,),
    RegistrationEvent.NOMINATED: (queue_registration_email,),
    PersonEvent.CONFIRMED: (),
    SelectionEvent.ACCEPTED: (queue_decision_emails,),
    SelectionEvent.WAITLISTED: (queue_decision_emails,),
    SelectionEvent.REJECTED: (queue_decision_emails,),
    AttendanceEvent.RECORDED: (refresh_attendance_summary,),
    TrainingEvent.RULE_CHANGED: (refresh_training_summaries,),
    TrainingEvent.CLOSED: (issue_on_close, invite_on_close),
    TrainingEvent.CANCELLED: (queue_cancellation_notices,),
    CertificationEvent.DECIDED: (settle_on_decision,),
    # What waits for a survey's answer (the certificate, with ``evaluation: required``) will
    # listen here; nothing does yet.
    EvaluationEvent.ANSWERED: (),
}

COMPOSERS: Mapping[str, Composer] = {
    RegistrationEvent.CONFIRMED: registration_email,
    RegistrationEvent.WAITLISTED: registration_email,
    RegistrationEvent.PROMOTED: registration_email,
    RegistrationEvent.CANCELLED: registration_email,
    RegistrationEvent.APPLIED: registration_email,
    RegistrationEvent.NOMINATED: registration_email,
    SelectionEvent.ACCEPTED: decision_email,
    SelectionEvent.WAITLISTED: decision_email,
    SelectionEvent.REJECTED: decision_email,
    SelectionEmail.FOCAL_POINT: focal_point_email,
    FocalPointEmail.WELCOME: welcome_email,
    FocalPointEmail.SIGN_IN: sign_in_email,
    Reminder.DAY_BEFORE: day_before_reminder,
    Reminder.SESSION: session_reminder,
    CertificateEmail.ISSUED: certificate_email,
    EvaluationEmail.INVITATION: survey_email,
    EvaluationEmail.REMINDER: survey_email,
    TrainingEvent.CANCELLED: training_cancelled_email,
}

ON_SENT: Mapping[str, OnSent] = {
    CertificateEmail.ISSUED: mark_sent,
}

SWEPT: Sequence[Pending] = (PENDING_EVENTS, PENDING_RENDERS, PENDING_DELIVERIES)
