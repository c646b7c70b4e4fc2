"""``python -m certificates``: render a payload file, write the samples, fail with the field."""

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

from pdf_lines import payload, text_lines
from PIL import Image
from pypdf import PdfReader

from certificates import template_names
from certificates.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m certificates …`` in a process of its own: the entry point itself."""
    return subprocess.run(
        [sys.executable, "-m", "certificates", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The same command in this process (a process of its own would prove nothing more)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_render(tmp_path: Path):
    out = tmp_path / "out.pdf"
    result = run_module("render", str(write(tmp_path, payload())), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Certificate of Participation" in [line.text for line in text_lines(out.read_bytes())]


def test_template_option_overrides_the_payload(tmp_path: Path):
    out = tmp_path / "out.pdf"
    result = run(
        "render", str(write(tmp_path, payload())), "-o", str(out), "--template", "attendance"
    )
    assert result.returncode == 0, result.stderr
    lines = [line.text for line in text_lines(out.read_bytes(), "left")]
    assert "Certificate of Attendance" in lines
    assert "Sessions attended: 5 of 6 · Hours: 12" in lines


def test_invalid_payload_exits_non_zero_naming_the_field(tmp_path: Path):
    data = payload(languages=["ar", "fr"])
    del data["training"]["venue"]["fr"]
    out = tmp_path / "out.pdf"
    result = run("render", str(write(tmp_path, data)), "-o", str(out))
    assert result.returncode == 1
    assert "training.venue.fr" in result.stderr
    assert not out.exists()


def test_missing_glyph_exits_non_zero_naming_character_and_field(tmp_path: Path):
    data = payload()
    data["holder"]["name"]["en"] = "Олег Петров"
    result = run("render", str(write(tmp_path, data)), "-o", str(tmp_path / "out.pdf"))
    assert result.returncode == 1
    assert "holder.name.en" in result.stderr and "U+041E" in result.stderr


def test_unreadable_payload(tmp_path: Path):
    path = tmp_path / "payload.json"
    path.write_text("{not json", encoding="utf-8")
    result = run("render", str(path), "-o", str(tmp_path / "out.pdf"))
    assert result.returncode == 1 and "payload.json" in result.stderr


def test_samples(tmp_path: Path):
    result = run("samples", str(tmp_path), "--png")
    assert result.returncode == 0, result.stderr
    written = sorted(path.name for path in tmp_path.glob("*.pdf"))
    sets = ("ar-en", "ar-fr", "ar", "en", "fr", "ar-en-long", "ar-en-limits")
    expected = [f"{t}-{s}.pdf" for t in template_names() for s in sets]
    expected += ["appreciation-ar-en-woman-expert.pdf", "appreciation-ar-fr-woman-expert.pdf"]
    assert written == sorted(expected)
    for path in tmp_path.glob("*.pdf"):
        assert len(PdfReader(path).pages) == 1
        with Image.open(path.with_suffix(".png")) as png:  # a PNG beside each, for designers
            assert png.size[0] > png.size[1] > 500
