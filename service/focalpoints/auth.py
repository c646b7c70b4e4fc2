"""How a focal point is recognised: by an API token (JSON routes) or the signed session cookie
set at sign-in (their pages). Separate from organisers': neither opens the other's routes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, redirect, request, session, url_for
from sqlalchemy import select

from service.core.db import db
from service.core.security import hash_token
from service.focalpoints.models import FocalPoint, FocalPointToken

SESSION_KEY = "focal_point_id"


def focal_point_for(token: str) -> FocalPoint | None:
    """The focal point whose API token this is (revoked tokens open nothing)."""
    found = db.session.scalar(
        select(FocalPointToken).where(
            FocalPointToken.token_hash == hash_token(token), FocalPointToken.revoked_at.is_(None)
        )
    )
    return found.focal_point if found else None


def start_session(focal_point: FocalPoint) -> None:
    """Signs out whoever was signed in (an organiser too): one account per browser session."""
    session.clear()
    session[SESSION_KEY] = focal_point.id


def signed_in() -> FocalPoint | None:
    focal_point_id = session.get(SESSION_KEY)
    return db.session.get(FocalPoint, focal_point_id) if isinstance(focal_point_id, int) else None


def focal_point_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Send visitors who are not signed in as a focal point to their sign-in page, then back."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        focal_point = signed_in()
        if focal_point is None:
            return redirect(url_for("focalpoints.sign_in", next=request.full_path.rstrip("?")))
        g.focal_point = focal_point
        return view(*args, **kwargs)

    return wrapped
