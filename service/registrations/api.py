"""JSON routes: registering, and a registration seen or cancelled by its holder or an organiser."""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from service.core.db import db
from service.core.schemas import parse
from service.registrations.access import (
    optional_organiser,
    presented_token,
    require_access,
    require_organiser,
    unauthorized,
)
from service.registrations.confirmation import confirm_by_person
from service.registrations.links import join_url, manage_url
from service.registrations.models import Registration, RegistrationStatus
from service.registrations.operations import (
    cancel,
    find_by_reference,
    list_registrations,
    register,
    resend_failed,
    undelivered,
)
from service.registrations.schemas import (
    ConfirmIn,
    DeliveryList,
    DeliveryOut,
    DeliveryQuery,
    RegisteredOut,
    RegistrationIn,
    RegistrationList,
    RegistrationOut,
    RegistrationQuery,
    ResendIn,
    ResentOut,
)
from service.trainings.operations import get_training
from service.web.jsonapi import INVALID, NOT_FOUND, UNAUTHORISED, Access, operation, reply

api = Blueprint("registrations", __name__)


@api.post("/trainings/<int:training_id>/registrations")
@operation(
    "Register (public; organisers may register any role at any time, and past capacity and "
    "quota with force). Open admission: confirmed or waitlisted; selection: a public "
    "application is applied until the organisers decide; nomination: focal points only",
    body=RegistrationIn,
    access=Access.PUBLIC_OR_ORGANISER,
    responses={
        201: RegisteredOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "already_registered, registration_closed, training_closed, training_cancelled, "
        "nomination_only (the public) or quota_exceeded (an organiser, without force)",
        422: "validation_error (answers named answers.<key>) or country_not_eligible",
    },
)
def post_registration(training_id: int) -> ResponseReturnValue:
    organiser = optional_organiser()
    get_training(training_id, include_drafts=organiser is not None)
    data = parse(RegistrationIn, request.get_json(silent=True))
    registration = register(training_id, data, by_organiser=organiser is not None).registration
    db.session.commit()
    out = RegisteredOut(
        reference=registration.reference,
        status=RegistrationStatus(registration.status),
        manage_url=manage_url(registration),
        join_url=join_url(registration),
    )
    return reply(out, 201)


@api.get("/trainings/<int:training_id>/registrations")
@operation(
    "Registrations of a training",
    query=RegistrationQuery,
    access=Access.ORGANISER,
    responses={
        200: RegistrationList,
        **UNAUTHORISED,
        **NOT_FOUND,
        **INVALID,
    },
)
def get_registrations(training_id: int) -> ResponseReturnValue:
    require_organiser()
    training = get_training(training_id, include_drafts=True)
    query: RegistrationQuery = parse(RegistrationQuery, request.args.to_dict())
    registrations = list_registrations(training, query.status, query.country)
    return reply(RegistrationList(registrations=[RegistrationOut.of(r) for r in registrations]))


def _authorised(reference: str) -> Registration:
    """The registration, if the caller's token (participant or organiser) allows it."""
    if presented_token() is None:
        raise unauthorized()
    registration = find_by_reference(reference)
    require_access(registration)
    return registration


@api.get("/registrations/<reference>")
@operation(
    "A registration (its participant's token or an organiser's)",
    access=Access.PARTICIPANT,
    responses={200: RegistrationOut, **UNAUTHORISED, **NOT_FOUND},
)
def show_registration(reference: str) -> ResponseReturnValue:
    return reply(RegistrationOut.of(_authorised(reference)))


@api.post("/registrations/<reference>/cancel")
@operation(
    "Cancel a registration; a freed seat goes to the first on the waiting list. Not once the "
    "training is closed or cancelled",
    access=Access.PARTICIPANT,
    responses={
        200: RegistrationOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "training_closed or training_cancelled",
    },
)
def cancel_registration(reference: str) -> ResponseReturnValue:
    registration = cancel(_authorised(reference))
    db.session.commit()
    return reply(RegistrationOut.of(registration))


@api.post("/registrations/<reference>/confirm")
@operation(
    "The person confirms their registration (a nominee, from the link in their e-mail): "
    "consent, preferred language, answers to the questions asked at registration. Organisers "
    "may decide before or after",
    body=ConfirmIn,
    access=Access.PARTICIPANT,
    responses={
        200: RegistrationOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "not_active, training_closed or training_cancelled",
        **INVALID,
    },
)
def post_confirm(reference: str) -> ResponseReturnValue:
    registration = _authorised(reference)
    data: ConfirmIn = parse(ConfirmIn, request.get_json(silent=True))
    confirm_by_person(
        registration,
        consent=data.consent,
        preferred_language=data.preferred_language,
        answers=data.answers,
    )
    db.session.commit()
    return reply(RegistrationOut.of(registration))


@api.post("/registrations/<reference>/resend")
@operation(
    "Send the registration's refused e-mails again, to a corrected address if given (the "
    "registration takes it)",
    body=ResendIn,
    access=Access.ORGANISER,
    responses={
        200: ResentOut,
        **UNAUTHORISED,
        **NOT_FOUND,
        409: "already_registered",
        **INVALID,
    },
)
def post_resend(reference: str) -> ResponseReturnValue:
    require_organiser()
    data: ResendIn = parse(ResendIn, request.get_json(silent=True) or {})
    registration = find_by_reference(reference)
    requeued = resend_failed(registration, data.email)
    db.session.commit()
    return reply(
        ResentOut(reference=registration.reference, email=registration.email, requeued=requeued)
    )


@api.get("/trainings/<int:training_id>/deliveries")
@operation(
    "The training's e-mails not delivered: failed (with the server's reply) or deferred (tried "
    "again with backoff)",
    query=DeliveryQuery,
    access=Access.ORGANISER,
    responses={200: DeliveryList, **UNAUTHORISED, **NOT_FOUND, **INVALID},
)
def get_deliveries(training_id: int) -> ResponseReturnValue:
    require_organiser()
    training = get_training(training_id, include_drafts=True)
    query: DeliveryQuery = parse(DeliveryQuery, request.args.to_dict())
    rows = undelivered(training, query.status)
    return reply(DeliveryList(deliveries=[DeliveryOut.of(d, ref) for d, ref in rows]))
