"""Programmes: the capacity-building programmes trainings belong to."""

from __future__ import annotations

from sqlalchemy import func, select

from service.errors import ServiceError
from service.extensions import db
from service.models import Programme
from service.schemas import ProgrammeIn


def create_programme(data: ProgrammeIn) -> Programme:
    if find_programme(data.code) is not None:
        raise ServiceError(
            "already_exists", f"programme {data.code} already exists", 409, {"code": "taken"}
        )
    programme = Programme(code=data.code, name=data.name.as_dict())
    db.session.add(programme)
    db.session.flush()
    return programme


def find_programme(code: str) -> Programme | None:
    """Look a programme up by code, ignoring case (``statcab`` finds ``StatCaB``)."""
    return db.session.scalar(select(Programme).where(func.lower(Programme.code) == code.lower()))


def serialise_programme(programme: Programme) -> dict:
    return {"code": programme.code, "name": programme.name}
