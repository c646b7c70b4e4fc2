"""Bilingual (Arabic with English or French) PDF certificates: data in, PDF bytes out.

    from certificates import CertificateData, load_identity, render
    pdf = render(CertificateData.model_validate(payload), "participation", identity=identity)

No Flask, no database: the service's workers call it. See certificates/README.md.
"""

from certificates.errors import (
    CertificateError,
    IdentityError,
    LayoutError,
    MissingGlyphError,
    PayloadError,
    TemplateError,
)
from certificates.identity import Identity, default_identity, load_identity, parse_identity
from certificates.payload import (
    ARABIC_NAME_MAX_LENGTH,
    FAMILY_NAME_MAX_LENGTH,
    GIVEN_NAME_MAX_LENGTH,
    LATIN_NAME_MAX_LENGTH,
    NAME_MAX_LENGTH,
    CertificateData,
    parse_payload,
)
from certificates.pdf import render
from certificates.templates import template_names

__all__ = [
    "ARABIC_NAME_MAX_LENGTH",
    "FAMILY_NAME_MAX_LENGTH",
    "GIVEN_NAME_MAX_LENGTH",
    "LATIN_NAME_MAX_LENGTH",
    "NAME_MAX_LENGTH",
    "CertificateData",
    "CertificateError",
    "Identity",
    "IdentityError",
    "LayoutError",
    "MissingGlyphError",
    "PayloadError",
    "TemplateError",
    "default_identity",
    "load_identity",
    "parse_identity",
    "parse_payload",
    "render",
    "template_names",
]
