"""What sealing and credential signing add to each certificate, on one core.

    .venv/bin/python bench/sealing.py                        # print the figures
    .venv/bin/python bench/sealing.py --write-results        # and record them in RESULTS.md
    .venv/bin/python bench/sealing.py --contexts DIR         # also time eddsa-rdfc-2022

Per certificate, medians over rounds of ``--count`` different certificates (serial, holder,
URL): render alone; render + seal; seal alone (of already rendered PDFs, ``certificates.sealing``);
pyHanko's general signing path (``sign_pdf`` with an incremental writer, same key, PAdES) for
comparison; an Open Badges 3.0 credential built and signed as VC-JWT (Ed25519). With
``--contexts DIR`` (a folder holding the VC 2.0 context as ``credentials-v2.jsonld`` and the OB
3.0.3 context as ``ob-context-3.0.3.json``, served from memory, never fetched) it also times
an ``eddsa-rdfc-2022`` Data Integrity proof of the same credential with pyld — the alternative
the credential format was chosen against. The seal is the development seal: EC P-256.
"""

import argparse
import asyncio
import datetime as dt
import hashlib
import io
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, and bench/certificates.py would
# shadow the package: put the project first.
sys.path.insert(0, str(ROOT))

from certificates import CertificateData, parse_payload, render  # noqa: E402
from certificates.samples import sample_payload  # noqa: E402
from certificates.sealing import Sealer, development_sealer, seal  # noqa: E402
from service.credentials import (  # noqa: E402
    Issuer,
    IssuerKey,
    credential_for_certificate,
    credential_status,
    sign_credential,
)

DESIGNS = ("participation", "attendance", "appreciation")
NAMES = [("محمد أحمد", "Mohammed Ahmed"), ("فاطمة علي", "Fatima Ali"), ("عمر يوسف", "Omar Youssef")]


def payloads(count: int, first: int) -> list[tuple[CertificateData, str]]:
    made = []
    for i in range(first, first + count):
        design = DESIGNS[i % len(DESIGNS)]
        payload = sample_payload(design, ("ar", "en") if i % 2 else ("ar", "fr"))
        ar, latin = NAMES[i % len(NAMES)]
        payload["holder"] = {"name": {"ar": f"{ar} {i}", "en": f"{latin} {i}", "fr": latin}}
        payload["serial"] = f"SES-2025-{i:06d}"
        payload["verification_url"] = f"https://tadrib.example.org/verify/SES-2025-{i:06d}"
        made.append((parse_payload(payload), design))
    return made


def per_item(work: Callable[[Any], object], items: list[Any]) -> float:
    """Mean milliseconds of this process's CPU time per item: on a machine shared with other
    work, time spent waiting for the core is left out (wall-clock figures drifted 2-6× here)."""
    start = time.process_time()
    for item in items:
        work(item)
    return (time.process_time() - start) * 1000 / len(items)


