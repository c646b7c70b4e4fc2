"""Runs every actor inside a Flask application context (one database session per message)."""

from __future__ import annotations

from typing import Any

from dramatiq import Middleware
from flask import Flask

_app: Flask | None = None


def set_app(app: Flask) -> None:
    """Use this application for actors run in this process (tests, in-process workers)."""
    global _app
    _app = app


def get_app() -> Flask:
    global _app
    if _app is None:
        from service import create_app

        _app = create_app()
    return _app


class AppContextMiddleware(Middleware):
    def before_process_message(self, broker: Any, message: Any) -> None:
        context = get_app().app_context()
        context.push()
        message.options["_app_context"] = context

    def _pop(self, message: Any) -> None:
        context = message.options.pop("_app_context", None)
        if context is not None:
            context.pop()

    def after_process_message(
        self,
        broker: Any,
        message: Any,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        self._pop(message)

    def after_skip_message(self, broker: Any, message: Any) -> None:
        self._pop(message)
