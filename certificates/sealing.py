"""PAdES seals on certificate PDFs, and checking them.

    from certificates.sealing import load_sealer, seal, inspect_seal
    sealer = load_sealer(os.environ, var_dir=VAR_DIR, production=False, organisation="SESRIC")
    sealed = seal(render(certificate, "participation"), sealer)
    report = inspect_seal(sealed, trust_roots=[...])   # report.state == "intact"

**Sealing** (``seal``) appends one incremental update to the PDF our engine wrote — a signature
dictionary, an invisible signature field with its widget on page 1 named after the
organisation, an ``/AcroForm`` (``/SigFlags 3``), the catalog and first page rewritten to point at
them, a classic xref section and trailer — with the signature's ``/Contents`` reserved, then
computes the ``/ByteRange``, hashes the two ranges once, signs once and writes the CMS container
into the reserved space. The container is a detached CMS SignedData with the PAdES baseline
signed attributes (content-type, message-digest, signing-certificate-v2; the signing time is the
dictionary's ``/M``, not a signed attribute), ``/SubFilter /ETSI.CAdES.detached``: a PAdES B-B
signature, or B-T when the sealer has a time-stamp authority (``TSA_URL``). The constant parts
of the container are encoded once per process (``certificates/seal_keys.py``); per PDF the
work is one SHA-256 over the file, one ECDSA (or RSA) signature and some byte concatenation.

pyHanko's general signer (``pyhanko.sign.signers.sign_pdf``) re-reads every file into its object
model and writes it again: about 56 ms per certificate here, against a fraction of a millisecond
for this path (``bench/sealing.py``). pyHanko is still what *checks* seals: ``inspect_seal``
and the tests validate with its validation API.

The catalog and the first page are found from the trailer and the cross-reference table, never
by object number, so the layout may change freely. Only classic xref tables (what ReportLab
writes) are read; anything else is a ``SealFormatError``.

**Checking** (``inspect_seal``) reads the first signature with pyHanko: intact (digest and
signature valid, and the signature covers the whole file — nothing but blank bytes may follow
it), altered, or no seal; who sealed (subject CN and O); whether that
certificate chains to one of the given trust roots (a development seal never does, unless you
pass it as a root); and the certificate's serial number, read from the **signed revision's
document information dictionary** (``/Keywords``, where ``certificates/pdf.py`` writes the
serial; the engine writes no XMP metadata).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from asn1crypto import cms, x509

from certificates.seal_keys import (
    DEVELOPMENT_MARKER,
    SealConfigError,
    Sealer,
    development_sealer,
    load_sealer,
)
from certificates.seal_pdf import Name, PdfFile, Raw, Ref, SealFormatError, serialise, text_string

__all__ = [
    "SealConfigError",
    "SealFormatError",
    "SealReport",
    "Sealer",
    "development_sealer",
    "inspect_seal",
    "load_sealer",
    "seal",
]

#: /F 132: Print + Locked — an invisible widget that still prints, and cannot be moved.
_WIDGET_FLAGS = 132
#: Room for a time-stamp token (with the authority's certificates) when sealing B-T.
_TIMESTAMP_ROOM = 12_000


def seal(
    pdf: bytes,
    sealer: Sealer,
    *,
    signing_time: dt.datetime | None = None,
    reason: str | None = None,
) -> bytes:
    """``pdf`` with the organisation's PAdES seal appended as an incremental update.

    ``signing_time`` (default now, UTC) is written as the signature dictionary's ``/M``;
    ``reason``, if given, as its ``/Reason``. Raises ``SealFormatError`` for a PDF the sealer
    cannot append to (a cross-reference stream, an encrypted file, a damaged trailer).
    """
    source = PdfFile(pdf)
    catalog = source.dictionary(source.root, "catalog")
    page_ref = source.first_page(catalog)
    page = source.dictionary(page_ref, "first page")

    number = source.size
    sig_ref, field_ref, form_ref = Ref(number), Ref(number + 1), Ref(number + 2)

    form = source.resolve(catalog.get(Name("AcroForm"), {}))
    if not isinstance(form, dict):
        raise SealFormatError("the catalog's /AcroForm is not a dictionary")
    fields = source.resolve(form.get(Name("Fields"), []))
    if not isinstance(fields, list):
        raise SealFormatError("/AcroForm /Fields is not an array")
    field_name = _unique_name(sealer.field_name, _field_names(source, fields))
    new_form = {**form, Name("Fields"): [*fields, field_ref], Name("SigFlags"): 3}
    annots = source.resolve(page.get(Name("Annots"), []))
    if not isinstance(annots, list):
        raise SealFormatError("the first page's /Annots is not an array")
    new_page = {**page, Name("Annots"): [*annots, field_ref]}
    new_catalog = {**catalog, Name("AcroForm"): form_ref}
    widget = {
        Name("Type"): Name("Annot"),
        Name("Subtype"): Name("Widget"),
        Name("FT"): Name("Sig"),
        Name("T"): text_string(field_name),
        Name("V"): sig_ref,
        Name("F"): _WIDGET_FLAGS,
        Name("Rect"): [0, 0, 0, 0],
        Name("P"): page_ref,
    }

    reserved = sealer.reserved_size + (_TIMESTAMP_ROOM if sealer.timestamper else 0)
    when = (signing_time or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    sig_head = serialise(
        {
            Name("Type"): Name("Sig"),
            Name("Filter"): Name("Adobe.PPKLite"),
            Name("SubFilter"): Name("ETSI.CAdES.detached"),
            Name("Name"): text_string(sealer.common_name),
            Name("M"): Raw(when.strftime("(D:%Y%m%d%H%M%S+00'00')").encode("ascii")),
            **({Name("Reason"): text_string(reason)} if reason else {}),
        }
    )[:-2]  # the dictionary stays open for /ByteRange and /Contents
    byte_range_slot = b"[0 " + b" " * 32 + b"]"

    out = bytearray(pdf)
    if not pdf.endswith((b"\n", b"\r")):
        out += b"\n"
    offsets: dict[int, int] = {}

    offsets[sig_ref.num] = len(out)
    out += b"%d 0 obj\n" % sig_ref.num + sig_head + b"/ByteRange "
    range_at = len(out)
    out += byte_range_slot + b" /Contents "
    contents_at = len(out)
    out += b"<" + b"0" * (2 * reserved) + b"> >>\nendobj\n"
    contents_end = len(out) - len(b" >>\nendobj\n")
    for ref, value in (
        (field_ref, widget),
        (form_ref, new_form),
        (source.root, new_catalog),
        (page_ref, new_page),
    ):
        offsets[ref.num] = len(out)
        out += b"%d %d obj\n" % (ref.num, ref.gen) + serialise(value) + b"\nendobj\n"

    generations = {source.root.num: source.root.gen, page_ref.num: page_ref.gen}
    xref_at = len(out)
    out += b"xref\n"
    for run in _runs(sorted(offsets)):
        out += b"%d %d\n" % (run[0], len(run))
        for num in run:
            out += b"%010d %05d n\r\n" % (offsets[num], generations.get(num, 0))
    trailer = {
        Name("Size"): number + 3,
        Name("Root"): source.root,
        **{key: source.trailer[key] for key in (Name("Info"),) if key in source.trailer},
        Name("ID"): _document_id(source, pdf, sig_head),
        Name("Prev"): source.startxref,
    }
    out += b"trailer\n" + serialise(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at

    total = len(out)
    ranges = b"%d %d %d" % (contents_at, contents_end, total - contents_end)
    out[range_at + 3 : range_at + 3 + len(ranges)] = ranges

    view = memoryview(out)
    digest = hashlib.new(sealer.digest_algorithm, view[:contents_at])
    digest.update(view[contents_end:])
    container, signature = sealer.cms(digest.digest())
    if sealer.timestamper is not None:
        container = sealer.container(signature, digest.digest(), _timestamp(sealer, signature))
    if len(container) > reserved:
        raise SealFormatError(f"the signature ({len(container)} bytes) outgrew its room")
    encoded = container.hex().encode("ascii")
    out[contents_at + 1 : contents_at + 1 + len(encoded)] = encoded
    return bytes(out)


def _timestamp(sealer: Sealer, signature: bytes) -> bytes:
    """The unsigned attributes' content: an RFC 3161 token over the signature value."""
    imprint = hashlib.new(sealer.digest_algorithm, signature).digest()
    token = asyncio.run(sealer.timestamper.async_timestamp(imprint, sealer.digest_algorithm))
    attribute: bytes = cms.CMSAttribute(
        {"type": "signature_time_stamp_token", "values": [token]}
    ).dump()
    return attribute


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for num in numbers:
        if runs and runs[-1][-1] == num - 1:
            runs[-1].append(num)
        else:
            runs.append([num])
    return runs


