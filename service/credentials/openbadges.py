"""Open Badges 3.0 credentials for certificates, secured as VC-JWT (JOSE, EdDSA / Ed25519).

Each certificate gets an ``OpenBadgeCredential`` (VC data model 2.0 contexts + the OB 3.0.3
context): the issuer's ``Profile`` (its ``id`` a URL under ``PUBLIC_BASE_URL``), an
``AchievementSubject`` known only by a salted SHA-256 of the holder's e-mail address
(``identifier``: ``IdentityObject`` with ``hashed: true``, ``identityHash: "sha256$…"``,
``salt``), the ``achievement`` naming the training (name, description, criteria, an
``achievementType`` chosen by certificate design), ``validFrom``, and a ``credentialStatus``
pointing into a Bitstring Status List (``service/credentials/status_list.py``).

**Why VC-JWT and not an ``eddsa-rdfc-2022`` Data Integrity proof.** Both are proof formats of
Open Badges 3.0 (§8.2 JSON Web Token Proof Format, §8.3 Linked Data Proof Format). Measured on
this machine (``bench/sealing.py``, CPU time on one core, see ``bench/RESULTS.md``): building and
signing a credential as a compact JWS costs about 0.13 ms (JSON serialisation, base64url, one
Ed25519 signature), while an ``eddsa-rdfc-2022`` proof of the same credential — JSON-LD expansion
and RDF Dataset Canonicalization (RDFC-1.0, pyld) of the credential and of the proof options —
costs 6.6–8.2 ms (two runs) even with every context document in memory: 66–82 s of CPU for
10,000 credentials against 1.3 s, i.e. over half a minute of the two cores' 120 s budget that
rendering, storing and e-mailing already fill (119 s before this feature). The JWT also needs
no JSON-LD context documents at verification time (nothing to fetch, nothing to pin), and every
JOSE library verifies it — the tests use PyJWT, an independent implementation. A Data
Integrity proof can still be added later for verifiers that want one: OB 3.0 allows both.

JOSE header: ``{"alg": "EdDSA", "kid": <URL of the JWK>, "typ": "JWT"}`` — OB 3.0 §8.2.3 allows no
other members and requires only that ``kid`` dereference to the JWK. (OB 3.0 names RS256 as the
minimum algorithm every verifier supports; EdDSA is permitted and is what the issue asks for.)
JWT claims beside the credential's own members (the credential is the payload, VC-JOSE-COSE
style, no ``vc`` wrapper): ``iss`` = ``issuer.id``, ``jti`` = ``id``, ``nbf`` = ``validFrom``,
``sub`` = ``credentialSubject.id`` when the subject has one (ours are identified by their hashed
e-mail, so there is none unless the caller passes a ``subject_id``, e.g. a holder's DID).

Documents to serve (the service adds the routes): ``issuer_profile`` at ``Issuer.id``,
``public_jwk`` at ``Issuer.key_url`` (the ``kid``), ``jwk_set`` at ``/.well-known/jwks.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import quote

from certificates import CertificateData
from service.credentials.keys import IssuerKey, b64url

__all__ = [
    "ACHIEVEMENT_TYPES",
    "CONTEXTS",
    "OB_SCHEMA_URL",
    "Issuer",
    "build_credential",
    "credential_for_certificate",
    "hashed_identity",
    "issuer_profile",
    "jwk_set",
    "public_jwk",
    "sign_credential",
    "verify_credential",
]

CONTEXTS = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
#: The official JSON Schema a credential declares in ``credentialSchema``.
OB_SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)

#: Certificate design → OB 3.0 ``achievementType`` (an extensible vocabulary: ``ext:…``).
ACHIEVEMENT_TYPES: Mapping[str, str] = {
    "participation": "CertificateOfCompletion",
    "attendance": "ext:CertificateOfAttendance",
    "appreciation": "Award",
}

_KIND_WORDS = {
    "training_course": "training course",
    "workshop": "workshop",
    "webinar": "webinar",
    "seminar": "seminar",
    "study_visit": "study visit",
    "meeting": "meeting",
}


@dataclass(frozen=True, eq=False)
class Issuer:
    """The issuing organisation: its name, public base URL and signing key.

    Every URL a credential names is derived here, so the service's routes must match:
    ``/credentials/issuer`` (profile), ``/credentials/keys/<thumbprint>`` (JWK),
    ``/.well-known/jwks.json``, ``/credentials/status/<list>`` (status list credential),
    ``/credentials/achievements/<key>`` and ``/credentials/<serial>`` (the credential's id).
    """

    base_url: str
    name: str
    key: IssuerKey
    email: str | None = None
    url: str | None = None  # the organisation's own web site, if not the base URL
    _header: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        header = {"alg": "EdDSA", "kid": self.key_url, "typ": "JWT"}
        object.__setattr__(self, "_header", b64url(_json(header)))

    @property
    def id(self) -> str:
        return f"{self.base_url}/credentials/issuer"

    @property
    def key_url(self) -> str:
        return f"{self.base_url}/credentials/keys/{self.key.thumbprint}"

    @property
    def jwks_url(self) -> str:
        return f"{self.base_url}/.well-known/jwks.json"

    def credential_url(self, serial: str) -> str:
        return f"{self.base_url}/credentials/{quote(serial, safe='')}"

    def achievement_url(self, key: str) -> str:
        return f"{self.base_url}/credentials/achievements/{quote(key, safe='')}"

    def status_list_url(self, list_id: str) -> str:
        return f"{self.base_url}/credentials/status/{quote(list_id, safe='')}"

    @cached_property
    def profile_reference(self) -> dict[str, Any]:
        """The issuer as embedded in a credential."""
        profile: dict[str, Any] = {"id": self.id, "type": ["Profile"], "name": self.name}
        profile["url"] = self.url or self.base_url
        if self.email:
            profile["email"] = self.email
        return profile


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _timestamp(value: dt.date | dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).replace(microsecond=0)


def _iso(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def hashed_identity(email: str, salt: str | None = None) -> dict[str, Any]:
    """An OB 3.0 ``IdentityObject`` for an e-mail address: ``sha256$`` + hex SHA-256 of the
    address (trimmed, lower-cased) followed by the salt (OB 3.0 ``IdentityHash``). A verifier who
    knows the address recomputes it; nobody else learns it."""
    salt = salt if salt is not None else secrets.token_hex(16)
    normalised = email.strip().lower()
    digest = hashlib.sha256((normalised + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def build_credential(
    issuer: Issuer,
    *,
    credential_id: str,
    email: str,
    achievement_id: str,
    achievement_name: str,
    achievement_description: str,
    criteria: str,
    achievement_type: str,
    valid_from: dt.date | dt.datetime,
    salt: str | None = None,
    credential_status: Mapping[str, Any] | None = None,
    subject_id: str | None = None,
    activity_start: dt.date | None = None,
    activity_end: dt.date | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential`` (a JSON-ready dict)."""
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": achievement_type,
        "name": achievement_name,
        "description": achievement_description,
        "criteria": {"narrative": criteria},
        "creator": issuer.profile_reference,
    }
    if language:
        achievement["inLanguage"] = language
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [hashed_identity(email, salt)],
        "achievement": achievement,
    }
    if subject_id:
        subject["id"] = subject_id
    if activity_start:
        subject["activityStartDate"] = _iso(_timestamp(activity_start))
    if activity_end:
        subject["activityEndDate"] = _iso(_timestamp(activity_end))
    credential: dict[str, Any] = {
        "@context": list(CONTEXTS),
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer.profile_reference,
        "validFrom": _iso(_timestamp(valid_from)),
        "name": achievement_name,
        "credentialSubject": subject,
        "credentialSchema": [{"id": OB_SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if credential_status:
        credential["credentialStatus"] = dict(credential_status)
    return credential


def credential_for_certificate(
    issuer: Issuer,
    certificate: CertificateData,
    template: str,
    *,
    email: str,
    achievement_key: str,
    credential_status: Mapping[str, Any] | None = None,
    salt: str | None = None,
) -> dict[str, Any]:
    """The credential of a rendered certificate, from its payload.

    ``achievement_key`` names the training's achievement (the same for every participant of a
    training and design, e.g. ``f"{training_id}-{template}"``). Texts are the certificate's
    Latin language (English, else French; Arabic-only certificates use the Arabic title).
    """
    training = certificate.training
    languages = certificate.languages
    language = next((lang for lang in ("en", "fr") if lang in languages), languages[0])
    title = training.title.get(language) or training.title.latin() or ""
    kind = _KIND_WORDS[training.kind]
    dates = (
        training.starts_on.isoformat()
        if training.starts_on == training.ends_on
        else f"{training.starts_on.isoformat()} to {training.ends_on.isoformat()}"
    )
    roles = {"appreciation": f"Contributed as {certificate.role or 'a contributor'} to"}
    verb = roles.get(template, "Attended" if template == "attendance" else "Took part in")
    return build_credential(
        issuer,
        credential_id=issuer.credential_url(certificate.serial),
        email=email,
        achievement_id=issuer.achievement_url(achievement_key),
        achievement_name=title,
        achievement_description=f"{issuer.name} {kind}: {title} ({dates}).",
        criteria=f"{verb} the {kind} “{title}” organised by {issuer.name}, {dates}.",
        achievement_type=ACHIEVEMENT_TYPES.get(template, "Certificate"),
        valid_from=certificate.issued_on,
        salt=salt,
        credential_status=credential_status,
        activity_start=training.starts_on,
        activity_end=training.ends_on,
        language=language,
    )


def sign_credential(credential: Mapping[str, Any], issuer: Issuer) -> str:
    """The credential as a compact JWS (VC-JWT): ``header.payload.signature``."""
    claims = dict(credential)
    claims["iss"] = _issuer_id(credential)
    claims["jti"] = credential["id"]
    claims["nbf"] = int(dt.datetime.fromisoformat(credential["validFrom"]).timestamp())
    if valid_until := credential.get("validUntil"):
        claims["exp"] = int(dt.datetime.fromisoformat(valid_until).timestamp())
    subject = credential.get("credentialSubject")
    if isinstance(subject, Mapping) and subject.get("id"):
        claims["sub"] = subject["id"]
    signing_input = issuer._header + "." + b64url(_json(claims))
    return signing_input + "." + b64url(issuer.key.sign(signing_input.encode("ascii")))


def _issuer_id(credential: Mapping[str, Any]) -> str:
    issuer = credential["issuer"]
    return issuer if isinstance(issuer, str) else issuer["id"]


class CredentialError(ValueError):
    """A VC-JWT that does not verify."""


def verify_credential(token: str, key: IssuerKey | Any) -> dict[str, Any]:
    """The credential inside a VC-JWT signed by ``key`` (an ``IssuerKey`` or an Ed25519 public
    key), after checking the signature and that the JWT claims match the credential (OB 3.0
    §8.2.6). Raises ``CredentialError``."""
    import base64

    from cryptography.exceptions import InvalidSignature

    def decode(part: str) -> bytes:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(decode(header_b64))
        claims = json.loads(decode(payload_b64))
        signature = decode(signature_b64)
    except ValueError as error:
        raise CredentialError(f"not a compact JWS: {error}") from error
    if header.get("alg") != "EdDSA":
        raise CredentialError(f"unexpected alg {header.get('alg')!r}")
    public = key.public_key if isinstance(key, IssuerKey) else key
    try:
        public.verify(signature, f"{header_b64}.{payload_b64}".encode("ascii"))
    except InvalidSignature as error:
        raise CredentialError("bad signature") from error
    credential = {k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf", "exp", "sub")}
    if claims.get("iss") != _issuer_id(credential) or claims.get("jti") != credential.get("id"):
        raise CredentialError("iss/jti do not match the credential")
    valid_from = dt.datetime.fromisoformat(credential["validFrom"])
    if claims.get("nbf") != int(valid_from.timestamp()):
        raise CredentialError("nbf does not match validFrom")
    return credential


# -- documents to serve -------------------------------------------------------------------------


def issuer_profile(issuer: Issuer) -> dict[str, Any]:
    """The issuer's OB 3.0 ``Profile``, served at ``issuer.id``."""
    return {"@context": list(CONTEXTS), **issuer.profile_reference}


def public_jwk(issuer: Issuer) -> dict[str, str]:
    """The JWK the ``kid`` URL answers with (media type ``application/jwk+json``)."""
    return issuer.key.jwk(kid=issuer.key_url)


def jwk_set(*issuers_or_keys: Issuer) -> dict[str, list[dict[str, str]]]:
    """The JWK Set for ``/.well-known/jwks.json`` (``application/jwk-set+json``); pass the
    previous issuer too while rotating keys."""
    return {"keys": [public_jwk(issuer) for issuer in issuers_or_keys]}
