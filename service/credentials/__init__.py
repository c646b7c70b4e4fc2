"""Verifiable credentials for certificates: Open Badges 3.0 (VC-JWT, Ed25519), Bitstring Status
List revocation, and LinkedIn Add-to-Profile links.

Pure functions and small classes: no Flask, no database, nothing else from ``service``
(only libraries and the ``certificates`` package). The service wires them to routes and
workers; see each module's docstring for the documents to serve.

    key = load_issuer_key(os.environ, var_dir=settings.var_dir, production=...)
    issuer = Issuer(settings.public_base_url, settings.organisation, key)
    status = credential_status(issuer, "2025-a", index)
    jwt = sign_credential(credential_for_certificate(issuer, data, template, email=...,
                                                     achievement_key=..., credential_status=status),
                          issuer)
"""

from service.credentials.keys import CredentialKeyError, IssuerKey, load_issuer_key
from service.credentials.linkedin import add_to_profile_url
from service.credentials.openbadges import (
    ACHIEVEMENT_TYPES,
    CONTEXTS,
    OB_SCHEMA_URL,
    CredentialError,
    Issuer,
    build_credential,
    credential_for_certificate,
    hashed_identity,
    issuer_profile,
    jwk_set,
    public_jwk,
    sign_credential,
    verify_credential,
)
from service.credentials.status_list import (
    MIN_BITS,
    StatusList,
    credential_status,
    status_list_credential,
)

__all__ = [
    "ACHIEVEMENT_TYPES",
    "CONTEXTS",
    "MIN_BITS",
    "OB_SCHEMA_URL",
    "CredentialError",
    "CredentialKeyError",
    "Issuer",
    "IssuerKey",
    "StatusList",
    "add_to_profile_url",
    "build_credential",
    "credential_for_certificate",
    "credential_status",
    "hashed_identity",
    "issuer_profile",
    "jwk_set",
    "load_issuer_key",
    "public_jwk",
    "sign_credential",
    "status_list_credential",
    "verify_credential",
]
