"""Focal point accounts: creating them (with an API token), passwords, and e-mailed sign-in
links (single use, expiring after ``SIGN_IN_LINK_MINUTES``, only their hash kept)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from service.core.clock import utcnow
from service.core.db import db
from service.core.errors import ServiceError, validation_error
from service.core.passwords import hash_password, verify_password
from service.core.schemas import normalise_email
from service.core.security import derive_access_token, hash_token, new_salt, new_token
from service.focalpoints.models import FocalPoint, FocalPointEmail, FocalPointToken, SignInLink
from service.focalpoints.schemas import FocalPointIn
from service.pipeline.deliveries import queue_deliveries
from service.pipeline.models import Delivery
from service.trainings.operations import find_programme

SIGN_IN_LINK_MINUTES = 30
SIGN_IN_PURPOSE = "focal-point-sign-in"


def create_focal_point(data: FocalPointIn) -> tuple[FocalPoint, str]:
    """A new focal point (``409 already_exists`` for a known address), its first API token
    (returned once, in clear), and the welcome e-mail saying how to sign in."""
    if find_focal_point(data.email) is not None:
        raise ServiceError(
            "already_exists",
            "a focal point with this e-mail address already exists",
            409,
            {"email": "taken"},
        )
    focal_point = FocalPoint(
        email=data.email,
        name=data.name,
        country=data.country,
        programmes=_programme_codes(data.programmes),
        language=data.language,
    )
    db.session.add(focal_point)
    db.session.flush()
    queue_deliveries(
        [
            Delivery(
                kind=FocalPointEmail.WELCOME,
                idempotency_key=f"{FocalPointEmail.WELCOME}:{focal_point.id}",
                recipient=focal_point.email,
                context={"focal_point_id": focal_point.id},
            )
        ]
    )
    return focal_point, issue_token(focal_point)


def _programme_codes(codes: list[str]) -> list[str]:
    """The programmes' codes as stored (``statcab`` is ``StatCaB``); unknown ones refused."""
    found = []
    for index, code in enumerate(codes):
        programme = find_programme(code)
        if programme is None:
            raise validation_error({f"programmes.{index}": f"unknown programme {code}"})
        found.append(programme.code)
    return list(dict.fromkeys(found))


def issue_token(focal_point: FocalPoint) -> str:
    token = new_token()
    db.session.add(FocalPointToken(focal_point=focal_point, token_hash=hash_token(token)))
    db.session.flush()
    return token


def find_focal_point(email: str) -> FocalPoint | None:
    try:
        email = normalise_email(email)
    except ValueError:
        return None
    return db.session.scalar(select(FocalPoint).where(FocalPoint.email == email))


def all_focal_points(country: str | None = None) -> list[FocalPoint]:
    query = select(FocalPoint).order_by(FocalPoint.country, FocalPoint.email)
    if country:
        query = query.where(FocalPoint.country == country.upper())
    return list(db.session.scalars(query))


def set_password(focal_point: FocalPoint, password: str) -> None:
    focal_point.password_hash = hash_password(password)
    db.session.flush()


def authenticate(email: str, password: str) -> FocalPoint | None:
    """The focal point with this e-mail and password; None for any mismatch, in constant work."""
    focal_point = find_focal_point(email)
    verdict = verify_password(focal_point.password_hash if focal_point else None, password)
    if focal_point is None or not verdict.matches:
        return None
    if verdict.needs_rehash:
        set_password(focal_point, password)
    return focal_point


def send_sign_in_link(email: str) -> None:
    """E-mail a sign-in link to the focal point with this address; an unknown address gets
    nothing, and the caller says the same either way (nobody learns who is a focal point)."""
    focal_point = find_focal_point(email)
    if focal_point is None:
        return
    salt = new_salt()
    link = SignInLink(
        focal_point=focal_point,
        salt=salt,
        token_hash=hash_token(_link_token(salt)),
        expires_at=utcnow() + timedelta(minutes=SIGN_IN_LINK_MINUTES),
    )
    db.session.add(link)
    db.session.flush()
    queue_deliveries(
        [
            Delivery(
                kind=FocalPointEmail.SIGN_IN,
                idempotency_key=f"{FocalPointEmail.SIGN_IN}:{link.id}",
                recipient=focal_point.email,
                context={"link_id": link.id},
            )
        ]
    )


def _link_token(salt: str) -> str:
    return derive_access_token(current_app.config["SECRET_KEY"], salt, SIGN_IN_PURPOSE)


def sign_in_url(link: SignInLink) -> str:
    base = current_app.config["PUBLIC_BASE_URL"]
    return f"{base}/focal-point/sign-in/{_link_token(link.salt)}"


def open_link(token: str) -> SignInLink | None:
    """The link, if it is still usable (not used, not expired)."""
    link = db.session.scalar(select(SignInLink).where(SignInLink.token_hash == hash_token(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link


def use_link(token: str) -> FocalPoint | None:
    """The link's focal point, once: the row is locked and marked used."""
    link = db.session.scalar(
        select(SignInLink)
        .where(SignInLink.token_hash == hash_token(token))
        .with_for_update(of=SignInLink)
    )
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    link.used_at = utcnow()
    db.session.flush()
    return link.focal_point


def add_from_command_line(data: FocalPointIn) -> tuple[FocalPoint, str]:
    """``focal-point add``: create the focal point, or give a known one a fresh API token (its
    country cannot change)."""
    focal_point = find_focal_point(data.email)
    if focal_point is None:
        return create_focal_point(data)
    if focal_point.country != data.country:
        raise validation_error(
            {"country": f"{focal_point.email} is the focal point of {focal_point.country}"}
        )
    focal_point.name = data.name
    return focal_point, issue_token(focal_point)
