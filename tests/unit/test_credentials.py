"""Open Badges 3.0 credentials: valid against 1EdTech's JSON Schema, signed as VC-JWT that an
independent JOSE implementation (PyJWT) verifies, and that stops verifying when anything in it
changes. Pure: no app, no database."""

from __future__ import annotations

import ast
import base64
import datetime as dt
import hashlib
import json
from pathlib import Path

import jsonschema
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from certificates import parse_payload
from service.credentials import (
    CONTEXTS,
    CredentialError,
    CredentialKeyError,
    Issuer,
    IssuerKey,
    credential_for_certificate,
    credential_status,
    hashed_identity,
    issuer_profile,
    jwk_set,
    load_issuer_key,
    public_jwk,
    sign_credential,
    verify_credential,
)

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = ROOT / "tests" / "certificates" / "fixtures" / "payload.json"
SCHEMA_NAME = "ob_v3p0_achievementcredential_schema.json"
SCHEMA_PLACES = (
    ROOT / "service" / "credentials" / "schema" / SCHEMA_NAME,
    ROOT.parent / "shared" / "data" / "openbadges" / SCHEMA_NAME,
)
EMAIL = "Mohammed.Ahmad@Example.org"


@pytest.fixture(scope="module")
def issuer(tmp_path_factory) -> Issuer:
    key = IssuerKey.development_key(tmp_path_factory.mktemp("credentials"))
    return Issuer("https://tadrib.example.org/", "SESRIC", key)


@pytest.fixture(scope="module")
def credential(issuer: Issuer) -> dict:
    certificate = parse_payload(json.loads(PAYLOAD.read_text(encoding="utf-8")))
    return credential_for_certificate(
        issuer,
        certificate,
        "participation",
        email=EMAIL,
        achievement_key="training-7-participation",
        credential_status=credential_status(issuer, "2025-a", 94567),
    )


@pytest.fixture(scope="module")
def token(credential: dict, issuer: Issuer) -> str:
    return sign_credential(credential, issuer)


def _pyjwt_decode(token: str, issuer: Issuer) -> dict:
    """PyJWT, not our code: the key from the JWK we publish, EdDSA only, claims required."""
    key = jwt.PyJWK(public_jwk(issuer))
    return jwt.decode(
        token,
        key=key,
        algorithms=["EdDSA"],
        issuer=issuer.id,
        options={"require": ["iss", "jti", "nbf"]},
    )


# -- content ------------------------------------------------------------------------------------


def test_credential_shape(credential: dict, issuer: Issuer) -> None:
    assert credential["@context"] == list(CONTEXTS)
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "https://tadrib.example.org/credentials/issuer"
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["validFrom"] == "2025-09-03T00:00:00Z"
    assert credential["id"] == "https://tadrib.example.org/credentials/SES-2025-000123"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"] and "id" not in subject
    achievement = subject["achievement"]
    assert achievement["name"].startswith("Strengthening Public-Private Partnerships")
    assert achievement["achievementType"] == "CertificateOfCompletion"
    assert achievement["criteria"]["narrative"]
    assert achievement["id"].endswith("/credentials/achievements/training-7-participation")
    status = credential["credentialStatus"]
    assert status == {
        "id": "https://tadrib.example.org/credentials/status/2025-a#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": "https://tadrib.example.org/credentials/status/2025-a",
    }


