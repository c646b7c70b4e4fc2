"""The organisation's sealing key and certificate, loaded once per process.

Three sources, in this order (``load_sealer``):

1. ``SEAL_PKCS12`` (+ ``SEAL_PKCS12_PASSWORD``): a PKCS#12 file holding the key, the certificate
   and any intermediate certificates;
2. ``SEAL_KEY`` + ``SEAL_CERT`` (+ ``SEAL_KEY_PASSWORD``, ``SEAL_CHAIN``): PEM files;
3. neither, outside production: a self-signed **development** seal, made on first run and kept
   under ``SEAL_DEV_DIR`` (default ``VAR_DIR/dev-seal``). Its subject CN says
   "Tadrib DEVELOPMENT seal — not trusted", so nobody mistakes a test certificate for a real one.
   In production the absence of a seal is a ``SealConfigError`` raised at start-up.

A ``Sealer`` holds the key object and everything of the CMS signature that does not change from
one PDF to the next, already DER-encoded: the certificates, the signer identifier, the algorithm
identifiers and the constant signed attributes. Per PDF only the digest, one signature and a few
length octets remain (``certificates/sealing.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import algos, cms, core, x509
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign.general import as_signing_certificate_v2

__all__ = [
    "DEVELOPMENT_MARKER",
    "SealConfigError",
    "Sealer",
    "development_sealer",
    "load_sealer",
]

#: In the subject CN of every development seal; ``inspect_seal`` reports such a seal as one.
DEVELOPMENT_MARKER = "DEVELOPMENT seal"

_DIGESTS: dict[str, Callable[[], hashes.HashAlgorithm]] = {
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
_CURVE_DIGEST = {"secp256r1": "sha256", "secp384r1": "sha384", "secp521r1": "sha512"}


_VERSION_1 = core.Integer(1).dump()
_SIGNED_DATA_OID = cms.ContentType("signed_data").dump()
_ENCAPSULATED_DATA = cms.EncapsulatedContentInfo({"content_type": "data"}).dump()


class SealConfigError(RuntimeError):
    """The seal's configuration is missing or unusable (raised at start-up, never per PDF)."""


def _der(tag: int, content: bytes) -> bytes:
    """A DER element: tag octet, definite length, content."""
    length = len(content)
    if length < 0x80:
        return bytes((tag, length)) + content
    octets = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(octets))) + octets + content