def pyhanko_general(sealer: Sealer) -> Callable[[bytes], bytes]:
    """pyHanko's ordinary path: open the PDF with its incremental writer, sign, write."""
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key = keys.PrivateKeyInfo.load(
        sealer.private_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    signer = signers.SimpleSigner(
        signing_cert=sealer.certificate,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([sealer.certificate]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name="Seal", subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256"
    )

    def sign(pdf: bytes) -> bytes:
        out = io.BytesIO()
        signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer, output=out)
        return out.getvalue()

    return sign


def data_integrity(contexts: Path, key: IssuerKey, issuer: Issuer) -> Callable[[dict], dict]:
    """An eddsa-rdfc-2022 proof (VC-DI-EDDSA §3.2): RDFC-1.0 canonical N-Quads of the proof
    options and of the credential, SHA-256 of each, one Ed25519 signature over both."""
    from pyld import jsonld

    documents = {
        "https://www.w3.org/ns/credentials/v2": json.loads(
            (contexts / "credentials-v2.jsonld").read_text(encoding="utf-8")
        ),
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": json.loads(
            (contexts / "ob-context-3.0.3.json").read_text(encoding="utf-8")
        ),
    }

    def loader(url: str, options: dict | None = None) -> dict:
        return {"contextUrl": None, "documentUrl": url, "document": documents[url]}

    jsonld.set_document_loader(loader)
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

    def base58(data: bytes) -> str:
        n, out = int.from_bytes(data, "big"), ""
        while n:
            n, r = divmod(n, 58)
            out = alphabet[r] + out
        return out

    def canonical(document: dict) -> bytes:
        return jsonld.normalize(
            document, {"algorithm": "URDNA2015", "format": "application/n-quads"}
        ).encode()

    def prove(credential: dict) -> dict:
        options = {
            "@context": credential["@context"],
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2025-09-03T00:00:00Z",
            "verificationMethod": issuer.key_url,
            "proofPurpose": "assertionMethod",
        }
        digest = hashlib.sha256(canonical(options)).digest()
        digest += hashlib.sha256(canonical(credential)).digest()
        proof = {k: v for k, v in options.items() if k != "@context"}
        proof["proofValue"] = "z" + base58(key.sign(digest))
        return {**credential, "proof": proof}

    return prove


