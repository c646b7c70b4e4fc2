"""The questionnaire of a training, the invitations sent to its attendees, and the answers.

Answers are stored apart from identities: an ``Invitation`` names the registration (to send the
link, remind once, and tell whether it was used) but records no time of answering, and a
``Response`` names only its training, under a random key. Nothing in the database joins an
answer to a person: responses and answers carry no time and no serial number (random keys), so
neither a timestamp nor an id's order pairs a response with the invitation used or the e-mails
that followed it. (Someone reading the database files themselves could still guess from where
rows were written; that is outside what the application shows.)
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from service.core.clock import UTCDateTime, utcnow
from service.core.db import Model


class EvaluationEmail(StrEnum):
    """The survey's e-mails (delivery kinds)."""

    INVITATION = "evaluation.invitation"
    REMINDER = "evaluation.reminder"


class EvaluationEvent(StrEnum):
    """Outbox events of the survey. ``answered`` names the registration whose link was used (not
    the answer): what waits for the answer — the certificate, with ``required`` — listens to it."""

    ANSWERED = "evaluation.answered"


def random_key() -> str:
    return uuid.uuid4().hex


class Questionnaire(Model):
    """A training's own questions; a training without a row uses the default questionnaire."""

    __tablename__ = "evaluation_questionnaire"

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"), unique=True)
    # [Question.model_dump()], see ``questions.Question``
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Invitation(Model):
    """One attendee's personal survey link (only the token's hash is kept, as for manage links)."""

    __tablename__ = "evaluation_invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registration.id"), unique=True)
    salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Whether the link was used, and nothing of when: a time would pair it with its response.
    answered: Mapped[bool] = mapped_column(Boolean, default=False)


class Response(Model):
    """One anonymous set of answers to a training's questionnaire, under a random key."""

    __tablename__ = "evaluation_response"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_key)
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"), index=True)


class Answer(Model):
    """One question's answer: ``number`` for scales (1–5) and yes/no (1/0), ``text`` for free
    text and for the key of the choice made."""

    __tablename__ = "evaluation_answer"

    # No serial id: the order of rows is not the order of answering.
    response_id: Mapped[str] = mapped_column(
        ForeignKey("evaluation_response.id", ondelete="CASCADE"), primary_key=True
    )
    # Denormalised from the response, so results group by training without a join.
    training_id: Mapped[int] = mapped_column(ForeignKey("training.id"), index=True)
    question: Mapped[str] = mapped_column(String(40), primary_key=True)
    number: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
