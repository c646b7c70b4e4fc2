"""The Ed25519 key that signs Open Badges credentials and status lists.

``load_issuer_key`` reads ``CREDENTIALS_KEY`` (a PEM private key, optionally encrypted with
``CREDENTIALS_KEY_PASSWORD``); with none configured outside production it makes a development key
on first run under ``CREDENTIALS_DEV_DIR`` (default ``VAR_DIR/dev-credentials``), and in production
it raises ``CredentialKeyError`` — call it at start-up, as for the PDF seal.

Verifiers find the public key as a JWK (RFC 7517): the ``kid`` in every credential's JOSE header
is a URL answering with that JWK, and the JWK Set at ``/.well-known/jwks.json`` lists it
(``service/credentials/openbadges.py`` builds both documents).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

__all__ = ["CredentialKeyError", "IssuerKey", "b64url", "load_issuer_key"]


class CredentialKeyError(RuntimeError):
    """The credential signing key is missing or unusable (raised at start-up)."""


def b64url(data: bytes) -> str:
    """base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, remainder = divmod(number, 58)
        digits = _BASE58[remainder] + digits
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + digits


@dataclass(frozen=True, eq=False)
class IssuerKey:
    """An Ed25519 signing key and its public forms, computed once."""

    private_key: Ed25519PrivateKey
    development: bool = False
    public_raw: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        object.__setattr__(self, "public_raw", raw)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    @property
    def thumbprint(self) -> str:
        """The JWK thumbprint (RFC 7638, SHA-256): a stable name for the key."""
        members = {"crv": "Ed25519", "kty": "OKP", "x": b64url(self.public_raw)}
        canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
        return b64url(hashlib.sha256(canonical).digest())

    def jwk(self, kid: str | None = None) -> dict[str, str]:
        """The public JWK (RFC 8037 OKP), never the private part."""
        key = {"kty": "OKP", "crv": "Ed25519", "x": b64url(self.public_raw), "alg": "EdDSA"}
        key["use"] = "sig"
        if kid:
            key["kid"] = kid
        return key

    @property
    def public_key_multibase(self) -> str:
        """Multikey form (W3C Controlled Identifiers): 'z' + base58btc(0xed01 ‖ key)."""
        return "z" + _base58btc(b"\xed\x01" + self.public_raw)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)

    @classmethod
    def from_pem(cls, path: str | os.PathLike[str], password: str | None = None) -> IssuerKey:
        try:
            key = serialization.load_pem_private_key(
                Path(path).read_bytes(), password.encode() if password else None
            )
        except (OSError, ValueError, TypeError) as error:
            raise CredentialKeyError(f"cannot read the credential key {path}: {error}") from error
        if not isinstance(key, Ed25519PrivateKey):
            raise CredentialKeyError("the credential key must be an Ed25519 key")
        return cls(key)

    @classmethod
    def development_key(cls, directory: str | os.PathLike[str]) -> IssuerKey:
        """The development key in ``directory`` (``credentials-key.pem``, mode 0600), made on
        first use."""
        path = Path(directory) / "credentials-key.pem"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            pem = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                out.write(pem)
        key = cls.from_pem(path)
        return cls(key.private_key, development=True)


def load_issuer_key(
    environ: Mapping[str, str], *, var_dir: str | os.PathLike[str], production: bool
) -> IssuerKey:
    """The configured key (see the module's docstring); ``CredentialKeyError`` in production
    when none is configured."""
    if path := environ.get("CREDENTIALS_KEY"):
        return IssuerKey.from_pem(path, environ.get("CREDENTIALS_KEY_PASSWORD") or None)
    if production:
        raise CredentialKeyError("no credential key configured: set CREDENTIALS_KEY in production")
    directory = environ.get("CREDENTIALS_DEV_DIR") or Path(var_dir) / "dev-credentials"
    return IssuerKey.development_key(directory)
