"""A training's questions and the answers given to them.

A question row is never deleted while the training lives: withdrawing one sets
``withdrawn_at``, so the answers already given stay, shown to organisers and exported; a
question re-added under the same key comes back with them. Once answered, a question keeps its
kind and its answered choices (``operations.set_questions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.core.clock import UTCDateTime, utcnow
from service.core.db import Model
from service.core.enums import one_of
from service.questions.definitions import AnswerKind, FormQuestion, Stage


class TrainingQuestion(Model):
    """One question of a training (a ``definitions.FormQuestion`` as columns)."""

    __tablename__ = "training_question"
    __table_args__ = (
        UniqueConstraint("training_id", "key", name="uq_training_question_key"),
        one_of("kind", AnswerKind, "training_question"),
        one_of("stage", Stage, "training_question"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    training_id: Mapped[int] = mapped_column(
        ForeignKey("training.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    stage: Mapped[str] = mapped_column(String(12))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    label: Mapped[dict[str, str]] = mapped_column(JSON)
    # [{"key", "label": {"ar","en","fr"}}] for choice kinds
    choices: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # roles asked; empty: everyone
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def choice_keys(self) -> Sequence[str]:
        return [choice["key"] for choice in self.choices]

    @property
    def definition(self) -> FormQuestion:
        return FormQuestion.model_validate(
            {
                "key": self.key,
                "kind": self.kind,
                "label": self.label,
                "required": self.required,
                "choices": self.choices,
                "stage": self.stage,
                "roles": self.roles,
            }
        )

    def asks(self, role: str) -> bool:
        return not self.roles or role in self.roles


class RegistrationAnswer(Model):
    """A person's answer to one question: ``value`` as ``definitions.check_value`` gives it
    (text, a choice's key, the keys chosen, true/false, an ISO date, a number)."""

    __tablename__ = "registration_answer"

    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("training_question.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    value: Mapped[Any] = mapped_column(JSON)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
