"""Certificates per second on one core, KB per certificate, and how that compares with
(a) the same design drawn by plain ReportLab with no Arabic processing (logical text, no
reshaping, no bidi, no wrapping or fitting) and (b) the same design made by WeasyPrint from HTML.

    .venv/bin/python bench/certificates.py                    # print the figures
    .venv/bin/python bench/certificates.py --write-results    # and record them in RESULTS.md

Every certificate is different (holder names, serial numbers, URLs), in batches of 60 per
training as a centre issues them at the end of a workshop; the trainings, designs and language
pairs rotate. WeasyPrint (the ``bench`` extra) is timed on fewer renders: it is an order of
magnitude slower. On a virtual machine, rounds during which the host lent the CPU to other
guests (steal time) are run again, up to ``--max-rounds``.
"""

import argparse
import html
import io
import math
import os
import platform
import random
import re
import statistics
import string
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fontpkg_amiri
import segno
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, and this file is named
# certificates.py too: put the project first so that `certificates` is the package.
sys.path.insert(0, str(ROOT))

from certificates import CertificateData, parse_payload, qr, render  # noqa: E402
from certificates.content import values  # noqa: E402
from certificates.layout import lay_out  # noqa: E402
from certificates.pdf import decoration  # noqa: E402
from certificates.samples import sample_payload  # noqa: E402
from certificates.templates import Panel, load_template  # noqa: E402

BATCH = 60
FIRST = [
    ("محمد", "Mohammed"),
    ("فاطمة", "Fatima"),
    ("أحمد", "Ahmed"),
    ("عائشة", "Aisha"),
    ("يوسف", "Youssef"),
    ("مريم", "Maryam"),
    ("عمر", "Omar"),
    ("خديجة", "Khadija"),
    ("إبراهيم", "Ibrahim"),
    ("زينب", "Zainab"),
    ("خالد", "Khaled"),
    ("نور", "Nour"),
]
MIDDLE = [
    ("عبد الله", "Abdullah"),
    ("حسن", "Hassan"),
    ("علي", "Ali"),
    ("سعيد", "Said"),
    ("كريم", "Karim"),
    ("مصطفى", "Mustafa"),
    ("سليمان", "Suleiman"),
    ("رشيد", "Rachid"),
    ("جمال", "Jamal"),
    ("طارق", "Tariq"),
    ("ناصر", "Nasser"),
    ("منير", "Mounir"),
]
FAMILY = [
    ("الأحمد", "Al-Ahmad"),
    ("بن علي", "Benali"),
    ("الحسيني", "Al-Husseini"),
    ("انداي", "Ndiaye"),
    ("يلماز", "Yılmaz"),
    ("الفاسي", "El Fassi"),
    ("رحمن", "Rahman"),
    ("الشامي", "Al-Shami"),
    ("قاسم", "Qasim"),
    ("التونسي", "Ettounsi"),
]
TRAININGS: list[dict[str, Any]] = [
    {},  # the Dakar workshop of certificates/samples.json
    {
        "title": {
            "ar": "الدبلوماسية الرقمية لصالح الدبلوماسيين المبتدئين في منظمة التعاون الإسلامي",
            "en": "Digital Diplomacy for OIC Junior Diplomats",
            "fr": "La diplomatie numérique pour les jeunes diplomates de l'OCI",
        },
        "kind": "training_course",
        "modality": "virtual",
        "venue": None,
        "starts_on": "2020-09-14",
        "ends_on": "2020-09-17",
        "programme": None,
        "partners": [
            {
                "ar": "الأكاديمية الدبلوماسية التابعة لوزارة الشؤون الخارجية التركية",
                "en": "Diplomacy Academy of the Ministry of Foreign Affairs of Türkiye",
                "fr": "Académie diplomatique du ministère des Affaires étrangères de Türkiye",
            }
        ],
    },
    {
        "title": {
            "ar": "الدورة التدريبية حول الإحصاءات النقدية والمالية في إطار برنامج StatCaB",
            "en": "Training Course on Monetary and Financial Statistics under StatCaB",
            "fr": "Cours de formation sur les statistiques monétaires et financières (StatCaB)",
        },
        "kind": "training_course",
        "modality": "hybrid",
        "venue": {"ar": "أنقرة، تركيا", "en": "Ankara, Türkiye", "fr": "Ankara, Türkiye"},
        "starts_on": "2025-10-28",
        "ends_on": "2025-11-02",
    },
]
TEMPLATES = ("participation", "attendance", "appreciation")
PAIRS = (("ar", "en"), ("ar", "fr"))


ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def new_words(i: int) -> dict[str, str]:
    """A name of three words that no other certificate uses, in both scripts."""
    rng = random.Random(i)

    def word(letters: str) -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(4, 7)))

    return {
        "ar": " ".join(word(ARABIC_LETTERS) for _ in range(3)),
        "en": " ".join(word(string.ascii_lowercase).capitalize() for _ in range(3)),
    }


