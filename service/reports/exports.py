"""Exports: the period's tables and, per training, its registrations, attendance per session,
certificates and (anonymous) evaluation answers — as XLSX or CSV, headers in the caller's
language, Arabic kept as it is.

Streamed: per-training rows are read from the database in batches (``yield_per``) and written
as they come, CSV straight to the response, XLSX through openpyxl's write-only mode into a
temporary file that is then sent in chunks and deleted; 10,000 rows never sit in memory at once.

Formula injection: a text cell that starts like a formula (=, +, -, @, tab, carriage return, or
their full-width forms) is neutralised — in CSV by a leading apostrophe (OWASP's advice), in
XLSX by storing it as text with the "quote prefix" style, so it shows exactly as typed and is
never evaluated, even after editing.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from typing import Any

from flask import Response, stream_with_context
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from sqlalchemy import select

from service.attendance.models import Attendance, AttendanceSummary
from service.certification.models import Certificate
from service.core.db import db
from service.core.i18n import country_name, pick
from service.evaluation.models import Answer
from service.evaluation.models import Response as SurveyResponse
from service.evaluation.questionnaire import questions_of
from service.evaluation.questions import QuestionKind
from service.questions.definitions import AnswerKind
from service.questions.models import RegistrationAnswer, TrainingQuestion
from service.questions.operations import stored_questions
from service.registrations.models import Registration
from service.reports.labels import ANNUAL_TABLES, DESIGNS, TRAINING_TABLES, H
from service.reports.statistics import Statistics
from service.trainings.display import session_labels
from service.trainings.labels import KINDS, MODALITIES
from service.trainings.models import CertificateTemplate, Kind, Modality, Training

Cell = str | int | float | date | datetime | None
BATCH = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    headers: list[str]
    rows: Iterable[Sequence[Cell]]


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Cell) -> Cell:
    """A CSV cell that a spreadsheet cannot take for a formula: ``'=HYPERLINK("x")``."""
    return f"'{value}" if looks_like_formula(value) else value


def csv_chunks(table: Table) -> Iterator[bytes]:
    """UTF-8 with a byte order mark (so spreadsheets read Arabic right), CRLF, every row as it
    comes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff".encode()
    writer.writerow([neutralise(h) for h in table.headers])
    for count, row in enumerate(table.rows, 1):
        writer.writerow([neutralise(_plain(cell)) for cell in row])
        if count % BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _plain(cell: Cell) -> Cell:
    if isinstance(cell, datetime):
        return cell.isoformat(timespec="seconds")
    if isinstance(cell, date):
        return cell.isoformat()
    return cell


def write_xlsx(tables: list[Table]) -> str:
    """The workbook, one sheet per table, written to a temporary file (its path)."""
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=_sheet_title(table.title))
        bold = Font(bold=True)
        header = []
        for text in table.headers:
            cell = _xlsx_cell(sheet, text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    handle, path = tempfile.mkstemp(prefix="tadrib-export-", suffix=".xlsx")
    os.close(handle)
    workbook.save(path)
    return path


def _sheet_title(title: str) -> str:
    """Sheet names: at most 31 characters, none of []:*?/\\."""
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31]


def _xlsx_cell(sheet: Any, value: Cell) -> Any:
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None)  # Excel has no time zones: UTC, as stored
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True
    return cell


def file_chunks(path: str, size: int = 64 * 1024) -> Iterator[bytes]:
    """The file's bytes in chunks; the file is deleted once sent (or abandoned)."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(size):
                yield chunk
    finally:
        os.unlink(path)


def attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def xlsx_response(tables: list[Table], name: str) -> Response:
    """The workbook, written before the response starts (its rows streamed from the database
    into a temporary file), then sent in chunks."""
    return Response(file_chunks(write_xlsx(tables)), mimetype=XLSX, headers=attachment(name))


def csv_response(table: Table, name: str) -> Response:
    """The CSV, written while it is sent (the request's context and session stay open)."""
    return Response(stream_with_context(csv_chunks(table)), mimetype=CSV, headers=attachment(name))