def results(args: argparse.Namespace) -> str:
    folder = Path(tempfile.mkdtemp(prefix="bench-seal-"))
    sealer = development_sealer(folder / "seal", organisation="SESRIC")
    key = IssuerKey.development_key(folder / "credentials")
    issuer = Issuer("https://tadrib.example.org", "SESRIC", key)
    general = pyhanko_general(sealer)
    prove = data_integrity(args.contexts, key, issuer) if args.contexts else None

    def credential(item: tuple[CertificateData, str]) -> str:
        certificate, design = item
        status = credential_status(issuer, "2025-a", int(certificate.serial[-6:]))
        made = credential_for_certificate(
            issuer,
            certificate,
            design,
            email=f"holder{certificate.serial[-6:]}@example.org",
            achievement_key=f"t1-{design}",
            credential_status=status,
        )
        return sign_credential(made, issuer)

    rows: dict[str, list[float]] = {}
    ratios: dict[str, list[float]] = {}
    sizes: dict[str, float] = {}
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for round_number in range(args.rounds):
        items = payloads(args.count, round_number * args.count)
        pdfs = [render(c, d) for c, d in items]
        sealed = [seal(pdf, sealer) for pdf in pdfs[:5]]
        sizes["render"] = statistics.mean(len(p) for p in pdfs) / 1024
        sizes["sealed"] = statistics.mean(len(p) for p in sealed) / 1024
        figures = {
            "render": per_item(lambda it: render(*it), items),
            "render + seal": per_item(lambda it: seal(render(*it), sealer), items),
            "seal only": per_item(lambda pdf: seal(pdf, sealer), pdfs),
            "pyHanko general path (seal only)": per_item(general, pdfs[: args.general_count]),
            "credential: build + sign VC-JWT": per_item(credential, items),
        }
        if prove is not None:
            creds = [
                credential_for_certificate(
                    issuer, c, d, email="x@example.org", achievement_key="t1", salt="s"
                )
                for c, d in items[: args.di_count]
            ]
            figures["credential: eddsa-rdfc-2022 proof only"] = per_item(prove, creds)
        for name, value in figures.items():
            rows.setdefault(name, []).append(value)
        # ratios within a round hold steadier than the figures when the machine's speed drifts
        round_ratios = {
            "seal / render": figures["seal only"] / figures["render"],
            "pyHanko general / seal": figures["pyHanko general path (seal only)"]
            / figures["seal only"],
        }
        if prove is not None:
            round_ratios["eddsa-rdfc-2022 / VC-JWT"] = (
                figures["credential: eddsa-rdfc-2022 proof only"]
                / figures["credential: build + sign VC-JWT"]
            )
        for name, value in round_ratios.items():
            ratios.setdefault(name, []).append(value)
        print(
            f"round {round_number + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in figures.items()),
            file=sys.stderr,
        )

    median = {name: statistics.median(values) for name, values in rows.items()}
    ratio = {name: statistics.median(values) for name, values in ratios.items()}
    render_ms = median["render"]
    seal_ms = median["seal only"]
    cred_ms = median["credential: build + sign VC-JWT"]
    lines = [
        "## Sealing and credentials",
        "",
        f"Command: `{' '.join(['.venv/bin/python', 'bench/sealing.py', *sys.argv[1:]])}`",
        "",
        f"One process pinned to one core (CPython {platform.python_version()}, 2-core machine, "
        f"load average {load:.1f} at the start), {dt.date.today().isoformat()}; CPU time of the "
        f"process, not wall time. {args.rounds} rounds of {args.count} different "
        f"certificates (designs and language pairs rotate); pyHanko's general path on the first "
        f"{args.general_count} PDFs of each round"
        + (
            f", eddsa-rdfc-2022 on the first {args.di_count} (``--contexts``: a folder with the "
            "W3C VC 2.0 and the OB 3.0.3 JSON-LD contexts as published, kept out of the "
            "repository)"
            if prove
            else ""
        )
        + ". Medians of the rounds' means. Seal: the development seal (EC P-256, ECDSA-SHA256), "
        "PAdES B-B.",
        "",
        "| per certificate | ms |",
        "| --- | ---: |",
        *(f"| {name} | {value:.2f} |" for name, value in median.items()),
        "",
        f"- Sealing adds **{seal_ms:.2f} ms** to a {render_ms:.2f} ms render "
        f"({ratio['seal / render']:.0%} of it, median of the rounds' ratios).",
        f"- The one-pass sealer is **{ratio['pyHanko general / seal']:.0f}×** faster than "
        f"pyHanko's general signing path ({median['pyHanko general path (seal only)']:.1f} ms).",
        f"- The seal adds {sizes['sealed'] - sizes['render']:.1f} KB "
        f"({sizes['render']:.1f} → {sizes['sealed']:.1f} KB).",
        f"- Credential (build + VC-JWT): **{cred_ms:.3f} ms**.",
    ]
    if prove is not None:
        di = median["credential: eddsa-rdfc-2022 proof only"]
        lines.append(
            f"- eddsa-rdfc-2022 (pyld RDFC-1.0, contexts in memory): {di:.1f} ms per credential, "
            f"{ratio['eddsa-rdfc-2022 / VC-JWT']:.0f}× the VC-JWT; for 10,000 credentials "
            f"{di * 10:.0f} s of CPU against {cred_ms * 10:.1f} s."
        )
    total = (seal_ms + cred_ms) * 10_000 / 1000
    lines += [
        f"- For 10,000 certificates: seal + credential = {total:.1f} s of CPU, "
        f"{total / 2:.1f} s of wall time on two cores, to add to the issuance figures above "
        "(budget: 10,000 certificates in 120 s).",
    ]
    return "\n".join(lines) + "\n"


def write_results(section: str) -> Path:
    """Replace (or add) the ``## Sealing and credentials`` section of bench/RESULTS.md."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(r"^## Sealing and credentials\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300, help="certificates per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--general-count", type=int, default=30, help="pyHanko general path")
    parser.add_argument("--contexts", type=Path, help="folder with the JSON-LD contexts")
    parser.add_argument("--di-count", type=int, default=20, help="eddsa-rdfc-2022 proofs")
    parser.add_argument("--cpu", type=int, default=0, help="the core to pin the process to")
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    asyncio.set_event_loop(asyncio.new_event_loop())
    section = results(args)
    print(section)
    if args.write_results:
        print(f"written to {write_results(section)}")


if __name__ == "__main__":
    main()
