"""LinkedIn Add-to-Profile links."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest

from service.credentials import add_to_profile_url


def _query(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    return dict(parse_qsl(parts.query, strict_parsing=True))


def test_with_organization_id() -> None:
    url = add_to_profile_url(
        name="Culinary Tourism & PPPs — Dakar",
        issued_on=dt.date(2025, 9, 3),
        cert_id="SES-2025-000123",
        cert_url="https://tadrib.example.org/verify/SES-2025-000123",
        organization_id=1234567,
        organization_name="SESRIC",
    )
    assert _query(url) == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Culinary Tourism & PPPs — Dakar",
        "organizationId": "1234567",
        "issueYear": "2025",
        "issueMonth": "9",
        "certUrl": "https://tadrib.example.org/verify/SES-2025-000123",
        "certId": "SES-2025-000123",
    }


def test_with_organization_name_and_expiry() -> None:
    query = _query(
        add_to_profile_url(
            name="Workshop",
            issued_on=dt.date(2025, 12, 1),
            expires_on=dt.date(2028, 1, 31),
            cert_id="A/1",
            cert_url="https://x.example/verify/A/1",
            organization_name="مركز أنقرة",
        )
    )
    assert query["organizationName"] == "مركز أنقرة" and "organizationId" not in query
    assert (query["expirationYear"], query["expirationMonth"]) == ("2028", "1")
    assert query["certId"] == "A/1"


def test_needs_an_organisation() -> None:
    with pytest.raises(ValueError):
        add_to_profile_url(name="x", issued_on=dt.date(2025, 1, 1), cert_id="1", cert_url="u")