@dataclass(frozen=True, eq=False)
class Sealer:
    """Signs certificate PDFs for one organisation. Build it once (``load_sealer``); share it.

    ``timestamper`` (a pyHanko ``TimeStamper``) turns the B-B seal into B-T: each signature gets
    an RFC 3161 time-stamp token from that authority.
    """

    private_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()
    organisation: str = "Tadrib"
    timestamper: Any = None
    development: bool = False
    digest_algorithm: str = field(init=False)
    # pre-encoded CMS parts (see certificates/sealing.py)
    certificates_der: bytes = field(init=False, repr=False)
    signer_prefix: bytes = field(init=False, repr=False)
    signature_algorithm_der: bytes = field(init=False, repr=False)
    digest_algorithm_der: bytes = field(init=False, repr=False)
    attrs_head: bytes = field(init=False, repr=False)
    attrs_tail: bytes = field(init=False, repr=False)
    max_signature_size: int = field(init=False, repr=False)
    reserved_size: int = field(init=False, repr=False)

    def __post_init__(self) -> None:
        key = self.private_key
        public = self.certificate.public_key.dump()
        mine = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        if public != mine:
            raise SealConfigError("the seal's key does not match its certificate")
        if isinstance(key, ec.EllipticCurvePrivateKey):
            digest = _CURVE_DIGEST.get(key.curve.name)
            if digest is None:
                raise SealConfigError(f"unsupported curve {key.curve.name}")
            signature_algorithm = algos.SignedDigestAlgorithm({"algorithm": f"{digest}_ecdsa"})
            coordinate = (key.curve.key_size + 7) // 8
            max_signature = 2 * (coordinate + 4) + 4  # SEQUENCE of two INTEGERs, worst case
        elif isinstance(key, rsa.RSAPrivateKey):
            digest = "sha256"
            signature_algorithm = algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"})
            max_signature = (key.key_size + 7) // 8
        else:
            raise SealConfigError("the seal's key must be an EC (P-256/384/521) or RSA key")
        put = object.__setattr__
        put(self, "digest_algorithm", digest)
        put(self, "max_signature_size", max_signature)
        put(self, "signature_algorithm_der", signature_algorithm.dump())
        put(self, "digest_algorithm_der", algos.DigestAlgorithm({"algorithm": digest}).dump())
        # certificates [0] IMPLICIT SET OF Certificate: the signer's first, then the chain
        certs = b"".join(cert.dump() for cert in (self.certificate, *self.chain))
        put(self, "certificates_der", _der(0xA0, certs))
        sid = cms.SignerIdentifier(
            {
                "issuer_and_serial_number": cms.IssuerAndSerialNumber(
                    {
                        "issuer": self.certificate.issuer,
                        "serial_number": self.certificate.serial_number,
                    }
                )
            }
        )
        # SignerInfo: version 1, sid, digestAlgorithm — the same for every PDF
        put(self, "signer_prefix", _VERSION_1 + sid.dump() + self.digest_algorithm_der)
        # Signed attributes (PAdES baseline, ETSI EN 319 142-1 §6.3): content-type,
        # message-digest, signing-certificate-v2; no signing-time (the time is the signature
        # dictionary's /M). DER sorts a SET OF by encoding; the three are built once with a
        # placeholder digest, sorted, and the digest's place remembered.
        placeholder = b"\x00" * _DIGESTS[digest]().digest_size
        attributes = [
            cms.CMSAttribute({"type": "content_type", "values": ["data"]}).dump(),
            cms.CMSAttribute({"type": "message_digest", "values": [placeholder]}).dump(),
            cms.CMSAttribute(
                {
                    "type": "signing_certificate_v2",
                    "values": [as_signing_certificate_v2(self.certificate, digest)],
                }
            ).dump(),
        ]
        content = b"".join(sorted(attributes))
        at = content.index(attributes[1]) + len(attributes[1]) - len(placeholder)
        put(self, "attrs_head", content[:at])
        put(self, "attrs_tail", content[at + len(placeholder) :])

        put(self, "reserved_size", len(self._container(b"\xff" * max_signature, placeholder)) + 16)

    # -- per PDF --------------------------------------------------------------------------------

    def sign(self, data: bytes) -> bytes:
        """The raw signature over ``data`` (the DER of the signed attributes)."""
        key = self.private_key
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(_DIGESTS[self.digest_algorithm]()))
        return key.sign(data, padding.PKCS1v15(), _DIGESTS[self.digest_algorithm]())

    def signed_attributes(self, digest: bytes) -> bytes:
        """The content octets of the signed attributes for a document of this digest."""
        return self.attrs_head + digest + self.attrs_tail

    def cms(self, digest: bytes, unsigned_attributes: bytes = b"") -> tuple[bytes, bytes]:
        """(the CMS ContentInfo DER, the signature value) of a detached PAdES signature over a
        document whose ``digest`` was computed with ``self.digest_algorithm``.

        ``unsigned_attributes``: the DER of the unsigned attributes' content (a time-stamp
        token); the signature value is returned so a caller can time-stamp it and call again
        with ``container``.
        """
        attributes = self.signed_attributes(digest)
        signature = self.sign(_der(0x31, attributes))
        return self._container(signature, digest, unsigned_attributes), signature

    def _container(self, signature: bytes, digest: bytes, unsigned: bytes = b"") -> bytes:
        signer_info = _der(
            0x30,
            self.signer_prefix
            + _der(0xA0, self.signed_attributes(digest))
            + self.signature_algorithm_der
            + _der(0x04, signature)
            + (_der(0xA1, unsigned) if unsigned else b""),
        )
        signed_data = _der(
            0x30,
            _VERSION_1
            + _der(0x31, self.digest_algorithm_der)
            + _ENCAPSULATED_DATA
            + self.certificates_der
            + _der(0x31, signer_info),
        )
        return _der(0x30, _SIGNED_DATA_OID + _der(0xA0, signed_data))

    container = _container

    # -- what it is -----------------------------------------------------------------------------

    @property
    def common_name(self) -> str:
        return _name_part(self.certificate.subject, "common_name") or ""

    @property
    def field_name(self) -> str:
        """The signature field's name: names the organisation (no dots: they separate a field
        name's parts)."""
        return f"Seal of {self.organisation}".replace(".", "\u2024")

    # -- constructors ---------------------------------------------------------------------------

    @classmethod
    def from_pem(
        cls,
        key_path: str | os.PathLike[str],
        cert_path: str | os.PathLike[str],
        *,
        password: str | None = None,
        chain_path: str | os.PathLike[str] | None = None,
        organisation: str | None = None,
        timestamper: Any = None,
    ) -> Sealer:
        """From PEM files: the private key (optionally encrypted), the certificate, and an
        optional file of intermediate certificates."""
        try:
            key = serialization.load_pem_private_key(
                Path(key_path).read_bytes(), password.encode() if password else None
            )
            certs = cx509.load_pem_x509_certificates(Path(cert_path).read_bytes())
            chain = (
                cx509.load_pem_x509_certificates(Path(chain_path).read_bytes())
                if chain_path
                else []
            )
        except (OSError, ValueError, TypeError) as error:
            raise SealConfigError(f"cannot read the seal's PEM files: {error}") from error
        return cls._build(key, certs[0], [*certs[1:], *chain], organisation, timestamper)

    @classmethod
    def from_pkcs12(
        cls,
        path: str | os.PathLike[str],
        password: str | None,
        *,
        organisation: str | None = None,
        timestamper: Any = None,
    ) -> Sealer:
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(
                Path(path).read_bytes(), password.encode() if password else None
            )
        except (OSError, ValueError, TypeError) as error:
            raise SealConfigError(f"cannot read the seal's PKCS#12 file: {error}") from error
        if key is None or cert is None:
            raise SealConfigError("the PKCS#12 file holds no key or no certificate")
        return cls._build(key, cert, extra, organisation, timestamper)

    @classmethod
    def _build(
        cls,
        key: Any,
        cert: cx509.Certificate,
        chain: Sequence[cx509.Certificate],
        organisation: str | None,
        timestamper: Any,
        development: bool = False,
    ) -> Sealer:
        if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
            raise SealConfigError("the seal's key must be an EC or RSA key")
        certificate = _asn1(cert)
        return cls(
            private_key=key,
            certificate=certificate,
            chain=tuple(_asn1(c) for c in chain),
            organisation=organisation
            or _name_part(certificate.subject, "organization_name")
            or _name_part(certificate.subject, "common_name")
            or "Tadrib",
            timestamper=timestamper,
            development=development
            or DEVELOPMENT_MARKER in (_name_part(certificate.subject, "common_name") or ""),
        )


