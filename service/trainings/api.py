"""JSON routes: programmes and trainings."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from service.core.db import db
from service.core.errors import validation_error
from service.core.schemas import parse
from service.registrations.access import optional_organiser, require_organiser
from service.registrations.seats import fill_seats, seats_left
from service.trainings.lifecycle import reopen_training
from service.trainings.models import Training, TrainingStatus
from service.trainings.operations import (
    all_programmes,
    all_trainings,
    create_programme,
    create_training,
    get_training,
    lock_training,
    open_trainings,
    update_training,
)
from service.trainings.schemas import (
    ProgrammeIn,
    ProgrammeList,
    ProgrammeOut,
    ReopenIn,
    TrainingIn,
    TrainingList,
    TrainingOut,
)
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("trainings", __name__)


def _out(training: Training, *, private: bool) -> TrainingOut:
    return TrainingOut.of(training, seats_left(training), private=private)


@api.get("/programmes")
@operation("List programmes", responses={200: ProgrammeList})
def list_programmes() -> ResponseReturnValue:
    return reply(ProgrammeList(programmes=[ProgrammeOut.of(p) for p in all_programmes()]))


@api.post("/programmes")
@operation(
    "Create a programme",
    body=ProgrammeIn,
    access=Access.ORGANISER,
    responses={
        201: ProgrammeOut,
        **UNAUTHORISED,
        409: "already_exists",
        **INVALID,
    },
)
def post_programme() -> ResponseReturnValue:
    require_organiser()
    programme = create_programme(parse(ProgrammeIn, request.get_json(silent=True)))
    db.session.commit()
    return reply(ProgrammeOut.of(programme), 201)


@api.get("/trainings")
@operation(
    "Open trainings (all of them for an organiser)",
    access=Access.PUBLIC_OR_ORGANISER,
    responses={200: TrainingList, 401: "unauthorized", 403: "forbidden"},
)
def list_trainings() -> ResponseReturnValue:
    organiser = optional_organiser()
    trainings = all_trainings() if organiser else open_trainings()
    private = organiser is not None
    return reply(TrainingList(trainings=[_out(t, private=private) for t in trainings]))


@api.post("/trainings")
@operation(
    "Create a training",
    body=TrainingIn,
    access=Access.ORGANISER,
    responses={201: TrainingOut, **UNAUTHORISED, **INVALID},
)
def post_training() -> ResponseReturnValue:
    require_organiser()
    training = create_training(parse(TrainingIn, request.get_json(silent=True)))
    db.session.commit()
    return reply(_out(training, private=True), 201)


@api.get("/trainings/<int:training_id>")
@operation(
    "A training (drafts and the meeting link for organisers only)",
    access=Access.PUBLIC_OR_ORGANISER,
    responses={200: TrainingOut, **UNAUTHORISED, **NOT_FOUND},
)
def show_training(training_id: int) -> ResponseReturnValue:
    organiser = optional_organiser()
    training = get_training(training_id, include_drafts=organiser is not None)
    return reply(_out(training, private=organiser is not None))


@api.patch("/trainings/<int:training_id>")
@operation(
    "Change a training (fields of TrainingIn, all optional; the result is validated as a whole; "
    "raising the capacity promotes the waiting list; status cancelled e-mails every active "
    "registration once). A closed training does not change, a cancelled one changes its status "
    "only by re-opening",
    access=Access.ORGANISER,
    responses={
        200: TrainingOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "training_closed or training_cancelled",
        **INVALID,
    },
)
def patch_training(training_id: int) -> ResponseReturnValue:
    organiser = require_organiser()
    changes = request.get_json(silent=True)
    if not isinstance(changes, dict):
        raise validation_error({"": "expected a JSON object"})
    training = update_training(lock_training(training_id), changes, organiser.id)
    if training.status != TrainingStatus.CANCELLED:  # nobody is promoted into a cancelled one
        fill_seats(training)
    db.session.commit()
    return reply(_out(training, private=True))


@api.post("/trainings/<int:training_id>/reopen")
@operation(
    "Re-open a closed or cancelled training, with the reason (recorded); its standing "
    "certificates stay valid, and closing again issues only what is missing",
    body=ReopenIn,
    access=Access.ORGANISER,
    responses={
        200: TrainingOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "not_closed",
        **INVALID,
    },
)
def post_reopen(training_id: int) -> ResponseReturnValue:
    organiser = require_organiser()
    data: ReopenIn = parse(ReopenIn, request.get_json(silent=True))
    training = lock_training(training_id)
    reopen_training(training, data.reason, organiser.id)
    fill_seats(training)
    db.session.commit()
    return reply(_out(training, private=True))
