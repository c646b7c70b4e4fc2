"""How a participant proves who they are: the manage link (its token opens the participant's
page and the API), the join link (its own token, which only records attendance and leads to the
meeting), both derived from the registration's salt, and the check-in code shown at the door.

A check-in code is ``<reference>.<signature>`` (e.g. ``DKR25-7Q3K.MFRGGZDFMZTWQ2LK``), so a door
scanner can read it offline as text, but only the service can make one: the signature is an HMAC
of the reference with the secret key (80 bits, base32 so it survives keyboard-wedge scanners).
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app
from sqlalchemy import select

from service.core.db import db
from service.core.security import derive_access_token, derive_join_token, hash_token
from service.questions.definitions import Stage
from service.questions.operations import asked
from service.registrations.models import Registration, RegistrationStatus
from service.trainings.models import Modality, Training, TrainingStatus


def find_by_token(token: str) -> Registration | None:
    """The registration whose manage token this is (a join token opens nothing here)."""
    return db.session.scalar(
        select(Registration).where(Registration.access_token_hash == hash_token(token))
    )


def find_by_join_token(token: str) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.join_token_hash == hash_token(token))
    )


def access_token(registration: Registration) -> str:
    return derive_access_token(current_app.config["SECRET_KEY"], registration.access_salt)


def join_token(registration: Registration) -> str:
    return derive_join_token(current_app.config["SECRET_KEY"], registration.access_salt)


def under_way(training: Training) -> bool:
    """Sessions may still be attended: not closed, not cancelled. After that a participant is
    offered the certificate, not the door code or the join link."""
    return training.status not in (TrainingStatus.CLOSED, TrainingStatus.CANCELLED)


def manage_url(registration: Registration) -> str:
    base = current_app.config["PUBLIC_BASE_URL"]
    return f"{base}/r/{registration.reference}?token={access_token(registration)}"


def confirm_url(registration: Registration) -> str:
    """The page where a nominee confirms and completes their registration."""
    base = current_app.config["PUBLIC_BASE_URL"]
    return f"{base}/r/{registration.reference}/confirm?token={access_token(registration)}"


def follow_up_url(registration: Registration) -> str | None:
    """The follow-up form (travel, passport, meals), for confirmed people of a training that
    asks them follow-up questions, while it is under way."""
    if (
        registration.status != RegistrationStatus.CONFIRMED
        or not under_way(registration.training)
        or not asked(registration.training, registration.role, Stage.FOLLOW_UP)
    ):
        return None
    base = current_app.config["PUBLIC_BASE_URL"]
    return f"{base}/r/{registration.reference}/follow-up?token={access_token(registration)}"


def join_url(registration: Registration) -> str | None:
    """The personal link that records attendance and leads to the meeting, for confirmed
    people of virtual and hybrid trainings."""
    if (
        registration.status != RegistrationStatus.CONFIRMED
        or registration.training.modality == Modality.ONSITE
        or not under_way(registration.training)
    ):
        return None
    return f"{current_app.config['PUBLIC_BASE_URL']}/j/{join_token(registration)}"


def checkin_code(registration: Registration) -> str | None:
    """The signed code confirmed people of on-site and hybrid trainings show at the door."""
    if (
        registration.status != RegistrationStatus.CONFIRMED
        or registration.training.modality == Modality.VIRTUAL
        or not under_way(registration.training)
    ):
        return None
    return make_code(current_app.config["SECRET_KEY"], registration.reference)


def _signature(secret_key: str, reference: str) -> str:
    digest = hmac.new(secret_key.encode(), b"checkin:" + reference.encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()[:10]).decode()


def make_code(secret_key: str, reference: str) -> str:
    return f"{reference}.{_signature(secret_key, reference)}"


def read_code(secret_key: str, code: str) -> str | None:
    """The reference inside a genuine code, or None for anything else."""
    reference, _, signature = code.strip().upper().partition(".")
    if not reference or not signature:
        return None
    if not hmac.compare_digest(signature, _signature(secret_key, reference)):
        return None
    return reference