def _asn1(cert: cx509.Certificate) -> x509.Certificate:
    return x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _name_part(name: x509.Name, part: str) -> str | None:
    value: Any = name.native.get(part)
    if isinstance(value, list):
        value = value[-1]
    return str(value) if value is not None else None


def development_sealer(
    directory: str | os.PathLike[str], *, organisation: str = "Tadrib", timestamper: Any = None
) -> Sealer:
    """The development seal kept in ``directory``, made there on first use: an EC P-256 key
    (``seal-key.pem``, mode 0600) and a self-signed certificate (``seal-cert.pem``) whose CN says
    it is not to be trusted."""
    folder = Path(directory)
    key_file, cert_file = folder / "seal-key.pem", folder / "seal-cert.pem"
    if not (key_file.exists() and cert_file.exists()):
        folder.mkdir(parents=True, exist_ok=True)
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _self_signed(key, organisation)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(pem)
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    sealer = Sealer.from_pem(
        key_file, cert_file, organisation=organisation, timestamper=timestamper
    )
    object.__setattr__(sealer, "development", True)
    return sealer


def _self_signed(key: ec.EllipticCurvePrivateKey, organisation: str) -> cx509.Certificate:
    subject = cx509.Name(
        [
            cx509.NameAttribute(NameOID.COMMON_NAME, f"Tadrib {DEVELOPMENT_MARKER} — not trusted"),
            cx509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    public = key.public_key()
    return (
        cx509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(cx509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(cx509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            cx509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(cx509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def load_sealer(
    environ: Mapping[str, str],
    *,
    var_dir: str | os.PathLike[str],
    production: bool,
    organisation: str,
) -> Sealer:
    """The seal the configuration names (see the module's docstring for the variables).

    Raises ``SealConfigError`` in production when no seal is configured, and whenever a
    configured one cannot be read — call it at start-up.
    """
    timestamper = None
    if tsa_url := environ.get("TSA_URL"):
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(tsa_url, timeout=10)
    if p12 := environ.get("SEAL_PKCS12"):
        return Sealer.from_pkcs12(
            p12,
            environ.get("SEAL_PKCS12_PASSWORD"),
            organisation=organisation,
            timestamper=timestamper,
        )
    key, cert = environ.get("SEAL_KEY"), environ.get("SEAL_CERT")
    if key and cert:
        return Sealer.from_pem(
            key,
            cert,
            password=environ.get("SEAL_KEY_PASSWORD"),
            chain_path=environ.get("SEAL_CHAIN") or None,
            organisation=organisation,
            timestamper=timestamper,
        )
    if key or cert:
        raise SealConfigError("SEAL_KEY and SEAL_CERT must be set together")
    if production:
        raise SealConfigError(
            "no seal configured: set SEAL_KEY and SEAL_CERT (PEM) or SEAL_PKCS12 in production"
        )
    directory = environ.get("SEAL_DEV_DIR") or Path(var_dir) / "dev-seal"
    return development_sealer(directory, organisation=organisation, timestamper=timestamper)


def certificate_fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER, hex: what a verification page can print."""
    return hashlib.sha256(cert.dump()).hexdigest()
