"""The one error type domain operations raise; the API and pages turn it into responses."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal with a stable machine-readable code, e.g. ``already_registered``."""

    def __init__(
        self, code: str, message: str, status: int, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields or {}


def not_found(what: str) -> ServiceError:
    return ServiceError("not_found", f"{what} not found", 404)


def validation_error(fields: dict[str, str], message: str = "Invalid input") -> ServiceError:
    return ServiceError("validation_error", message, 422, fields)