# --- the period's tables ---------------------------------------------------------------------


def annual_tables(stats: Statistics, language: str, paragraph: str) -> list[Table]:
    kinds = list(Kind)
    modalities = list(Modality)
    figures = stats.figures()
    summary_rows: list[Sequence[Cell]] = [
        (str(H["paragraph"]), paragraph),
        (str(H["activities"]), figures.total_activities),
        (str(H["registered"]), stats.total("registered")),
        (str(H["participants"]), figures.total_participants),
        (str(H["certified"]), stats.total("certified")),
        (str(H["experts"]), figures.experts),
        (str(ANNUAL_TABLES["countries"]), figures.countries),
        (str(H["member"]), figures.member_countries),
        (str(H["certificates"]), figures.certificates),
        (str(ANNUAL_TABLES["satisfaction"]), figures.satisfaction),
    ]
    satisfaction = [
        (
            pick(r.question.label.as_dict(), language),
            r.answers,
            r.mean,
            *[r.distribution.get(str(n), 0) for n in range(1, 6)],
        )
        for r in stats.evaluation.questions
        if r.question.kind == QuestionKind.SCALE
    ]
    return [
        Table(
            "summary",
            str(ANNUAL_TABLES["summary"]),
            [str(H["figure"]), str(H["value"])],
            summary_rows,
        ),
        Table(
            "activities",
            str(ANNUAL_TABLES["activities"]),
            [str(H["kind"]), *(str(MODALITIES[m]) for m in modalities), str(H["total"])],
            [
                (
                    str(KINDS[k]),
                    *(stats.kinds[k].by_modality[m] for m in modalities),
                    stats.kinds[k].activities,
                )
                for k in kinds
            ],
        ),
        Table(
            "participants",
            str(ANNUAL_TABLES["participants"]),
            [
                str(H[h])
                for h in (
                    "kind",
                    "activities",
                    "registered",
                    "participants",
                    "certified",
                    "experts",
                )
            ],
            [
                (
                    str(KINDS[k]),
                    stats.kinds[k].activities,
                    stats.kinds[k].registered,
                    stats.kinds[k].participants,
                    stats.kinds[k].certified,
                    stats.kinds[k].experts,
                )
                for k in kinds
            ],
        ),
        Table(
            "countries",
            str(ANNUAL_TABLES["countries"]),
            [str(H["country_code"]), str(H["country"]), str(H["participants"])],
            [(code, country_name(code, language), n) for code, n in stats.countries.items()],
        ),
        Table(
            "programmes",
            str(ANNUAL_TABLES["programmes"]),
            [str(H[h]) for h in ("programme", "programme_name", "activities", "participants")],
            [
                (p.code, pick(p.name, language), p.activities, p.participants)
                for p in stats.programmes
            ],
        ),
        Table(
            "months",
            str(ANNUAL_TABLES["months"]),
            [str(H["month"]), *(str(MODALITIES[m]) for m in modalities), str(H["total"])],
            [
                (month, *(counts[m] for m in modalities), sum(counts.values()))
                for month, counts in stats.months.items()
            ],
        ),
        Table(
            "certificates",
            str(ANNUAL_TABLES["certificates"]),
            [str(H["design"]), str(H["certificates"])],
            [(str(DESIGNS[t]), stats.certificates.get(t, 0)) for t in CertificateTemplate],
        ),
        Table(
            "satisfaction",
            str(ANNUAL_TABLES["satisfaction"]),
            [str(H["question"]), str(H["answers"]), str(H["mean"]), "1", "2", "3", "4", "5"],
            satisfaction,
        ),
    ]


# --- a training's tables ---------------------------------------------------------------------


def training_table(training: Training, name: str, language: str) -> Table:
    title = str(TRAINING_TABLES[name])
    if name == "registrations":
        return Table(name, title, *_registrations(training, language))
    if name == "attendance":
        return Table(name, title, *_attendance(training, language))
    if name == "certificates":
        return Table(name, title, *_certificates(training))
    return Table(name, title, *_evaluation(training, language))