def payloads(count: int, *, first: int = 0, unseen_names: bool = False) -> list[CertificateData]:
    """``count`` different certificates, numbered from ``first``, in batches of 60 per training;
    ``unseen_names``: every name made of words no other certificate has (names otherwise share
    words, as real ones do)."""
    certificates = []
    for i in range(first, first + count):
        batch = i // BATCH
        template = TEMPLATES[batch % len(TEMPLATES)]
        payload = sample_payload(template, PAIRS[batch % len(PAIRS)])
        payload["training"].update(TRAININGS[batch % len(TRAININGS)])
        given, middle, family = (
            FIRST[i % 12],
            MIDDLE[(i // 12) % 12],
            FAMILY[(i // 144 + i) % 10],
        )
        name = {"en": f"{given[1]} {middle[1]} {family[1]}"}
        if i % 7:  # one in seven has no Arabic spelling: the Latin one stands in
            name["ar"] = f"{given[0]} {middle[0]} {family[0]}"
        payload["holder"] = {"name": new_words(i) if unseen_names else name}
        payload["serial"] = f"SES-{2025 + batch % 2}-{i:06d}"
        payload["verification_url"] = f"https://tadrib.example.org/verify/{payload['serial']}"
        if template == "attendance":
            payload["attendance"] = {
                "sessions_attended": 4 + i % 3,
                "sessions_total": 6,
                "hours": 12 + (i % 3) * 1.5,
            }
        certificates.append(parse_payload(payload))
    return certificates


def engine(certificate: CertificateData) -> bytes:
    return render(certificate, certificate.template or "participation")


class PlainReportLab:
    """The same design drawn the way a plain ReportLab program would: registered TrueType fonts
    and drawString calls on the logical text at the design's places — no reshaping, no bidi, no
    wrapping or fitting. Decoration and QR code are drawn as the engine draws them."""

    def __init__(self) -> None:
        files = fontpkg_amiri.ROOT / "files"
        for name, file in (("Plain-Regular", "Amiri-Regular"), ("Plain-Bold", "Amiri-Bold")):
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(files / f"{file}.ttf")))

    def __call__(self, certificate: CertificateData) -> bytes:
        template = certificate.template or "participation"
        design = load_template(template)
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=design.page.dimensions, pageCompression=1)
        canvas.addLiteral(decoration(template, "pair"))
        for lang in certificate.languages:
            panel = design.panels.arabic if lang == "ar" else design.panels.latin
            found = {k: v.text for k, v in values(certificate, design, lang).items() if v}
            right = lang == "ar"
            y = design.body.top
            for row in design.rows:
                if all(key in found for key in row.keys[lang]):
                    y -= row.space_before + row.size * row.leading
                    text = row.text_for(lang).format_map(found)
                    self._text(canvas, row.font, row.size, text, panel, y, right)
            footer_y = design.footer.y - (0 if right else 10)
            for line in design.footer.lines:
                text = line.text_for(lang).format_map(found)
                self._text(canvas, line.font, line.size, text, panel, footer_y, right)
            signatories = design.signatories
            slots = signatories.slots[len(certificate.signatories)]
            for centre, signatory in zip(slots, certificate.signatories, strict=True):
                y = signatories.y - signatories.gap - (0 if right else 30)
                for style, text in (
                    (signatories.name, signatory.name.get(lang) or signatory.name.latin()),
                    (signatories.title, signatory.title.get(lang)),
                ):
                    canvas.setFont(_plain(style.font), style.size)
                    canvas.drawCentredString(centre, y, text or "")
                    y -= style.size * style.leading
        found = {k: v.text for k, v in values(certificate, design, "en").items() if v}
        for block in design.blocks:
            canvas.setFont(_plain(block.font), block.size)
            text = block.text_for("en").format_map(found)
            canvas.drawCentredString(block.x + block.width / 2, block.y, text)
        qr.draw(canvas, design, certificate.verification_url, design.rgb())
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    @staticmethod
    def _text(
        canvas: Canvas, font: str, size: float, text: str, panel: Panel, y: float, right: bool
    ) -> None:
        canvas.setFont(_plain(font), size)
        if right:
            canvas.drawRightString(panel.x + panel.width, y, text)
        else:
            canvas.drawString(panel.x, y, text)


def _plain(font: str) -> str:
    return "Plain-Bold" if font == "bold" else "Plain-Regular"


class WeasyPrint:
    """The same design as HTML and CSS (fonts embedded, HarfBuzz shaping, CSS bidi)."""

    def __init__(self) -> None:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        self.html_class = HTML
        self.fonts = FontConfiguration()
        files = fontpkg_amiri.ROOT / "files"
        self.css = CSS(
            string=f"""
            @font-face {{ font-family: Amiri; src: url({(files / "Amiri-Regular.ttf").as_uri()}); }}
            @font-face {{ font-family: Amiri; font-weight: bold;
                          src: url({(files / "Amiri-Bold.ttf").as_uri()}); }}
            @page {{ size: A4 landscape; margin: 0; background: #fbf8f1; }}
            body {{ font-family: Amiri; color: #1f2a33; margin: 0; }}
            .frame {{ position: absolute; left: 20pt; top: 21pt; width: 797pt; height: 550pt;
                      border: 2.5pt solid #0d5c4a; }}
            .inner {{ position: absolute; left: 28pt; top: 29pt; width: 785pt; height: 538pt;
                      border: 0.8pt solid #b08d3c; }}
            .emblem {{ position: absolute; left: 397pt; top: 40pt; width: 48pt; }}
            .panel {{ position: absolute; top: 110pt; width: 338pt; }}
            .ar {{ left: 444pt; direction: rtl; text-align: right; font-size: 14pt; }}
            .latin {{ left: 60pt; text-align: left; font-size: 12.5pt; }}
            h1 {{ color: #0d5c4a; font-size: 26pt; margin: 0 0 6pt; }}
            .name {{ font-size: 24pt; font-weight: bold; margin: 4pt 0; }}
            .title {{ color: #0d5c4a; font-size: 16.5pt; font-weight: bold; margin: 2pt 0 6pt; }}
            .muted {{ color: #4f5b66; }}
            .signatories {{ position: absolute; top: 443pt; left: 52pt; width: 738pt; }}
            .sig {{ display: inline-block; width: 230pt; text-align: center; font-size: 9pt;
                    border-top: 0.6pt solid #b08d3c; margin-right: 24pt; }}
            .qr {{ position: absolute; left: 385pt; top: 437pt; width: 72pt; }}
            .url {{ position: absolute; left: 271pt; top: 517pt; width: 300pt;
                    text-align: center; font-size: 7.5pt; }}
        """
        )
        tips = ((24 if k % 2 == 0 else 18, math.pi * k / 8) for k in range(16))
        points = " ".join(f"{r * math.cos(a):.2f},{r * math.sin(a):.2f}" for r, a in tips)
        self.star = (
            '<svg class="emblem" viewBox="-24 -24 48 48">'
            f'<polygon fill="#0d5c4a" points="{points}"/></svg>'
        )

    def __call__(self, certificate: CertificateData) -> bytes:
        design = load_template(certificate.template or "participation")
        panels = []
        for lang in certificate.languages:
            found = values(certificate, design, lang)
            texts = [
                block.text_for(lang).format_map({k: v.text for k, v in found.items() if v})
                for block in design.rows
                if all(found[key] is not None for key in block.keys[lang])
            ]
            css = "ar" if lang == "ar" else "latin"
            heading, awarded, name, reason, title, *rest = map(html.escape, texts)
            panels.append(
                f'<div class="panel {css}" lang="{lang}"><h1>{heading}</h1>'
                f'<div class="muted">{awarded}</div><div class="name">{name}</div>'
                f'<div class="muted">{reason}</div><div class="title">{title}</div>'
                + "".join(f"<div>{line}</div>" for line in rest)
                + "</div>"
            )
        signatures = "".join(
            '<div class="sig">'
            + "".join(
                f'<div lang="{lang}">{html.escape(s.name.get(lang) or s.name.latin() or "")}'
                f"<br>{html.escape(s.title.get(lang) or '')}</div>"
                for lang in certificate.languages
            )
            + "</div>"
            for s in certificate.signatories
        )
        code = segno.make_qr(certificate.verification_url, error="m", mask=0)
        page = (
            '<html><body><div class="frame"></div><div class="inner"></div>'
            f'{self.star}{"".join(panels)}<div class="signatories">{signatures}</div>'
            f'<img class="qr" src="{code.svg_data_uri(border=0)}">'
            f'<div class="url">{html.escape(certificate.verification_url)}</div></body></html>'
        )
        return self.html_class(string=page).write_pdf(
            stylesheets=[self.css], font_config=self.fonts
        )


def measure(
    make: Callable[[CertificateData], bytes], certificates: list[CertificateData]
) -> tuple[float, float]:
    """(certificates per second, mean KB) over ``certificates``."""
    sizes = 0
    start = time.perf_counter()
    for certificate in certificates:
        sizes += len(make(certificate))
    elapsed = time.perf_counter() - start
    return len(certificates) / elapsed, sizes / len(certificates) / 1024


def cpu_ticks(core: int) -> tuple[int, int]:
    """(all, stolen) CPU time of ``core`` so far, in ticks, from Linux's /proc/stat: on a
    virtual machine the hypervisor may hand the CPU to other guests (steal time)."""
    try:
        lines = Path("/proc/stat").read_text().splitlines()
    except OSError:
        return 0, 0
    for line in lines:
        name, *fields = line.split()
        if name == f"cpu{core}":
            ticks = [int(field) for field in fields[:8]]
            return sum(ticks), ticks[7]
    return 0, 0


def stolen_share(before: tuple[int, int], after: tuple[int, int]) -> float:
    total, stolen = after[0] - before[0], after[1] - before[1]
    return stolen / total if total else 0.0


@dataclass(frozen=True)
class Round:
    """One round: the rates (certificates/s) and mean sizes (KB) of each renderer on the same
    ``count`` new certificates, and the share of CPU time the hypervisor took meanwhile."""

    engine: tuple[float, float]
    unseen: tuple[float, float]
    plain: tuple[float, float]
    steal: float

    @property
    def quiet(self) -> bool:
        return self.steal < QUIET


#: A round counts when the hypervisor gave other guests under 5 % of the CPU time meanwhile.
QUIET = 0.05


def run_rounds(
    plain: PlainReportLab, core: int, count: int, rounds: int, max_rounds: int
) -> list[Round]:
    """Engine (common and unseen names) and plain ReportLab take turns on ``count`` new
    certificates per round, until ``rounds`` rounds were quiet or ``max_rounds`` were run."""
    done: list[Round] = []
    while sum(r.quiet for r in done) < rounds and len(done) < max_rounds:
        first = len(done) * count
        certificates = payloads(count, first=first)
        unseen = payloads(count, first=first, unseen_names=True)
        ticks = cpu_ticks(core)
        engine_figures = measure(engine, certificates)
        unseen_figures = measure(engine, unseen)
        plain_figures = measure(plain, certificates)
        steal = stolen_share(ticks, cpu_ticks(core))
        done.append(Round(engine_figures, unseen_figures, plain_figures, steal))
    return done


def results(core: int, count: int, rounds: int, max_rounds: int, weasy_count: int) -> str:
    """The median of the quiet rounds (of all of them if none was quiet)."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    plain = PlainReportLab()
    warm_up = payloads(2)
    for certificate in warm_up:  # fonts registered, designs parsed
        engine(certificate), plain(certificate)
    done = run_rounds(plain, core, count, rounds, max_rounds)
    counted = [r for r in done if r.quiet] or done
    rate, size = statistics.median_low([r.engine for r in counted])
    unseen_rate, unseen_size = statistics.median_low([r.unseen for r in counted])
    plain_rate, plain_size = statistics.median_low([r.plain for r in counted])
    ratio = statistics.median_low(r.engine[0] / r.plain[0] for r in counted)
    weasy = WeasyPrint()
    weasy(warm_up[0])
    weasy_rate, weasy_size = measure(weasy, payloads(weasy_count))
    listing = "; ".join(
        f"{r.engine[0]:.0f} / {r.plain[0]:.0f} ({r.steal:.0%} stolen"
        f"{'' if r.quiet or counted is done else ', left out'})"
        for r in done
    )
    layout_ms, qr_ms = breakdown(payloads(count, first=len(done) * count))
    pdf_ms = 1000 / rate - layout_ms - qr_ms
    accelerated = "with rl_accel" if _rl_accel() else "pure-Python ReportLab (no rl_accel)"
    rows = [
        ("this engine", count, rate, size),
        ("this engine, every name's words new", count, unseen_rate, unseen_size),
        ("(a) plain ReportLab, no Arabic processing", count, plain_rate, plain_size),
        ("(b) WeasyPrint from HTML", weasy_count, weasy_rate, weasy_size),
    ]
    table = "\n".join(
        f"| {what} | {n} | {r:.0f} | {1000 / r:.1f} | {kb:.1f} |" for what, n, r, kb in rows
    )
    command = (
        f".venv/bin/python bench/certificates.py --count {count} --rounds {rounds} "
        f"--max-rounds {max_rounds} --weasyprint-count {weasy_count} --write-results"
    )
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {accelerated}, "
        f"{os.cpu_count()}-core machine, load average {load:.1f} at the start"
    )
    return f"""## Certificates

Command: `{command}`
One process pinned to one core ({machine}). Rounds of {count} renders by each renderer but
WeasyPrint, every certificate different (holder's name, serial number, URL), in batches of
{BATCH} per training; trainings, designs (participation, attendance, appreciation) and language
pairs (ar+en, ar+fr) rotate. The machine is a virtual one whose host lends its CPUs to other
guests at times (steal time, read from /proc/stat): a round counts when under {QUIET:.0%} of the
core's time was stolen meanwhile, and rounds go on until {rounds} did (at most {max_rounds}). The
figures are the median of the {len(counted)} counted rounds out of {len(done)}. Each round, engine
/ plain ReportLab certificates/s: {listing}.

| renderer | renders | certificates/s | ms each | KB each |
| --- | ---: | ---: | ---: | ---: |
{table}

- Names: in the first row they are made of 34 common words (12 first names, 12 middle, 10
  family names, in both scripts), as real names share words; in the second every name is three
  random words no other certificate has, so nothing about it is cached — the worst case.
- Ratio to (a) plain ReportLab: **{ratio:.2f}×** its rate (median of the rounds' ratios: the
  two alternate, so the ratio holds steadier than either rate when the machine's speed drifts).
- Ratio to (b) WeasyPrint: **{rate / weasy_rate:.1f}×** its rate.
- Targets: ≥ 200 certificates/s — {_verdict(rate >= 200)}; ≤ 50 KB — {_verdict(size <= 50)};
  ≥ 5× WeasyPrint — {_verdict(rate >= 5 * weasy_rate)}.

Where an engine certificate's {1000 / rate:.1f} ms go (layout and QR timed apart on
{count} further certificates): layout — text composed, shaped, wrapped, fitted and reordered;
for a batch, everything but the holder's name and the footer is laid out once — {layout_ms:.1f} ms;
QR code (zxing-cpp encoding and the operators drawing it) {qr_ms:.1f} ms; the rest of the PDF
{pdf_ms:.1f} ms: the certificate's own font subset (the holder's letters the shared text lacks:
ReportLab subsets the TrueType font, zlib compresses it), its text operators, the compressed
content stream and the file's own objects (fonts dictionary, information, cross-reference table,
trailer). What a batch shares (catalog, page, the form XObject with the decoration, identity
images and shared text, the shared font subsets) is written once as bytes and copied.
"""


def breakdown(certificates: list[CertificateData]) -> tuple[float, float]:
    """Milliseconds per certificate in layout and in the QR code (encoding and operators)."""
    start = time.perf_counter()
    for certificate in certificates:
        lay_out(certificate, load_template(certificate.template or "participation"))
    layout = time.perf_counter() - start
    start = time.perf_counter()
    for certificate in certificates:
        design = load_template(certificate.template or "participation")
        qr.ops(design, certificate.verification_url, design.rgb())
    encoding = time.perf_counter() - start
    return layout * 1000 / len(certificates), encoding * 1000 / len(certificates)


def _verdict(met: bool) -> str:
    return "met" if met else "**not met**"


def _rl_accel() -> bool:
    from reportlab.lib import rl_accel

    return getattr(rl_accel.fp_str, "__module__", "") != rl_accel.__name__


def write_results(section: str) -> Path:
    """Replace (or add) the ``## Certificates`` section of bench/RESULTS.md."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(r"^## Certificates\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=600, help="renders per round (≥ 500)")
    parser.add_argument("--rounds", type=int, default=3, help="quiet rounds wanted")
    parser.add_argument("--max-rounds", type=int, default=15)
    parser.add_argument("--weasyprint-count", type=int, default=30)
    parser.add_argument("--cpu", type=int, default=0, help="the core to pin the process to")
    parser.add_argument("--write-results", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    section = results(args.cpu, args.count, args.rounds, args.max_rounds, args.weasyprint_count)
    print(section)
    if args.write_results:
        print(f"written to {write_results(section)}")


if __name__ == "__main__":
    main()
