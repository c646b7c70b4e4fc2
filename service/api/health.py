from __future__ import annotations

from flask import Response, jsonify
from sqlalchemy import text

from service.api import api
from service.extensions import db


def _check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        return "ok"
    except Exception as exc:  # report, don't crash: this is the health check
        db.session.rollback()
        return f"error: {type(exc).__name__}"


def _check_broker() -> str:
    from workers.broker import broker

    try:
        broker.client.ping()
        return "ok"
    except Exception as exc:
        return f"error: {type(exc).__name__}"


def health() -> tuple[Response, int]:
    parts = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(value == "ok" for value in parts.values())
    return jsonify({"status": "ok" if healthy else "degraded", **parts}), 200 if healthy else 503


api.add_url_rule("/healthz", "healthz", health)