def _streamed(query: Any) -> Iterator[Any]:
    yield from db.session.execute(query.execution_options(yield_per=BATCH))


def _registrations(training: Training, language: str) -> tuple[list[str], Iterator[Sequence[Cell]]]:
    """One row per registration, then one column per question the training stores (withdrawn
    ones included: their answers are kept), answers in words (choices' labels, yes/no)."""
    keys = (
        "reference",
        "given_name",
        "family_name",
        "name_ar",
        "email",
        "country_code",
        "country",
        "institution",
        "job_title",
        "language",
        "role",
        "status",
        "registered_at",
    )
    query = (
        select(
            Registration.id,
            Registration.reference,
            Registration.given_name,
            Registration.family_name,
            Registration.name_ar,
            Registration.email,
            Registration.country,
            Registration.institution,
            Registration.job_title,
            Registration.preferred_language,
            Registration.role,
            Registration.status,
            Registration.created_at,
        )
        .where(Registration.training_id == training.id)
        .order_by(Registration.id)
    )
    questions = stored_questions(training)
    answers = (
        select(
            RegistrationAnswer.registration_id,
            RegistrationAnswer.question_id,
            RegistrationAnswer.value,
        )
        .join(Registration, Registration.id == RegistrationAnswer.registration_id)
        .where(Registration.training_id == training.id)
        .order_by(RegistrationAnswer.registration_id)
    )
    position = {question.id: index for index, question in enumerate(questions)}
    words = _AnswerWords(language)

    def rows() -> Iterator[Sequence[Cell]]:
        given = _by_registration(_streamed(answers)) if questions else iter(())
        pending = next(given, None)
        for row in _streamed(query):
            (
                rid,
                ref,
                given_name,
                family,
                name_ar,
                email,
                country,
                inst,
                job,
                lang,
                role,
                status,
                at,
            ) = row
            cells: list[Cell] = [None] * len(questions)
            while pending is not None and pending[0] <= rid:
                if pending[0] == rid:
                    for question_id, value in pending[1]:
                        index = position[question_id]
                        cells[index] = words.say(questions[index], value)
                pending = next(given, None)
            yield (
                ref,
                given_name,
                family,
                name_ar,
                email,
                country,
                country_name(country, language),
                inst,
                job,
                lang,
                role,
                status,
                at,
                *cells,
            )

    headers = [str(H[k]) for k in keys] + [words.header(question) for question in questions]
    return headers, rows()


def _by_registration(answers: Iterator[Any]) -> Iterator[tuple[int, list[tuple[int, Any]]]]:
    for registration_id, group in groupby(answers, key=lambda row: row[0]):
        yield registration_id, [(question_id, value) for _, question_id, value in group]


