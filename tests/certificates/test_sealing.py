"""PAdES seals: a sealed certificate validates with pyHanko, any change after sealing shows, the
development seal is untrusted and a CA-issued one trusted, the seal's keys load as configured."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from certificates import parse_payload, render
from certificates.seal_keys import certificate_fingerprint
from certificates.sealing import (
    SealConfigError,
    Sealer,
    SealFormatError,
    development_sealer,
    inspect_seal,
    load_sealer,
    seal,
)

FIXTURE = Path(__file__).with_name("fixtures") / "payload.json"
SERIAL = "SES-2025-000123"
NOW = dt.datetime.now(dt.UTC)


# -- a test CA ----------------------------------------------------------------------------------


def _name(cn: str, org: str = "SESRIC") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
        ]
    )


def _usage(*, ca: bool, commitment: bool = True) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca and commitment,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _issue(subject, key, issuer, issuer_key, *, ca=False, eku=None) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_usage(ca=ca, commitment=eku is None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


class FakeCA:
    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = _name("Tadrib Test Root CA", "Tadrib Test")
        self.cert = _issue(self.name, self.key, self.name, self.key, ca=True)

    def leaf(self, key, cn="SESRIC Certificates Seal", **kwargs) -> x509.Certificate:
        return _issue(_name(cn), key, self.name, self.key, **kwargs)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _pem_files(folder: Path, key, cert: x509.Certificate, password: bytes | None = None):
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    key_file, cert_file = folder / "seal-key.pem", folder / "seal-cert.pem"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf() -> bytes:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return render(parse_payload(data), "participation")


@pytest.fixture(scope="module")
def dev_sealer(tmp_path_factory) -> Sealer:
    return development_sealer(tmp_path_factory.mktemp("dev-seal"), organisation="SESRIC")


@pytest.fixture(scope="module")
def ca() -> FakeCA:
    return FakeCA()


@pytest.fixture(scope="module")
def ca_sealer(ca: FakeCA, tmp_path_factory) -> Sealer:
    key = ec.generate_private_key(ec.SECP256R1())
    key_file, cert_file = _pem_files(tmp_path_factory.mktemp("ca-seal"), key, ca.leaf(key))
    chain = tmp_path_factory.mktemp("chain") / "chain.pem"
    chain.write_bytes(ca.pem)
    return Sealer.from_pem(key_file, cert_file, chain_path=chain, organisation="SESRIC")


@pytest.fixture(scope="module")
def sealed(pdf: bytes, dev_sealer: Sealer) -> bytes:
    return seal(pdf, dev_sealer)


def _pyhanko_status(data: bytes, roots=()):
    reader = PdfFileReader(io.BytesIO(data))
    (signature,) = reader.embedded_regular_signatures
    context = ValidationContext(trust_roots=list(roots), allow_fetching=False)
    return signature, validate_pdf_signature(signature, signer_validation_context=context)


# -- the seal as pyHanko sees it ----------------------------------------------------------------


def test_sealed_pdf_validates_with_pyhanko(sealed: bytes, dev_sealer: Sealer) -> None:
    signature, status = _pyhanko_status(sealed)
    assert status.intact and status.valid
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.dump() == dev_sealer.certificate.dump()
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.sig_field["/T"] == "Seal of SESRIC"
    assert not status.trusted  # self-signed development seal, no roots given


def test_cms_has_the_pades_signed_attributes(sealed: bytes) -> None:
    signature, _ = _pyhanko_status(sealed)
    attributes = {attr["type"].native for attr in signature.signer_info["signed_attrs"]}
    assert attributes == {"content_type", "message_digest", "signing_certificate_v2"}
    assert "signing_time" not in attributes  # PAdES: the time is the dictionary's /M
    assert signature.self_reported_timestamp is not None
    parsed = cms.ContentInfo.load(bytes(signature.sig_object["/Contents"]))
    assert parsed["content"]["encap_content_info"]["content"].native is None  # detached


def test_sealed_pdf_still_reads_as_the_same_certificate(pdf: bytes, sealed: bytes) -> None:
    assert sealed.startswith(pdf)  # an incremental update: the rendered bytes are untouched
    reader = PdfReader(io.BytesIO(sealed))
    assert len(reader.pages) == 1
    assert reader.metadata["/Keywords"] == SERIAL
    fields = reader.get_fields()
    assert list(fields) == ["Seal of SESRIC"]
    assert reader.pages[0].extract_text() == PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_poppler_validates_the_seal_too(sealed: bytes, tmp_path: Path) -> None:
    """A second, independent validator (poppler + NSS): signature valid, whole file signed."""
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed)
    out = subprocess.run(
        ["pdfsig", "-nocert", str(path)], capture_output=True, text=True, timeout=20
    ).stdout
    assert "Signature Field Name: Seal of SESRIC" in out
    assert "Signature Type: ETSI.CAdES.detached" in out
    assert "Total document signed" in out
    assert "Signature Validation: Signature is Valid." in out


# -- inspect_seal -------------------------------------------------------------------------------


def test_inspect_intact_development_seal(sealed: bytes) -> None:
    report = inspect_seal(sealed)
    assert report.state == "intact" and report.sealed and report.intact
    assert report.signer_common_name == "Tadrib DEVELOPMENT seal — not trusted"
    assert report.signer_organisation == "SESRIC"
    assert report.development and not report.trusted
    assert report.serial == SERIAL
    assert report.signed_at is not None and abs(report.signed_at - NOW) < dt.timedelta(hours=1)


def test_unsealed_pdf(pdf: bytes) -> None:
    report = inspect_seal(pdf)
    assert report.state == "unsealed" and not report.sealed


@pytest.mark.parametrize("where", [0.2, 0.5, 0.8])
def test_one_byte_changed_is_altered(sealed: bytes, pdf: bytes, where: float) -> None:
    at = int(len(pdf) * where)
    changed = sealed[:at] + bytes([sealed[at] ^ 0x01]) + sealed[at + 1 :]
    assert inspect_seal(changed).state == "altered"


def test_changed_signature_is_altered(sealed: bytes) -> None:
    at = sealed.index(b"/Contents <") + len(b"/Contents <") + 400
    digit = b"1" if sealed[at : at + 1] != b"1" else b"2"
    assert inspect_seal(sealed[:at] + digit + sealed[at + 1 :]).state == "altered"


def test_appended_garbage_is_altered(sealed: bytes) -> None:
    assert inspect_seal(sealed + b"1 0 obj\n(forged)\nendobj\n").state == "altered"


def test_trailing_blank_bytes_keep_it_intact(sealed: bytes) -> None:
    assert inspect_seal(sealed + b"\r\n\n").state == "intact"


def test_incremental_edit_is_altered_and_serial_is_the_signed_one(sealed: bytes) -> None:
    from pyhanko.pdf_utils import generic

    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    info_ref = writer.trailer.raw_get("/Info")
    info = info_ref.get_object()
    info["/Keywords"] = generic.TextStringObject("SES-2025-999999")
    writer.mark_update(info_ref)
    out = io.BytesIO()
    writer.write(out)
    report = inspect_seal(out.getvalue())
    assert report.state == "altered"
    assert report.serial == SERIAL  # read from the sealed revision, not the forged update


def test_incremental_page_edit_is_altered(sealed: bytes) -> None:
    from pyhanko.pdf_utils import generic

    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /T1 30 Tf (X) Tj ET"))
    page = page_ref.get_object()
    page["/Contents"] = generic.ArrayObject([page["/Contents"], stream])
    writer.mark_update(page_ref)
    out = io.BytesIO()
    writer.write(out)
    assert inspect_seal(out.getvalue()).state == "altered"


def test_truncated_file_is_altered(sealed: bytes) -> None:
    assert inspect_seal(sealed[: len(sealed) - 300]).state == "altered"


# -- trust --------------------------------------------------------------------------------------


def test_ca_issued_seal_is_trusted_given_the_root(pdf: bytes, ca: FakeCA, ca_sealer: Sealer):
    sealed = seal(pdf, ca_sealer)
    _, status = _pyhanko_status(sealed, roots=[ca_sealer.chain[0]])
    assert status.bottom_line
    report = inspect_seal(sealed, trust_roots=[ca.pem])
    assert report.state == "intact" and report.trusted and not report.development
    assert report.signer_common_name == "SESRIC Certificates Seal"
    assert report.signer_fingerprint == certificate_fingerprint(ca_sealer.certificate)
    assert not inspect_seal(sealed).trusted  # no roots, no trust


def test_development_seal_is_not_trusted_by_the_ca(sealed: bytes, ca: FakeCA) -> None:
    report = inspect_seal(sealed, trust_roots=[ca.pem])
    assert report.intact and not report.trusted


# -- B-T ----------------------------------------------------------------------------------------


def test_timestamped_seal(pdf: bytes, ca: FakeCA, ca_sealer: Sealer) -> None:
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's dummy
    tsa_cert = ca.leaf(tsa_key, cn="Test TSA", eku=[ExtendedKeyUsageOID.TIME_STAMPING])
    der = serialization.Encoding.DER
    timestamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa_cert.public_bytes(der)),
        tsa_key=keys.PrivateKeyInfo.load(
            tsa_key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
    )
    sealer = Sealer(
        private_key=ca_sealer.private_key,
        certificate=ca_sealer.certificate,
        chain=ca_sealer.chain,
        organisation="SESRIC",
        timestamper=timestamper,
    )
    sealed = seal(pdf, sealer)
    _, status = _pyhanko_status(sealed, roots=[ca_sealer.chain[0]])
    assert status.intact and status.valid and status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.valid
    report = inspect_seal(sealed, trust_roots=[ca.pem])
    assert report.intact and report.timestamped and report.trusted


# -- robustness to the PDF's structure ----------------------------------------------------------


def test_seals_a_pdf_with_other_object_numbers_and_a_prior_update(
    pdf: bytes, dev_sealer: Sealer
) -> None:
    """A PDF whose catalog and page sit elsewhere and that already has an incremental update
    (and an /AcroForm with a field) seals and validates: nothing is found by number."""
    from pyhanko.pdf_utils import generic

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    field = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/FT"): generic.NameObject("/Tx"),
                generic.NameObject("/T"): generic.TextStringObject("note"),
            }
        )
    )
    writer.root["/AcroForm"] = generic.DictionaryObject(
        {generic.NameObject("/Fields"): generic.ArrayObject([field])}
    )
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    sealed = seal(out.getvalue(), dev_sealer)
    report = inspect_seal(sealed)
    assert report.state == "intact", report.detail
    assert set(PdfReader(io.BytesIO(sealed)).get_fields()) == {"note", "Seal of SESRIC"}


def test_seals_twice_with_distinct_field_names(sealed: bytes, dev_sealer: Sealer) -> None:
    again = seal(sealed, dev_sealer)
    assert set(PdfReader(io.BytesIO(again)).get_fields()) == {"Seal of SESRIC", "Seal of SESRIC 2"}


def test_refuses_a_cross_reference_stream(pdf: bytes, dev_sealer: Sealer) -> None:
    at = pdf.rindex(b"startxref")
    offset = int(pdf[at:].split()[1])
    fake = pdf[:offset] + b"99 0 obj\n<< /Type /XRef >>\nstream\n" + pdf[offset + 4 :]
    with pytest.raises(SealFormatError, match="cross-reference stream"):
        seal(fake, dev_sealer)


def test_refuses_an_encrypted_pdf(pdf: bytes, dev_sealer: Sealer) -> None:
    encrypted = pdf.replace(b"/Root ", b"/Encrypt 1 0 R /Root ", 1)
    with pytest.raises(SealFormatError, match="Encrypt"):
        seal(encrypted, dev_sealer)


def test_refuses_what_is_not_a_pdf(dev_sealer: Sealer) -> None:
    with pytest.raises(SealFormatError):
        seal(b"%PDF-1.4\nnothing here\n", dev_sealer)


# -- keys and configuration ---------------------------------------------------------------------


def test_development_seal_is_made_once_and_kept(tmp_path: Path) -> None:
    first = load_sealer({}, var_dir=tmp_path, production=False, organisation="SESRIC")
    again = load_sealer({}, var_dir=tmp_path, production=False, organisation="SESRIC")
    assert first.development and again.development
    assert first.certificate.dump() == again.certificate.dump()
    assert "DEVELOPMENT" in first.common_name
    assert (tmp_path / "dev-seal" / "seal-key.pem").stat().st_mode & 0o077 == 0


def test_production_refuses_without_a_seal(tmp_path: Path) -> None:
    with pytest.raises(SealConfigError, match="production"):
        load_sealer({}, var_dir=tmp_path, production=True, organisation="SESRIC")
    assert not (tmp_path / "dev-seal").exists()


def test_half_a_pem_configuration_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SealConfigError, match="together"):
        load_sealer({"SEAL_KEY": "k.pem"}, var_dir=tmp_path, production=False, organisation="X")


def test_encrypted_pem_from_configuration(tmp_path: Path, ca: FakeCA, pdf: bytes) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    key_file, cert_file = _pem_files(tmp_path, key, ca.leaf(key), password=b"s3cret")
    environ = {
        "SEAL_KEY": str(key_file),
        "SEAL_CERT": str(cert_file),
        "SEAL_KEY_PASSWORD": "s3cret",
    }
    sealer = load_sealer(environ, var_dir=tmp_path, production=True, organisation="SESRIC")
    assert not sealer.development and sealer.organisation == "SESRIC"
    assert inspect_seal(seal(pdf, sealer), trust_roots=[ca.pem]).trusted
    with pytest.raises(SealConfigError):
        load_sealer({**environ, "SEAL_KEY_PASSWORD": "wrong"}, var_dir=tmp_path,
                    production=True, organisation="SESRIC")  # fmt: skip


def test_pkcs12_rsa_seal(tmp_path: Path, ca: FakeCA, pdf: bytes) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = ca.leaf(key)
    p12 = tmp_path / "seal.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"seal", key, cert, [ca.cert], serialization.BestAvailableEncryption(b"pw")
        )
    )
    environ = {"SEAL_PKCS12": str(p12), "SEAL_PKCS12_PASSWORD": "pw"}
    sealer = load_sealer(environ, var_dir=tmp_path, production=True, organisation="SESRIC")
    assert len(sealer.chain) == 1
    report = inspect_seal(seal(pdf, sealer), trust_roots=[ca.pem])
    assert report.intact and report.trusted


def test_key_and_certificate_must_match(tmp_path: Path, ca: FakeCA) -> None:
    key, other = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    key_file, cert_file = _pem_files(tmp_path, key, ca.leaf(other))
    with pytest.raises(SealConfigError, match="does not match"):
        Sealer.from_pem(key_file, cert_file)
