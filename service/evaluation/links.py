"""The personal survey link, ``/e/{token}``: a token derived from the invitation's salt with the
secret key (the database keeps only its hash), as for the participants' manage links."""

from __future__ import annotations

import base64
import hashlib
import hmac

from flask import current_app
from sqlalchemy import select

from service.core.db import db
from service.core.security import hash_token
from service.evaluation.models import Invitation


def derive_token(secret_key: str, salt: str) -> str:
    digest = hmac.new(secret_key.encode(), b"evaluation:" + salt.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


def survey_token(invitation: Invitation) -> str:
    return derive_token(current_app.config["SECRET_KEY"], invitation.salt)


def survey_url(invitation: Invitation, language: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"]
    return f"{base}/e/{survey_token(invitation)}?lang={language}"


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
