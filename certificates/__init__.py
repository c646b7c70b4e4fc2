"""Bilingual (Arabic with English or French) PDF certificates: data in, PDF bytes out.

    from certificates import CertificateData, render
    pdf = render(CertificateData.model_validate(payload), "participation")

No Flask, no database: the service's workers call it. See certificates/README.md.
"""

from certificates.errors import (
    CertificateError,
    LayoutError,
    MissingGlyphError,
    PayloadError,
    TemplateError,
)
from certificates.payload import CertificateData, parse_payload
from certificates.pdf import render
from certificates.templates import template_names

__all__ = [
    "CertificateData",
    "CertificateError",
    "LayoutError",
    "MissingGlyphError",
    "PayloadError",
    "TemplateError",
    "parse_payload",
    "render",
    "template_names",
]
