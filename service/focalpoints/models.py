"""Focal points, their API tokens and their e-mailed sign-in links."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.core.clock import UTCDateTime, utcnow
from service.core.db import Model


class FocalPointEmail(StrEnum):
    """The focal points' own e-mails (delivery kinds)."""

    WELCOME = "focal_point.welcome"
    SIGN_IN = "focal_point.sign_in"


class FocalPoint(Model):
    """An official of a member country's national institution who nominates candidates for the
    trainings open to that country (of some programmes only, if listed)."""

    __tablename__ = "focal_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)
    # programme codes; empty: every programme
    programmes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # the language of their e-mails (with Arabic beside it)
    language: Mapped[str] = mapped_column(String(2), default="en")
    # an argon2 hash; without one, they sign in to the pages with an e-mailed link
    password_hash: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FocalPointToken(Model):
    """A focal point's bearer token for the API; only its SHA-256 is kept. It opens the focal
    points' routes only (never an organiser's, nor a participant's)."""

    __tablename__ = "focal_point_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    focal_point_id: Mapped[int] = mapped_column(ForeignKey("focal_point.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    focal_point: Mapped[FocalPoint] = relationship(lazy="joined", innerjoin=True)


class SignInLink(Model):
    """An e-mailed sign-in link: single use, expiring. Its token is derived from ``salt`` with
    the secret key (so the worker can put it in the e-mail) and only its hash is kept."""

    __tablename__ = "focal_point_sign_in"

    id: Mapped[int] = mapped_column(primary_key=True)
    focal_point_id: Mapped[int] = mapped_column(ForeignKey("focal_point.id"), index=True)
    salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    focal_point: Mapped[FocalPoint] = relationship(lazy="joined", innerjoin=True)
