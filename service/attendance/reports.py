"""Read Zoom and Microsoft Teams attendance exports and sum each person's attended minutes.

Exports differ between platforms, product versions and locales, so nothing is assumed about
column order, header spelling, encoding, delimiter or date order: columns are found by name
(case-insensitively, with the known variants) and the rest is detected from the file itself.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

FORMATS = ("zoom", "teams")


class ReportFormatError(ValueError):
    """The export cannot be read; the message says what is wrong and, for a row, on which line."""


@dataclass(frozen=True)
class ReportRow:
    line: int
    name: str
    email: str | None
    role: str | None
    joined_at: datetime | None
    left_at: datetime | None
    minutes: float | None
    """The export's duration where the times are not one segment: there are none, or they are a
    first-join/last-leave span (Zoom "unique users", Teams Participants) that may hide absences."""


@dataclass(frozen=True)
class PlatformReport:
    format: str
    meeting_start: datetime | None
    meeting_end: datetime | None
    organiser_emails: frozenset[str]
    rows: list[ReportRow]


@dataclass(frozen=True)
class PersonAttendance:
    email: str
    name: str
    minutes: float
    lines: tuple[int, ...]


@dataclass(frozen=True)
class UnmatchedRow:
    line: int
    name: str
    email: str | None
    reason: str


_Line = tuple[int, list[str]]
_Columns = dict[str, tuple[int, ...]]


@dataclass(frozen=True)
class _Table:
    summary: bool
    """One row per person (first join, last leave, total duration), not one per segment."""
    columns: _Columns
    body: list[_Line]


# Per field, the header spellings in order of preference; a header also matches by its text
# without parenthesised parts, so "Name (Original Name)" and "Duration (Minutes)" need no entry.
_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "user name", "full name", "display name"),
    "email": ("user email", "email", "email address", "participant id (upn)"),
    "join": ("join time", "first join", "join"),
    "leave": ("leave time", "last leave", "leave"),
    "duration": ("duration", "total duration", "in-meeting duration"),
    "role": ("role",),
    "guest": ("guest",),
    "waiting_room": ("in waiting room",),
}
_SUMMARY_HEADERS = frozenset({"first join", "last leave", "total duration", "in-meeting duration"})
_PARENTHESES = re.compile(r"\([^)]*\)")

# Zoom puts these in a header row over a value row, Teams as key/value rows in its Summary.
_MEETING_KEYS = {
    "start time": "start",
    "meeting start time": "start",
    "end time": "end",
    "meeting end time": "end",
    "user email": "host",
    "host email": "host",
}

_FORMAT_MARKERS = {
    "zoom": frozenset(
        {
            "meeting id",
            "user email",
            "name (original name)",
            "guest",
            "recording consent",
            "duration (minutes)",
            "total duration (minutes)",
            "in waiting room",
        }
    ),
    "teams": frozenset(
        {
            "meeting title",
            "attended participants",
            "first join",
            "last leave",
            "in-meeting duration",
            "participant id (upn)",
            "role",
        }
    ),
}

_SLASH_DATES = {False: ("%m/%d/%Y", "%m/%d/%y"), True: ("%d/%m/%Y", "%d/%m/%y")}
_OTHER_DATES = ("%Y-%m-%d", "%d.%m.%Y")
_TIMES = ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")
_ISO_SEPARATOR = re.compile(r"(?<=\d)T(?=\d)")

_DECIMAL_MINUTES = re.compile(r"\d+(?:\.\d+)?")
_HOURS_MINUTES_SECONDS = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?")

_YES = frozenset({"yes", "y", "true", "1"})
_ROLE_SPELLINGS = {"organiser": "organizer"}
_ORGANISER_ROLES = frozenset({"host", "organizer"})


def parse_report(data: bytes, format: str | None = None) -> PlatformReport:
    """Parse an export; `format` None detects "zoom" or "teams", a name forces it."""
    if format is not None and format not in FORMATS:
        raise ReportFormatError(f"unknown report format {format!r}; expected 'zoom' or 'teams'")
    lines = _read_lines(_decode(data))
    tables, meeting = _scan(lines)
    if not tables:
        raise ReportFormatError(
            "no participant table with a Name column and a Join Time or Duration column found"
        )
    # Per-segment tables (Zoom's default, Teams' In-Meeting Activities) beat summaries.
    table = min(tables, key=lambda table: table.summary)
    timestamps = [
        cells[index]
        for _, cells in table.body
        for field in ("join", "leave")
        for index in table.columns.get(field, ())
        if index < len(cells) and cells[index]
    ]
    timestamps += [meeting[field][1] for field in ("start", "end") if field in meeting]
    day_first = _day_first(timestamps)

    rows = [
        row
        for line, cells in table.body
        if (row := _row(line, cells, table, day_first=day_first)) is not None
    ]
    organisers = {row.email for row in rows if row.email and row.role in _ORGANISER_ROLES}
    if "host" in meeting:
        organisers.add(meeting["host"][1].lower())
    return PlatformReport(
        format=format or _detect_format(lines),
        meeting_start=_meeting_time(meeting, "start", day_first),
        meeting_end=_meeting_time(meeting, "end", day_first),
        organiser_emails=frozenset(organisers),
        rows=rows,
    )


def attendance_by_person(
    report: PlatformReport, window_start: datetime, window_end: datetime
) -> tuple[dict[str, PersonAttendance], list[UnmatchedRow]]:
    """Minutes each email attended within the window (naive, the meeting's local time).

    Segments are merged before counting, so rejoins and a second device are not counted twice.
    A row with a duration but no segment counts that duration capped at the part of its span
    (or of the meeting, or of the window when even that is unknown) inside the window.
    """
    if window_start.tzinfo is not None or window_end.tzinfo is not None:
        raise ValueError("the window must be naive, in the meeting's local time")
    if window_end <= window_start:
        raise ValueError("window_end must be after window_start")
    if report.meeting_start is not None and report.meeting_end is not None:
        meeting_span = (report.meeting_start, report.meeting_end)
    else:
        meeting_span = (window_start, window_end)

    segments: dict[str, list[tuple[datetime, datetime]]] = {}
    extra_minutes: dict[str, float] = {}
    contributors: dict[str, list[ReportRow]] = {}
    unmatched: list[UnmatchedRow] = []
    for row in report.rows:
        if row.joined_at is not None and row.left_at is not None:
            span = (row.joined_at, row.left_at)
        else:
            span = meeting_span
        clipped = _clip(span, window_start, window_end)
        if row.email is None:
            reason = "no_email"
        elif row.email in report.organiser_emails:
            reason = "organiser"
        elif clipped is None:
            reason = "outside_session"
        else:
            contributors.setdefault(row.email, []).append(row)
            if row.minutes is None:
                segments.setdefault(row.email, []).append(clipped)
            else:
                inside = min(row.minutes, _minutes(clipped[1] - clipped[0]))
                extra_minutes[row.email] = extra_minutes.get(row.email, 0.0) + inside
            continue
        unmatched.append(UnmatchedRow(row.line, row.name, row.email, reason))

    window_minutes = _minutes(window_end - window_start)
    people = {
        email: PersonAttendance(
            email=email,
            name=rows[0].name,
            minutes=min(
                window_minutes,
                _union_minutes(segments.get(email, [])) + extra_minutes.get(email, 0.0),
            ),
            lines=tuple(sorted(row.line for row in rows)),
        )
        for email, rows in contributors.items()
    }
    return people, unmatched


def _decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise ReportFormatError("this is an Excel workbook or a zip file; export the report as CSV")
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else None
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportFormatError(
            f"not UTF-8 or UTF-16 text ({exc.reason} at byte {exc.start}); export the report as CSV"
        ) from None


def _read_lines(text: str) -> list[_Line]:
    """Rows with their 1-based line numbers; Teams exports are tab-separated, Zoom ones are not."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if "\t" in text else ",")
    lines: list[_Line] = []
    try:
        for cells in reader:
            lines.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as exc:
        raise ReportFormatError(f"line {reader.line_num}: {exc}") from None
    return lines


def _key(cell: str) -> str:
    return " ".join(cell.lower().split())


def _columns(cells: Sequence[str]) -> _Columns:
    """Which cells of a header row hold which field, best spelling first."""
    found: dict[str, list[tuple[int, int]]] = {}
    for index, cell in enumerate(cells):
        key = _key(cell)
        spellings = (key, _key(_PARENTHESES.sub(" ", key)))
        for field, aliases in _ALIASES.items():
            rank = next((rank for rank, alias in enumerate(aliases) if alias in spellings), None)
            if rank is not None:
                found.setdefault(field, []).append((rank, index))
    return {field: tuple(index for _, index in sorted(pairs)) for field, pairs in found.items()}


def _is_summary(cells: Sequence[str], columns: _Columns) -> bool:
    return any(
        _key(_PARENTHESES.sub(" ", cells[index])) in _SUMMARY_HEADERS
        for field in ("join", "leave", "duration")
        for index in columns.get(field, ())
    )


def _scan(lines: list[_Line]) -> tuple[list[_Table], dict[str, tuple[int, str]]]:
    """Find the participant tables (each runs to the next blank row) and the meeting details."""
    tables: list[_Table] = []
    meeting: dict[str, tuple[int, str]] = {}
    index = 0
    while index < len(lines):
        line, cells = lines[index]
        index += 1
        columns = _columns(cells)
        if "name" in columns and ("join" in columns or "duration" in columns):
            end = index
            while end < len(lines) and any(lines[end][1]):
                end += 1
            tables.append(_Table(_is_summary(cells, columns), columns, lines[index:end]))
            index = end
            continue
        keys = [_key(cell) for cell in cells]
        if len({_MEETING_KEYS.get(key) for key in keys} - {None}) > 1 and index < len(lines):
            value_line, values = lines[index]
            index += 1
            for key, value in zip(keys, values, strict=False):
                if key in _MEETING_KEYS and value:
                    meeting[_MEETING_KEYS[key]] = (value_line, value)
        elif len(cells) > 1 and keys[0] in _MEETING_KEYS and cells[1]:
            meeting[_MEETING_KEYS[keys[0]]] = (line, cells[1])
    return tables, meeting


def _detect_format(lines: list[_Line]) -> str:
    keys = [_key(cell) for _, cells in lines for cell in cells]
    zoom, teams = (sum(key in _FORMAT_MARKERS[name] for key in keys) for name in FORMATS)
    if zoom == teams:
        raise ReportFormatError(
            "cannot tell whether this is a Zoom or a Teams export; give the format explicitly"
        )
    return "zoom" if zoom > teams else "teams"


def _cell(cells: Sequence[str], columns: _Columns, field: str) -> str:
    return next((cells[i] for i in columns.get(field, ()) if i < len(cells) and cells[i]), "")


def _row(line: int, cells: Sequence[str], table: _Table, *, day_first: bool) -> ReportRow | None:
    """One table row as a ReportRow; None for Zoom's waiting-room rows, which are not attendance."""
    columns = table.columns
    if _cell(cells, columns, "waiting_room").lower() in _YES:
        return None
    joined, left = _cell(cells, columns, "join"), _cell(cells, columns, "leave")
    duration = _cell(cells, columns, "duration")
    if bool(joined) != bool(left):
        raise ReportFormatError(f"line {line}: a join time needs a leave time and vice versa")
    if not (joined or duration):
        raise ReportFormatError(f"line {line}: neither join/leave times nor a duration")
    joined_at = _timestamp(line, joined, day_first) if joined else None
    left_at = _timestamp(line, left, day_first) if left else None
    if joined_at is not None and left_at is not None and left_at < joined_at:
        raise ReportFormatError(f"line {line}: the leave time is before the join time")
    role = _key(_cell(cells, columns, "role"))
    if not role and _cell(cells, columns, "guest").lower() in _YES:
        role = "guest"
    return ReportRow(
        line=line,
        name=_cell(cells, columns, "name"),
        email=_cell(cells, columns, "email").lower() or None,
        role=_ROLE_SPELLINGS.get(role, role) or None,
        joined_at=joined_at,
        left_at=left_at,
        minutes=_duration(line, duration) if duration and (table.summary or not joined) else None,
    )


def _day_first(values: Iterable[str]) -> bool:
    """Slash dates are month-first unless one of the file's dates only reads day-first."""
    return any(
        _try_timestamp(raw, day_first=False) is None
        and _try_timestamp(raw, day_first=True) is not None
        for raw in values
    )


def _try_timestamp(raw: str, *, day_first: bool) -> datetime | None:
    text = " ".join(_ISO_SEPARATOR.sub(" ", raw).replace(",", " ").split())
    for date_format in (*_SLASH_DATES[day_first], *_OTHER_DATES):
        for time_format in _TIMES:
            try:
                return datetime.strptime(text, f"{date_format} {time_format}")
            except ValueError:
                continue
    return None


def _timestamp(line: int, raw: str, day_first: bool) -> datetime:
    parsed = _try_timestamp(raw, day_first=day_first)
    if parsed is None:
        raise ReportFormatError(f"line {line}: unrecognised date and time {raw!r}")
    return parsed


def _meeting_time(
    meeting: dict[str, tuple[int, str]], field: str, day_first: bool
) -> datetime | None:
    return _timestamp(*meeting[field], day_first) if field in meeting else None


def _duration(line: int, raw: str) -> float:
    """Minutes from Zoom's "93" or "93.5", or from Teams' "1h 17m 50s"."""
    text = raw.lower()
    if _DECIMAL_MINUTES.fullmatch(text):
        return float(text)
    match = _HOURS_MINUTES_SECONDS.fullmatch(text)
    if match is None or not any(match.groups()):
        raise ReportFormatError(f"line {line}: unrecognised duration {raw!r}")
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 60 + minutes + seconds / 60


def _minutes(delta: timedelta) -> float:
    return delta.total_seconds() / 60


def _clip(
    span: tuple[datetime, datetime], window_start: datetime, window_end: datetime
) -> tuple[datetime, datetime] | None:
    """The part of the span inside the window; None when they do not overlap (a zero-length
    span inside the window is kept, one touching only its edge is not)."""
    start, end = max(span[0], window_start), min(span[1], window_end)
    if end < start or (end == start and span[0] < span[1]):
        return None
    return start, end


def _union_minutes(segments: list[tuple[datetime, datetime]]) -> float:
    total = timedelta()
    covered_until = datetime.min
    for start, end in sorted(segments):
        total += max(timedelta(), end - max(start, covered_until))
        covered_until = max(covered_until, end)
    return _minutes(total)
