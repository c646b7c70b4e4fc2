from __future__ import annotations

from flask import Response, jsonify, request

from service.api import api
from service.api.auth import optional_organiser, require_organiser
from service.errors import validation_error
from service.extensions import db
from service.registrations import (
    Registered,
    list_registrations,
    lock_training,
    manage_url,
    register,
    serialise_registration,
)
from service.schemas import RegistrationIn, TrainingIn, parse
from service.trainings import (
    all_trainings,
    create_training,
    get_training,
    open_trainings,
    serialise_training,
    update_training,
)

REGISTRATION_STATUSES = ("confirmed", "waitlisted", "cancelled", "rejected")


@api.get("/trainings")
def list_trainings() -> Response:
    organiser = optional_organiser()
    trainings = all_trainings() if organiser else open_trainings()
    return jsonify(
        {"trainings": [serialise_training(t, include_private=bool(organiser)) for t in trainings]}
    )


@api.post("/trainings")
def post_training() -> tuple[Response, int]:
    require_organiser()
    training = create_training(parse(TrainingIn, request.get_json(silent=True)))
    db.session.commit()
    return jsonify(serialise_training(training, include_private=True)), 201


@api.get("/trainings/<int:training_id>")
def show_training(training_id: int) -> Response:
    organiser = optional_organiser()
    training = get_training(training_id, include_drafts=bool(organiser))
    return jsonify(serialise_training(training, include_private=bool(organiser)))


@api.patch("/trainings/<int:training_id>")
def patch_training(training_id: int) -> Response:
    require_organiser()
    changes = request.get_json(silent=True)
    if not isinstance(changes, dict):
        raise validation_error({"": "expected a JSON object"})
    training = update_training(lock_training(training_id), changes)
    db.session.commit()
    return jsonify(serialise_training(training, include_private=True))


@api.post("/trainings/<int:training_id>/registrations")
def post_registration(training_id: int) -> tuple[Response, int]:
    organiser = optional_organiser()
    get_training(training_id, include_drafts=bool(organiser))
    data = parse(RegistrationIn, request.get_json(silent=True))
    registered: Registered = register(training_id, data, by_organiser=bool(organiser))
    db.session.commit()
    registration = registered.registration
    return (
        jsonify(
            {
                "reference": registration.reference,
                "status": registration.status,
                "manage_url": manage_url(registration),
            }
        ),
        201,
    )


@api.get("/trainings/<int:training_id>/registrations")
def get_registrations(training_id: int) -> Response:
    require_organiser()
    training = get_training(training_id, include_drafts=True)
    status = request.args.get("status")
    if status and status not in REGISTRATION_STATUSES:
        raise validation_error({"status": f"must be one of {', '.join(REGISTRATION_STATUSES)}"})
    registrations = list_registrations(training, status, request.args.get("country"))
    return jsonify({"registrations": [serialise_registration(r) for r in registrations]})
