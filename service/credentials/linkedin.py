"""LinkedIn "Add to profile" links for a certificate.

LinkedIn's Add to Profile for certifications is a plain URL that opens the member's "Add license
or certification" form already filled in:

    https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=…&organizationId=…
        &issueYear=2025&issueMonth=9&certUrl=…&certId=…

Parameters (LinkedIn's Add to Profile documentation): ``startTask=CERTIFICATION_NAME``,
``name`` (the certification), ``organizationId`` (the issuer's LinkedIn company page id — then the
entry shows its logo and links to it) or ``organizationName`` (plain text, when the organisation
has no page id configured), ``issueYear``/``issueMonth`` (month 1–12), optionally
``expirationYear``/``expirationMonth``, ``certUrl`` (where anyone can check it: the
verification URL) and ``certId`` (the credential ID: the certificate's serial number).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

__all__ = ["ADD_TO_PROFILE", "add_to_profile_url"]

ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"


def add_to_profile_url(
    *,
    name: str,
    issued_on: dt.date,
    cert_id: str,
    cert_url: str,
    organization_id: str | int | None = None,
    organization_name: str | None = None,
    expires_on: dt.date | None = None,
) -> str:
    """The Add-to-Profile URL. Give ``organization_id`` (preferred) or ``organization_name``."""
    if not organization_id and not organization_name:
        raise ValueError("organization_id or organization_name is required")
    params: list[tuple[str, str]] = [("startTask", "CERTIFICATION_NAME"), ("name", name)]
    if organization_id:
        params.append(("organizationId", str(organization_id)))
    else:
        params.append(("organizationName", str(organization_name)))
    params += [("issueYear", str(issued_on.year)), ("issueMonth", str(issued_on.month))]
    if expires_on:
        params += [
            ("expirationYear", str(expires_on.year)),
            ("expirationMonth", str(expires_on.month)),
        ]
    params += [("certUrl", cert_url), ("certId", cert_id)]
    return f"{ADD_TO_PROFILE}?{urlencode(params)}"
