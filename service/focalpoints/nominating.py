"""What a focal point sees and does: the trainings open to their country (under ``nomination``
admission, of their programmes), the country's quota on each, nominating officials, and
following the country's nominees.

The quota is the country's, shared by its focal points (``registrations.admission``).
"""

from __future__ import annotations

from sqlalchemy import select

from service.core.countries import is_eligible
from service.core.db import db
from service.core.errors import ServiceError, not_found
from service.focalpoints.models import FocalPoint
from service.focalpoints.schemas import NominationIn, QuotaOut
from service.registrations.admission import (
    accepted,
    nominations,
    nominations_left,
    quota_exceeded,
    quota_for,
)
from service.registrations.models import Registration, RegistrationStatus, Role
from service.registrations.operations import (
    Registered,
    add_registration,
    refuse_if_over,
    refuse_if_registered,
)
from service.trainings.models import AdmissionMode, Training, TrainingStatus
from service.trainings.operations import lock_training, registration_is_open


def forbidden(message: str) -> ServiceError:
    return ServiceError("forbidden", message, 403)


def covers(focal_point: FocalPoint, training: Training) -> bool:
    """Whether the training is open to the focal point's country and of their programmes."""
    return is_eligible(focal_point.country, training.eligible_countries) and (
        not focal_point.programmes or training.programme.code in focal_point.programmes
    )


def open_trainings(focal_point: FocalPoint) -> list[Training]:
    """Trainings taking nominations (open, not drafts) that the focal point covers, soonest
    first; those whose nomination period is over stay listed, to follow the nominees."""
    trainings = db.session.scalars(
        select(Training)
        .where(
            Training.status == TrainingStatus.OPEN,
            Training.admission == AdmissionMode.NOMINATION,
        )
        .order_by(Training.starts_on, Training.id)
    )
    return [training for training in trainings if covers(focal_point, training)]


def training_for(focal_point: FocalPoint, training_id: int) -> Training:
    """One of ``open_trainings``: ``404`` for a draft or unknown one, ``403`` for one the focal
    point does not cover."""
    training = db.session.get(Training, training_id)
    if training is None or training.status == TrainingStatus.DRAFT:
        raise not_found("training")
    if not covers(focal_point, training):
        raise forbidden("this training is not open to your country or programmes")
    return training


def quota(training: Training, country: str) -> QuotaOut:
    return QuotaOut(
        country=country,
        quota=quota_for(training, country),
        nominated=nominations(training, country),
        left=nominations_left(training, country),
        accepted=accepted(training, country),
    )


def nominate(focal_point: FocalPoint, training_id: int, data: NominationIn) -> Registered:
    """Nominate an official of the focal point's country: ``nominated``, e-mailed to confirm.

    Refused: another country's official or a training the focal point does not cover
    (``403 forbidden``), a training not taking nominations (``409 not_by_nomination``) or
    outside its nomination period (``409 registration_closed``), an address already registered
    (``409 already_registered``), and beyond the country's quota (``409 quota_exceeded``).
    """
    if data.country is not None and data.country != focal_point.country:
        raise forbidden("focal points nominate officials of their own country only")
    training = lock_training(training_id)
    if training.status == TrainingStatus.DRAFT:
        raise not_found("training")
    if not covers(focal_point, training):
        raise forbidden("this training is not open to your country or programmes")
    refuse_if_over(training)
    if training.admission != AdmissionMode.NOMINATION:
        raise ServiceError("not_by_nomination", "this training does not take nominations", 409)
    if not registration_is_open(training):
        raise ServiceError("registration_closed", "nominations for this training are closed", 409)
    refuse_if_registered(training, data.email)
    if nominations_left(training, focal_point.country) == 0:
        raise quota_exceeded(focal_point.country)
    return add_registration(
        training,
        data,
        RegistrationStatus.NOMINATED,
        country=focal_point.country,
        role=Role.PARTICIPANT,
        consent=False,
        by_person=False,
        focal_point_id=focal_point.id,
    )


def nominees(training: Training, country: str | None = None) -> list[tuple[Registration, str]]:
    """The training's nominations (of one country if given), oldest first, each with the name
    of the focal point who made it."""
    query = (
        select(Registration, FocalPoint.name)
        .join(FocalPoint, FocalPoint.id == Registration.focal_point_id)
        .where(Registration.training_id == training.id)
        .order_by(Registration.created_at, Registration.id)
    )
    if country:
        query = query.where(Registration.country == country)
    return [(registration, name) for registration, name in db.session.execute(query)]