def _document_id(source: PdfFile, pdf: bytes, signature_head: bytes) -> list[object]:
    """The trailer's /ID: the permanent first part kept, the second part new (ISO 32000-1
    §14.4), from the old trailer and the signature dictionary (which holds the time)."""
    seed = pdf[-1024:] + signature_head
    changing = Raw(b"<" + hashlib.md5(seed, usedforsecurity=False).hexdigest().encode() + b">")
    current = source.trailer.get(Name("ID"))
    if isinstance(current, list) and len(current) == 2 and isinstance(current[0], Raw):
        return [current[0], changing]
    return [changing, changing]


def _field_names(source: PdfFile, fields: list[object]) -> set[str]:
    names = set()
    for item in fields:
        value = source.resolve(item)
        if isinstance(value, dict) and isinstance(value.get(Name("T")), Raw):
            names.add(value[Name("T")].token.decode("latin-1"))
    return names


def _unique_name(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while text_string(candidate).token.decode("latin-1") in taken:
        n += 1
        candidate = f"{name} {n}"
    return candidate


# -- checking -----------------------------------------------------------------------------------


SealState = Literal["unsealed", "intact", "altered"]


@dataclass(frozen=True)
class SealReport:
    """What ``inspect_seal`` found.

    ``state``: ``unsealed`` (no signature at all), ``intact`` (the seal's digest and signature
    are valid and it covers the whole file), ``altered`` (anything else:
    bytes changed inside the signed range, content added after it, or a file too damaged to
    read although it carries a signature).
    """

    state: SealState
    detail: str
    signer_common_name: str | None = None
    signer_organisation: str | None = None
    signer_fingerprint: str | None = None  # SHA-256 of the signer's certificate
    trusted: bool = False
    development: bool = False
    timestamped: bool = False
    signed_at: dt.datetime | None = None
    serial: str | None = None
    signatures: int = 0

    @property
    def sealed(self) -> bool:
        return self.state != "unsealed"

    @property
    def intact(self) -> bool:
        return self.state == "intact"


def inspect_seal(pdf: bytes, trust_roots: Iterable[x509.Certificate | bytes] = ()) -> SealReport:
    """The state of the first seal in ``pdf``, checked with pyHanko's validation API.

    ``trust_roots``: the certificates (asn1crypto objects, DER or PEM bytes) whose seals count
    as trusted; with none, no seal is. Revocation is not checked (no network here): a trusted
    seal means "chains to a root you gave, within its validity period".
    """
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    looks_sealed = b"/ETSI.CAdES.detached" in pdf or b"/adbe.pkcs7.detached" in pdf
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_regular_signatures
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        if looks_sealed:
            return SealReport("altered", f"the file carries a seal but cannot be read: {error}")
        return SealReport("unsealed", f"not a readable PDF: {error}")
    if not signatures:
        if looks_sealed:
            return SealReport("altered", "the file carries a seal's data but no readable seal")
        return SealReport("unsealed", "no seal")

    first = signatures[0]
    try:
        cert = first.signer_cert
    except Exception as error:  # pyHanko raises several kinds on a damaged container
        return SealReport("altered", f"the seal's signature container is damaged: {error}")
    subject = cert.subject.native
    common_name = _last(subject.get("common_name"))
    facts: dict[str, Any] = {
        "signer_common_name": common_name,
        "signer_organisation": _last(subject.get("organization_name")),
        "signer_fingerprint": hashlib.sha256(cert.dump()).hexdigest(),
        "development": DEVELOPMENT_MARKER in (common_name or ""),
        "signatures": len(signatures),
    }
    context = ValidationContext(
        trust_roots=[_certificate(root) for root in trust_roots],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    try:
        status = validate_pdf_signature(first, signer_validation_context=context)
    except Exception as error:  # damaged container, unsupported algorithm…
        return SealReport("altered", f"the seal cannot be validated: {error}", **facts)

    facts["trusted"] = bool(status.trusted)
    facts["timestamped"] = status.timestamp_validity is not None
    facts["signed_at"] = (
        status.timestamp_validity.timestamp
        if status.timestamp_validity is not None
        else status.signer_reported_dt
    )
    facts["serial"] = _serial(reader, first.signed_revision)

    if not (status.intact and status.valid):
        return SealReport("altered", "the signed bytes do not match the seal", **facts)
    coverage = status.coverage
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return SealReport("intact", "the seal covers the whole file", **facts)
    start, length = first.byte_range[2], first.byte_range[3]
    if not pdf[start + length :].strip(b"\x00\t\n\x0c\r "):
        return SealReport("intact", "the seal covers the whole file but trailing blanks", **facts)
    level = status.modification_level
    # Strict on purpose: nothing may follow the sealed revision. pyHanko's diff analysis rates
    # some later updates as harmless (NONE, or LTA_UPDATES for a new /Info carrying another
    # serial, say) and bytes that are no revision at all as NONE; for a certificate each of
    # these makes the file something other than what was sealed. (Were the service ever to add
    # long-term validation data — a DSS, document time-stamps — this is the place to accept
    # exactly those revisions.)
    return SealReport("altered", f"changed after sealing ({_describe(coverage, level)})", **facts)


def _describe(coverage: object, level: object) -> str:
    name = getattr(level, "name", None)
    return f"coverage {getattr(coverage, 'name', coverage)}" + (
        f", modifications {name}" if name else ""
    )


def _serial(reader: object, revision: int) -> str | None:
    """``/Keywords`` of the document information dictionary as it was in the signed revision."""
    try:
        view = reader.get_historical_resolver(revision)  # type: ignore[attr-defined]
        info = view.trailer_view.raw_get("/Info")
        # resolved in the signed revision: a later update may carry another /Info
        info = view.get_object(info.reference) if hasattr(info, "reference") else info
        keywords = info.get("/Keywords") if info is not None else None
        return str(keywords).strip() or None if keywords is not None else None
    except Exception:
        return None


def _last(value: object) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value if isinstance(value, str) else None


def _certificate(value: x509.Certificate | bytes) -> x509.Certificate:
    if isinstance(value, x509.Certificate):
        return value
    if value.lstrip().startswith(b"-----BEGIN"):
        from asn1crypto import pem

        _, _, value = pem.unarmor(value)
    return x509.Certificate.load(value)
