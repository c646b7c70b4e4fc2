"""The focal points' pages: sign-in (password, or an e-mailed single-use link), the trainings
open to their country with its quota, nominating, their nominees' statuses, and a password."""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, gettext
from pydantic import ValidationError

from service.core.db import db
from service.core.errors import ServiceError
from service.core.i18n import country_name, pick
from service.focalpoints.accounts import (
    SIGN_IN_LINK_MINUTES,
    all_focal_points,
    authenticate,
    create_focal_point,
    open_link,
    send_sign_in_link,
    set_password,
    use_link,
)
from service.focalpoints.auth import focal_point_required, start_session
from service.focalpoints.nominating import nominate, nominees, open_trainings, quota, training_for
from service.focalpoints.schemas import FocalPointIn, NominationIn
from service.organisers.auth import organiser_required
from service.registrations.form import (
    country_choices,
    from_service_error,
    from_validation,
    gender_choices,
    submitted,
    title_choices,
)
from service.registrations.labels import STATUSES
from service.trainings.display import training_view
from service.trainings.models import Training
from service.trainings.operations import all_programmes, registration_is_open
from service.web.forms import FormErrors, names_to_check
from service.web.site import page_blueprint

pages = page_blueprint("focalpoints", __name__)

PREFIX = "/focal-point"
MIN_PASSWORD = 10
FOCAL_POINT_FIELDS = ("email", "name", "country", "language")
NOMINEE_FIELDS = (
    "title",
    "given_name",
    "family_name",
    "name_ar",
    "gender",
    "email",
    "institution",
    "job_title",
    "preferred_language",
)


def _language() -> str:
    return str(get_locale())


def _safe_next(target: str | None) -> str:
    """Only a path of the focal points' own pages: never another host."""
    if target and target.startswith(f"{PREFIX}/") and "\\" not in target:
        return target
    return url_for("focalpoints.trainings")


@pages.route(f"{PREFIX}/sign-in", methods=["GET", "POST"])
def sign_in() -> ResponseReturnValue:
    target = request.values.get("next")
    if request.method == "GET":
        return _sign_in_page(target, "", failed=False)
    if request.form.get("method") == "link":
        send_sign_in_link(request.form.get("link_email", ""))
        db.session.commit()
        flash(
            gettext(
                "If this address is a focal point's, a sign-in link is on its way. It works "
                "once, within %(num)d minutes.",
                num=SIGN_IN_LINK_MINUTES,
            )
        )
        return redirect(url_for("focalpoints.sign_in"))
    email = request.form.get("email", "")
    focal_point = authenticate(email, request.form.get("password", ""))
    db.session.commit()  # a rehashed password
    if focal_point is None:
        return _sign_in_page(target, email, failed=True), 401
    start_session(focal_point)
    return redirect(_safe_next(target))


def _sign_in_page(target: str | None, email: str, *, failed: bool) -> str:
    return render_template(
        "focalpoints/sign_in.html",
        next=target,
        email=email,
        failed=failed,
        minutes=SIGN_IN_LINK_MINUTES,
    )


@pages.route(f"{PREFIX}/sign-in/<token>", methods=["GET", "POST"])
def sign_in_link(token: str) -> ResponseReturnValue:
    """The e-mailed link: a button to press (so that a mail scanner opening the link does not
    use it up), then the session."""
    if request.method == "GET":
        usable = open_link(token) is not None
        return render_template("focalpoints/link.html", token=token, usable=usable)
    focal_point = use_link(token)
    db.session.commit()
    if focal_point is None:
        return render_template("focalpoints/link.html", token=token, usable=False), 410
    start_session(focal_point)
    return redirect(url_for("focalpoints.trainings"))


@pages.post(f"{PREFIX}/sign-out")
def sign_out() -> ResponseReturnValue:
    session.clear()
    return redirect(url_for("focalpoints.sign_in"))


@pages.get(f"{PREFIX}/")
@focal_point_required
def trainings() -> str:
    focal_point = g.focal_point
    language = _language()
    rows = [
        (training_view(t, language, None), quota(t, focal_point.country))
        for t in open_trainings(focal_point)
    ]
    return render_template(
        "focalpoints/trainings.html",
        rows=rows,
        country=country_name(focal_point.country, language),
    )


