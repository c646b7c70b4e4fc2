"""How an organiser is recognised: by an API token (JSON routes) or the signed session cookie
set at sign-in (pages)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, g, redirect, request, session, url_for
from sqlalchemy import select

from service.core.db import db
from service.core.security import hash_token
from service.organisers.models import ApiToken, Organiser

SESSION_KEY = "organiser_id"


def organiser_for(token: str) -> Organiser | None:
    """The organiser whose API token this is (revoked tokens open nothing)."""
    api_token = db.session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)
        )
    )
    return api_token.organiser if api_token else None


def configure_session_cookie(app: Flask) -> None:
    """HttpOnly and SameSite always; Secure when the service is public over https, so that a
    local http run can still sign in."""
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = app.config["PUBLIC_BASE_URL"].startswith("https://")


def start_session(organiser: Organiser) -> None:
    session.clear()
    session[SESSION_KEY] = organiser.id


def signed_in() -> Organiser | None:
    organiser_id = session.get(SESSION_KEY)
    return db.session.get(Organiser, organiser_id) if isinstance(organiser_id, int) else None


def organiser_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send visitors who are not signed in to the sign-in page, then back here."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        organiser = signed_in()
        if organiser is None:
            return redirect(url_for("organisers.sign_in", next=request.full_path.rstrip("?")))
        g.organiser = organiser
        return view(*args, **kwargs)

    return wrapped