class _AnswerWords:
    """Answers as an organiser reads them, in ``language``."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.yes, self.no = str(H["yes"]), str(H["no"])

    def header(self, question: TrainingQuestion) -> str:
        label = pick(question.label, self.language) or question.key
        return f"{label} ({H['withdrawn']})" if question.withdrawn_at else label

    def say(self, question: TrainingQuestion, value: Any) -> Cell:
        if isinstance(value, bool):
            return self.yes if value else self.no
        choices: dict[str, str] = {
            c["key"]: pick(c["label"], self.language) or c["key"] for c in question.choices
        }
        if isinstance(value, list):
            return "; ".join(choices.get(str(key), str(key)) for key in value)
        if question.kind == AnswerKind.SINGLE_CHOICE:
            return choices.get(value, value)
        if question.kind == AnswerKind.DATE:
            return date.fromisoformat(value)
        return value


def _attendance(training: Training, language: str) -> tuple[list[str], Iterator[Sequence[Cell]]]:
    sessions = session_labels(training, language)
    headers = [str(H[k]) for k in ("reference", "given_name", "family_name", "name_ar", "status")]
    for _, label in sessions:
        headers += [label, f"{label} – {H['minutes']}"]
    headers += [str(H["sessions_attended"]), str(H["rule_met"])]
    query = (
        select(
            Registration.id,
            Registration.reference,
            Registration.given_name,
            Registration.family_name,
            Registration.name_ar,
            Registration.status,
            AttendanceSummary.sessions_attended,
            AttendanceSummary.rule_met,
            Attendance.session_id,
            Attendance.status,
            Attendance.minutes,
        )
        .outerjoin(AttendanceSummary, AttendanceSummary.registration_id == Registration.id)
        .outerjoin(Attendance, Attendance.registration_id == Registration.id)
        .where(Registration.training_id == training.id)
        .order_by(Registration.id)
    )
    yes, no = str(H["yes"]), str(H["no"])

    def rows() -> Iterator[Sequence[Cell]]:
        for _, group in groupby(_streamed(query), key=lambda row: row[0]):
            lines = list(group)
            first = lines[0]
            marks = {line[8]: (line[9], line[10]) for line in lines if line[8] is not None}
            cells: list[Cell] = list(first[1:6])
            for session, _ in sessions:
                status, minutes = marks.get(session.id, (None, None))
                cells += [status, minutes]
            cells += [first[6] or 0, yes if first[7] else no]
            yield cells

    return headers, rows()


def _certificates(training: Training) -> tuple[list[str], Iterator[Sequence[Cell]]]:
    keys = (
        "serial",
        "reference",
        "holder_en",
        "holder_ar",
        "design",
        "issued_on",
        "status",
        "revoked",
        "revoke_reason",
        "replaces",
    )
    replaced = Certificate.__table__.alias("replaced")
    query = (
        select(
            Certificate.serial,
            Registration.reference,
            Certificate.holder_name,
            Certificate.template,
            Certificate.issued_on,
            Certificate.status,
            Certificate.revoked_at,
            Certificate.revocation_note,
            replaced.c.serial,
        )
        .join(Registration, Registration.id == Certificate.registration_id)
        .outerjoin(replaced, replaced.c.id == Certificate.replaces_id)
        .where(Certificate.training_id == training.id)
        .order_by(Certificate.id)
    )

    def rows() -> Iterator[Sequence[Cell]]:
        for row in _streamed(query):
            serial, reference, names, design, issued, status, revoked, reason, replaces = row
            yield (
                serial,
                reference,
                names.get("en"),
                names.get("ar"),
                design,
                issued,
                status,
                revoked,
                reason,
                replaces,
            )

    return [str(H[k]) for k in keys], rows()


def _evaluation(training: Training, language: str) -> tuple[list[str], Iterator[Sequence[Cell]]]:
    """One row per response, one column per question: no name, e-mail, reference or time —
    rows in the order of the responses' random keys."""
    questions = questions_of(training)
    headers = [pick(q.label.as_dict(), language) or q.key for q in questions]
    choices = {
        q.key: {c.key: pick(c.label.as_dict(), language) for c in q.choices}
        for q in questions
        if q.kind == QuestionKind.SINGLE_CHOICE
    }
    kinds = {q.key: q.kind for q in questions}
    position = {q.key: index for index, q in enumerate(questions)}
    query = (
        select(Answer.response_id, Answer.question, Answer.number, Answer.text)
        .join(SurveyResponse, SurveyResponse.id == Answer.response_id)
        .where(SurveyResponse.training_id == training.id)
        .order_by(Answer.response_id)
    )
    yes, no = str(H["yes"]), str(H["no"])

    def rows() -> Iterator[Sequence[Cell]]:
        for _, group in groupby(_streamed(query), key=lambda row: row[0]):
            cells: list[Cell] = [None] * len(questions)
            for _, key, number, text in group:
                if key not in position:
                    continue
                if kinds[key] == QuestionKind.YES_NO:
                    value: Cell = yes if number else no
                elif kinds[key] == QuestionKind.SINGLE_CHOICE:
                    value = choices[key].get(text or "", text)
                else:
                    value = number if number is not None else text
                cells[position[key]] = value
            yield cells

    return headers, rows()
