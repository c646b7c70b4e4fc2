"""``/healthz``: can this process reach the database and the broker?"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from service.core.db import db
from service.core.schemas import Out
from service.pipeline.broker import get_broker
from service.web.jsonapi import operation

health = Blueprint("health", __name__)


class Health(Out):
    """``ok`` when every part answers, else ``degraded`` with the part's error."""

    status: str
    database: str
    broker: str


def _check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        return "ok"
    except Exception as exc:  # report, don't crash: this is the health check
        db.session.rollback()
        return f"error: {type(exc).__name__}"


def _check_broker() -> str:
    try:
        get_broker().client.ping()
        return "ok"
    except Exception as exc:
        return f"error: {type(exc).__name__}"


@health.get("/healthz")
@operation("Health of the database and the broker", responses={200: Health, 503: Health})
def healthz() -> ResponseReturnValue:
    parts = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(value == "ok" for value in parts.values())
    return jsonify({"status": "ok" if healthy else "degraded", **parts}), 200 if healthy else 503
