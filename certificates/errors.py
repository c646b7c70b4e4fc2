"""Errors raised while validating a payload or rendering a certificate.

Every error names what is wrong — the payload field, template file or template block — so a
worker can log it and an organiser can fix the data.
"""


class CertificateError(Exception):
    """Base class: ``field`` is the dotted payload path (or template location) at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class PayloadError(CertificateError, ValueError):
    """The certificate data is invalid or lacks what the template needs."""


class MissingGlyphError(CertificateError, ValueError):
    """A character cannot be drawn with the embedded fonts (it would print as an empty box)."""


class LayoutError(CertificateError, ValueError):
    """Text does not fit its block even at the smallest size the template allows."""


class TemplateError(CertificateError):
    """A template file is not a valid design: a fault of the design, not of the data (so not a
    ValueError, which pydantic would report as a payload error)."""


class IdentityError(CertificateError, ValueError):
    """The organisation's identity is invalid: an image of the wrong type, size or shape, a
    missing name. ``field`` is ``identity.…``."""