def test_holder_known_only_by_salted_hash(credential: dict) -> None:
    (identity,) = credential["credentialSubject"]["identifier"]
    assert identity["type"] == "IdentityObject" and identity["hashed"] is True
    assert identity["identityType"] == "emailAddress"
    expected = hashlib.sha256((EMAIL.lower() + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    assert "example.org" not in json.dumps(credential).lower().replace("tadrib.example.org", "")


def test_salts_differ_unless_given() -> None:
    assert hashed_identity(EMAIL)["salt"] != hashed_identity(EMAIL)["salt"]
    assert hashed_identity(EMAIL, "s") == hashed_identity(" mohammed.ahmad@example.org ", "s")


@pytest.mark.parametrize(
    ("template", "kind"),
    [("attendance", "ext:CertificateOfAttendance"), ("appreciation", "Award")],
)
def test_achievement_type_by_design(issuer: Issuer, template: str, kind: str) -> None:
    certificate = parse_payload(json.loads(PAYLOAD.read_text(encoding="utf-8")))
    made = credential_for_certificate(
        issuer, certificate, template, email=EMAIL, achievement_key="t"
    )
    assert made["credentialSubject"]["achievement"]["achievementType"] == kind


def test_valid_against_the_open_badges_schema(credential: dict) -> None:
    schema_file = next((path for path in SCHEMA_PLACES if path.exists()), None)
    if schema_file is None:
        pytest.skip(f"the 1EdTech schema is not vendored here: see {SCHEMA_PLACES[0].parent}")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    validator = jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    validator.validate(credential)
    broken = {**credential, "type": ["VerifiableCredential"]}
    assert list(validator.iter_errors(broken))  # the schema does bite


# -- the VC-JWT ---------------------------------------------------------------------------------


def test_pyjwt_verifies_the_credential(token: str, credential: dict, issuer: Issuer) -> None:
    claims = _pyjwt_decode(token, issuer)
    assert claims["jti"] == credential["id"]
    assert claims["nbf"] == int(dt.datetime(2025, 9, 3, tzinfo=dt.UTC).timestamp())
    assert "sub" not in claims  # the subject has no id, only a hashed identifier
    assert {k: v for k, v in claims.items() if k not in ("iss", "jti", "nbf")} == credential
    header = jwt.get_unverified_header(token)
    assert header == {"alg": "EdDSA", "kid": issuer.key_url, "typ": "JWT"}


def test_our_verifier_agrees(token: str, credential: dict, issuer: Issuer) -> None:
    assert verify_credential(token, issuer.key) == credential


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _payload(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _with_payload(token: str, claims: dict) -> str:
    header, _, signature = token.split(".")
    body = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    return f"{header}.{_b64(body)}.{signature}"


CHANGES = {
    "name": lambda c: c.update(name=c["name"] + "!"),
    "validFrom": lambda c: c.update(validFrom="2025-09-04T00:00:00Z"),
    "issuer": lambda c: c["issuer"].update(name="Someone else"),
    "identityHash": lambda c: c["credentialSubject"]["identifier"][0].update(
        identityHash="sha256$" + "0" * 64
    ),
    "achievement": lambda c: c["credentialSubject"]["achievement"].update(name="Other training"),
    "statusListIndex": lambda c: c["credentialStatus"].update(statusListIndex="1"),
    "jti": lambda c: c.update(jti="https://tadrib.example.org/credentials/OTHER"),
    "nbf": lambda c: c.update(nbf=c["nbf"] - 86400),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_breaks_the_signature(token: str, issuer: Issuer, change: str) -> None:
    claims = _payload(token)
    CHANGES[change](claims)
    forged = _with_payload(token, claims)
    with pytest.raises(jwt.InvalidSignatureError):
        _pyjwt_decode(forged, issuer)
    with pytest.raises(CredentialError):
        verify_credential(forged, issuer.key)


def test_changed_header_breaks_the_signature(token: str, issuer: Issuer) -> None:
    _, body, signature = token.split(".")
    header = _b64(
        json.dumps({"alg": "EdDSA", "kid": "https://evil.example/k", "typ": "JWT"}).encode()
    )
    with pytest.raises(jwt.InvalidSignatureError):
        _pyjwt_decode(f"{header}.{body}.{signature}", issuer)


def test_other_key_does_not_verify(token: str, tmp_path: Path) -> None:
    other = Issuer("https://tadrib.example.org", "SESRIC", IssuerKey.development_key(tmp_path))
    with pytest.raises(jwt.InvalidSignatureError):
        _pyjwt_decode(token, other)


def test_subject_id_becomes_sub(issuer: Issuer, credential: dict) -> None:
    with_id = json.loads(json.dumps(credential))
    with_id["credentialSubject"]["id"] = "did:example:holder"
    assert _pyjwt_decode(sign_credential(with_id, issuer), issuer)["sub"] == "did:example:holder"


# -- published documents ------------------------------------------------------------------------


def test_published_key_documents(issuer: Issuer) -> None:
    jwk = public_jwk(issuer)
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and "d" not in jwk
    assert jwk["kid"] == issuer.key_url
    assert jwk_set(issuer) == {"keys": [jwk]}
    profile = issuer_profile(issuer)
    assert profile["id"] == issuer.id and profile["type"] == ["Profile"]
    assert issuer.key.public_key_multibase.startswith("z6Mk")  # Ed25519 Multikey


def test_jwk_thumbprint_matches_rfc_8037() -> None:
    """RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key."""
    d = base64.urlsafe_b64decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=")
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = IssuerKey(Ed25519PrivateKey.from_private_bytes(d))
    assert key.jwk()["x"] == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    assert key.thumbprint == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


# -- key configuration --------------------------------------------------------------------------


def test_development_key_made_once(tmp_path: Path) -> None:
    first = load_issuer_key({}, var_dir=tmp_path, production=False)
    again = load_issuer_key({}, var_dir=tmp_path, production=False)
    assert first.development and first.public_raw == again.public_raw
    assert (tmp_path / "dev-credentials" / "credentials-key.pem").stat().st_mode & 0o077 == 0


def test_production_refuses_without_a_key(tmp_path: Path) -> None:
    with pytest.raises(CredentialKeyError, match="production"):
        load_issuer_key({}, var_dir=tmp_path, production=True)


def test_configured_key_must_be_ed25519(tmp_path: Path) -> None:
    path = tmp_path / "ec.pem"
    path.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(CredentialKeyError, match="Ed25519"):
        load_issuer_key({"CREDENTIALS_KEY": str(path)}, var_dir=tmp_path, production=True)


def test_package_imports_nothing_else_from_service() -> None:
    """service/credentials is wired into Flask later: it may use libraries and `certificates`
    only."""
    for path in (ROOT / "service" / "credentials").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name == "service" or name.startswith("service."):
                    assert name.startswith("service.credentials"), f"{path.name} imports {name}"
