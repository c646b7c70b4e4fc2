"""Helpers for the organiser page tests: a password for the desk organiser, signing in."""

from __future__ import annotations

from typing import Any

from web_helpers import csrf_token

EMAIL = "desk@example.org"
PASSWORD = "correct horse battery staple"


def set_password(app: Any, email: str = EMAIL, password: str = PASSWORD) -> None:
    result = app.test_cli_runner().invoke(
        args=["organiser", "password", email], input=f"{password}\n{password}\n"
    )
    assert result.exit_code == 0, result.output


def sign_in(client: Any, email: str = EMAIL, password: str = PASSWORD) -> Any:
    token = csrf_token(client.get("/organiser/sign-in").text)
    return client.post(
        "/organiser/sign-in",
        data={"email": email, "password": password, "csrf_token": token},
    )


def post_form(client: Any, path: str, data: dict[str, str], page: str | None = None) -> Any:
    """Post a form with the CSRF token of the page it is on (``page``, else ``path``)."""
    token = csrf_token(client.get(page or path).text)
    return client.post(path, data={**data, "csrf_token": token})