@pages.route(f"{PREFIX}/trainings/<int:training_id>", methods=["GET", "POST"])
@focal_point_required
def training(training_id: int) -> ResponseReturnValue:
    focal_point = g.focal_point
    found = training_for(focal_point, training_id)
    if request.method == "GET":
        return _training_page(found, {"preferred_language": _language()}, FormErrors(""))
    data = {
        name: value for name, value in submitted(request.form).items() if name in NOMINEE_FIELDS
    }
    try:
        parsed = NominationIn.model_validate(data)
    except ValidationError as exc:
        return _training_page(found, data, from_validation(exc, data)), 422
    try:
        registration = nominate(focal_point, training_id, parsed).registration
    except ServiceError as error:
        db.session.rollback()
        if error.code in ("not_found", "forbidden"):
            raise
        return _training_page(found, data, _nomination_refusal(error)), error.status
    db.session.commit()
    flash(
        gettext(
            "%(name)s is nominated. We are e-mailing them to confirm their registration.",
            name=registration.full_name,
        )
    )
    return redirect(url_for("focalpoints.training", training_id=training_id))


def _nomination_refusal(error: ServiceError) -> FormErrors:
    if error.code == "quota_exceeded":
        return FormErrors(
            error.code, form=gettext("Your country's quota for this training is reached.")
        )
    if error.code in ("registration_closed", "not_by_nomination"):
        return FormErrors(error.code, form=gettext("Nominations for this training are closed."))
    return from_service_error(error)


def _training_page(found: Training, data: dict[str, Any], errors: FormErrors) -> str:
    focal_point = g.focal_point
    language = _language()
    return render_template(
        "focalpoints/training.html",
        training=training_view(found, language, None),
        title=pick(found.title, language),
        quota=quota(found, focal_point.country),
        country=country_name(focal_point.country, language),
        nominations_open=registration_is_open(found),
        nominees=nominees(found, focal_point.country),
        statuses=STATUSES,
        titles=title_choices(),
        genders=gender_choices(),
        data=data,
        errors=errors,
    )


@pages.route(f"{PREFIX}/password", methods=["GET", "POST"])
@focal_point_required
def password() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("focalpoints/password.html", error=None)
    chosen = request.form.get("password", "")
    if len(chosen) < MIN_PASSWORD:
        error = gettext("Use at least %(num)d characters.", num=MIN_PASSWORD)
        return render_template("focalpoints/password.html", error=error), 422
    if chosen != request.form.get("repeat", ""):
        error = gettext("The two passwords differ.")
        return render_template("focalpoints/password.html", error=error), 422
    set_password(g.focal_point, chosen)
    db.session.commit()
    flash(gettext("Your password is set. You can sign in with it from now on."))
    return redirect(url_for("focalpoints.trainings"))


@pages.route("/organiser/focal-points", methods=["GET", "POST"])
@organiser_required
def organiser_focal_points() -> ResponseReturnValue:
    """Organisers list the focal points and add one (e-mailed how to sign in)."""
    language = _language()
    data: dict[str, Any] = {"language": language}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        data = {name: request.form.get(name, "").strip() for name in FOCAL_POINT_FIELDS}
        data["programmes"] = request.form.getlist("programmes")
        try:
            create_focal_point(FocalPointIn.model_validate(data))
        except ValidationError as exc:
            errors = names_to_check(exc, FOCAL_POINT_FIELDS)
            status = 422
        except ServiceError as error:
            db.session.rollback()
            if error.code == "already_exists":
                errors = {"email": gettext("A focal point has this e-mail address already.")}
            else:
                errors = {"programmes": gettext("Check this field.")}
            status = error.status
        else:
            db.session.commit()
            flash(gettext("The focal point is added and e-mailed how to sign in."))
            return redirect(url_for("focalpoints.organiser_focal_points"), 303)
    page = render_template(
        "focalpoints/organiser.html",
        focal_points=all_focal_points(),
        country_name=lambda code: country_name(code, language),
        countries=country_choices("all", language),
        programmes=all_programmes(),
        data=data,
        errors=errors,
        pick=pick,
    )
    return page, status
