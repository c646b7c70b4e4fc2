"""Command line: ``python -m certificates render PAYLOAD.json -o OUT.pdf``, ``samples OUTDIR``
[--png], either with ``--identity IDENTITY.json``."""

import argparse
import json
import sys
from pathlib import Path

from certificates.errors import CertificateError
from certificates.identity import Identity, load_identity
from certificates.payload import parse_payload
from certificates.pdf import render
from certificates.samples import write_samples
from certificates.templates import template_names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m certificates", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("render", help="render one certificate from a JSON payload")
    one.add_argument("payload", type=Path, help="payload JSON file (see certificates/README.md)")
    one.add_argument("-o", "--output", type=Path, required=True, help="PDF file to write")
    one.add_argument("--template", choices=template_names(), help="overrides the payload's")
    one.add_argument("--author", help="organisation named as the PDF's author")
    many = commands.add_parser("samples", help="write a sample of every design and language set")
    many.add_argument("outdir", type=Path)
    many.add_argument("--png", action="store_true", help="also a PNG of each (pypdfium2)")
    for command in (one, many):
        command.add_argument(
            "--identity", type=Path, help="identity JSON (images relative to it); default: shipped"
        )
    args = parser.parse_args(argv)
    try:
        identity = load_identity(args.identity) if args.identity else None
        if args.command == "samples":
            for path in write_samples(args.outdir, png=args.png, identity=identity):
                print(path)
            return 0
        return _render(args.payload, args.output, args.template, args.author, identity)
    except CertificateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _render(
    source: Path,
    output: Path,
    template: str | None,
    author: str | None,
    identity: Identity | None,
) -> int:
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"error: cannot read the payload {source}: {exc}", file=sys.stderr)
        return 1
    certificate = parse_payload(data)
    template = template or certificate.template
    if template is None:
        print("error: template: give it in the payload or with --template", file=sys.stderr)
        return 1
    output.write_bytes(render(certificate, template, identity=identity, author=author))
    return 0


if __name__ == "__main__":
    sys.exit(main())
