"""JSON routes: focal points (created by organisers), the trainings open to a focal point's
country with its quota, nominating, and following the nominees."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from service.core.db import db
from service.core.schemas import parse
from service.focalpoints.accounts import all_focal_points, create_focal_point
from service.focalpoints.models import FocalPoint
from service.focalpoints.nominating import (
    nominate,
    nominees,
    open_trainings,
    quota,
    training_for,
)
from service.focalpoints.schemas import (
    FocalPointCreatedOut,
    FocalPointIn,
    FocalPointList,
    FocalPointOut,
    FocalPointQuery,
    NominatedOut,
    NominationIn,
    NominationList,
    NominationOut,
    OpenTrainingList,
    OpenTrainingOut,
)
from service.registrations.access import (
    require_focal_point,
    require_organiser,
    require_organiser_or_focal_point,
)
from service.registrations.admission import nominations_left
from service.registrations.models import RegistrationStatus
from service.trainings.operations import get_training, registration_is_open
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("focalpoints", __name__)


@api.post("/focal-points")
@operation(
    "Create a national focal point (one country, optionally some programmes): an API token is "
    "returned once, and they are e-mailed how to sign in to their pages",
    body=FocalPointIn,
    access=Access.ORGANISER,
    responses={201: FocalPointCreatedOut, **UNAUTHORISED, 409: "already_exists", **INVALID},
)
def post_focal_point() -> ResponseReturnValue:
    require_organiser()
    data: FocalPointIn = parse(FocalPointIn, request.get_json(silent=True))
    focal_point, token = create_focal_point(data)
    db.session.commit()
    out = FocalPointCreatedOut(**FocalPointOut.of(focal_point).model_dump(), token=token)
    return reply(out, 201)


@api.get("/focal-points")
@operation(
    "The focal points (of one country with ?country=)",
    query=FocalPointQuery,
    access=Access.ORGANISER,
    responses={200: FocalPointList, **UNAUTHORISED, **INVALID},
)
def get_focal_points() -> ResponseReturnValue:
    require_organiser()
    query: FocalPointQuery = parse(FocalPointQuery, request.args.to_dict())
    found = all_focal_points(query.country)
    return reply(FocalPointList(focal_points=[FocalPointOut.of(f) for f in found]))


@api.get("/focal-points/me/trainings")
@operation(
    "The trainings taking nominations that are open to the calling focal point's country (and "
    "programmes), each with the country's quota, nominations made and what is left",
    access=Access.FOCAL_POINT,
    responses={200: OpenTrainingList, **UNAUTHORISED},
)
def get_my_trainings() -> ResponseReturnValue:
    focal_point = require_focal_point()
    trainings = [
        OpenTrainingOut.of(t, registration_is_open(t), quota(t, focal_point.country))
        for t in open_trainings(focal_point)
    ]
    return reply(OpenTrainingList(trainings=trainings))


@api.post("/trainings/<int:training_id>/nominations")
@operation(
    "Nominate an official of the focal point's own country (the registration's fields): "
    "nominated, and e-mailed to confirm. Another country: 403; beyond the country's quota: "
    "409 quota_exceeded",
    body=NominationIn,
    access=Access.FOCAL_POINT,
    responses={
        201: NominatedOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "quota_exceeded, already_registered, registration_closed, not_by_nomination, "
        "training_closed or training_cancelled",
        **INVALID,
    },
)
def post_nomination(training_id: int) -> ResponseReturnValue:
    focal_point = require_focal_point()
    data: NominationIn = parse(NominationIn, request.get_json(silent=True))
    registration = nominate(focal_point, training_id, data).registration
    left = nominations_left(registration.training, focal_point.country)
    db.session.commit()
    out = NominatedOut(
        reference=registration.reference,
        status=RegistrationStatus(registration.status),
        nominations_left=left,
    )
    return reply(out, 201)


@api.get("/trainings/<int:training_id>/nominations")
@operation(
    "The training's nominations with their status and whether the nominee confirmed: a focal "
    "point sees their country's, an organiser every country's",
    access=Access.FOCAL_POINT,
    responses={200: NominationList, **UNAUTHORISED, **NOT_FOUND},
)
def get_nominations(training_id: int) -> ResponseReturnValue:
    caller = require_organiser_or_focal_point()
    if isinstance(caller, FocalPoint):
        training = training_for(caller, training_id)
        rows = nominees(training, caller.country)
    else:
        rows = nominees(get_training(training_id, include_drafts=True))
    return reply(NominationList(nominations=[NominationOut.of(r, name) for r, name in rows]))
