from __future__ import annotations

from flask import Response, jsonify, request
from sqlalchemy import select

from service.api import api
from service.api.auth import require_organiser
from service.extensions import db
from service.models import Programme
from service.programmes import create_programme, serialise_programme
from service.schemas import ProgrammeIn, parse


@api.get("/programmes")
def list_programmes() -> Response:
    programmes = db.session.scalars(select(Programme).order_by(Programme.code))
    return jsonify({"programmes": [serialise_programme(p) for p in programmes]})


@api.post("/programmes")
def post_programme() -> tuple[Response, int]:
    require_organiser()
    programme = create_programme(parse(ProgrammeIn, request.get_json(silent=True)))
    db.session.commit()
    return jsonify(serialise_programme(programme)), 201
