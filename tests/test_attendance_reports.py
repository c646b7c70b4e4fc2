"""Zoom and Teams attendance exports: parsing, and per-person minutes inside a session window."""

import codecs
import csv
import io
from datetime import datetime
from pathlib import Path

import pytest

from service.attendance.reports import (
    PersonAttendance,
    ReportFormatError,
    UnmatchedRow,
    attendance_by_person,
    parse_report,
)

FIXTURES = Path(__file__).parent / "fixtures" / "attendance"
ZOOM = (FIXTURES / "zoom-participants-day1.csv").read_bytes()
TEAMS = (FIXTURES / "teams-attendance-day2.csv").read_bytes()
ZOOM_DAY, TEAMS_DAY = (2020, 9, 14), (2020, 9, 15)

ZOOM_MEETING_BLOCK = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    '"812 3456 7890",Day 1,09/14/2020 08:55:00 AM,09/14/2020 12:10:00 PM,'
    "training@example.org,195,4\n"
    "\n"
)


def at(day: tuple[int, int, int], hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(*day, hour, minute, second)


def minutes(whole: int, seconds: int = 0) -> float:
    return whole + seconds / 60


def attended(
    data: bytes, start: datetime, end: datetime
) -> tuple[dict[str, float], list[UnmatchedRow]]:
    """Minutes per email, and the unmatched rows, for an export whose format is detected."""
    people, unmatched = attendance_by_person(parse_report(data), start, end)
    return {email: person.minutes for email, person in people.items()}, unmatched


def test_zoom_sample_rows_keep_what_the_export_says():
    report = parse_report(ZOOM)

    assert report.format == "zoom"
    assert (report.meeting_start, report.meeting_end) == (at(ZOOM_DAY, 8, 55), at(ZOOM_DAY, 12, 10))
    assert report.organiser_emails == {"training@example.org"}
    assert [row.line for row in report.rows] == [5, 6, 7, 8, 9, 10, 11]
    omar, nurul, dial_in = report.rows[3], report.rows[4], report.rows[5]
    assert omar.name == "iPhone (Omar Haddad)"
    assert (omar.joined_at, omar.left_at) == (at(ZOOM_DAY, 9, 20), at(ZOOM_DAY, 9, 50))
    assert nurul.email == "nurul.aisyah@example.my"
    assert (dial_in.email, dial_in.role) == (None, "guest")
    assert {row.minutes for row in report.rows} == {None}


def test_zoom_sample_merges_rejoins_and_reports_unmatched_rows():
    people, unmatched = attendance_by_person(parse_report(ZOOM), at(ZOOM_DAY, 9), at(ZOOM_DAY, 12))

    assert people["aminata.diop@example.sn"] == PersonAttendance(
        email="aminata.diop@example.sn",
        name="Aminata Diop",
        minutes=pytest.approx(minutes(91, 40) + minutes(84, 58)),
        lines=(6, 7),
    )
    assert {email: person.minutes for email, person in people.items()} == {
        "aminata.diop@example.sn": pytest.approx(minutes(176, 38)),
        "omar.haddad@example.jo": 30,
        "nurul.aisyah@example.my": pytest.approx(minutes(179, 30)),
        "yusuf.kaya@example.tr": 178,
    }
    assert people["nurul.aisyah@example.my"].name == "Nurul Aisyah (Nurul Aisyah binti Rahman)"
    assert unmatched == [
        UnmatchedRow(5, "Training Desk", "training@example.org", "organiser"),
        UnmatchedRow(10, "Dial-in +90 312 000 0000", None, "no_email"),
    ]


def test_segments_are_clipped_to_the_window():
    people, unmatched = attendance_by_person(parse_report(ZOOM), at(ZOOM_DAY, 10), at(ZOOM_DAY, 11))

    assert people["aminata.diop@example.sn"].minutes == pytest.approx(
        minutes(31, 40) + minutes(24, 58)
    )
    assert people["yusuf.kaya@example.tr"].minutes == 60
    assert "omar.haddad@example.jo" not in people
    assert UnmatchedRow(8, "iPhone (Omar Haddad)", "omar.haddad@example.jo", "outside_session") in (
        unmatched
    )


def test_segments_touching_the_window_edge_are_outside_it():
    data = (
        b"Name,Email,Join Time,Leave Time,Guest\n"
        b"Early,early@example.org,2020-09-14 08:00,2020-09-14 09:00,No\n"
        b"Blip,blip@example.org,2020-09-14 09:30,2020-09-14 09:30,No\n"
        b"Late,late@example.org,2020-09-14 12:00,2020-09-14 13:00,No\n"
    )

    by_email, unmatched = attended(data, at(ZOOM_DAY, 9), at(ZOOM_DAY, 12))

    assert by_email == {"blip@example.org": 0}
    assert [(row.line, row.reason) for row in unmatched] == [
        (2, "outside_session"),
        (4, "outside_session"),
    ]


def test_teams_sample_reads_the_in_meeting_activities_section():
    report = parse_report(TEAMS)

    assert report.format == "teams"
    assert report.meeting_start == at(TEAMS_DAY, 8, 57, 3)
    assert report.meeting_end == at(TEAMS_DAY, 12, 6, 41)
    assert report.organiser_emails == {"training@example.org"}
    assert [(row.line, row.role) for row in report.rows] == [
        (18, "organizer"),
        (19, "attendee"),
        (20, "attendee"),
        (21, "attendee"),
        (22, "attendee"),
        (23, "presenter"),
    ]
    assert report.rows[2].joined_at == at(TEAMS_DAY, 10, 37, 45)
    assert {row.minutes for row in report.rows} == {None}


def test_teams_sample_attendance():
    people, unmatched = attendance_by_person(
        parse_report(TEAMS), at(TEAMS_DAY, 9), at(TEAMS_DAY, 12)
    )

    assert {email: person.minutes for email, person in people.items()} == {
        "aminata.diop@example.sn": pytest.approx(minutes(77, 50) + minutes(82, 15)),
        "omar.haddad@example.jo": 180,
        "yusuf.kaya@example.tr": 30,
        "nurul.aisyah@example.my": 180,
    }
    assert people["aminata.diop@example.sn"].lines == (19, 20)
    assert unmatched == [UnmatchedRow(18, "Training Desk", "training@example.org", "organiser")]


def test_teams_participants_section_counts_its_durations_not_the_first_to_last_span():
    text = TEAMS.decode("utf-16")
    data = text[: text.index("3. In-Meeting Activities")].encode("utf-16")

    report = parse_report(data)
    people, unmatched = attendance_by_person(report, at(TEAMS_DAY, 9), at(TEAMS_DAY, 12))

    assert [row.line for row in report.rows] == [10, 11, 12, 13, 14]
    assert report.rows[1].minutes == pytest.approx(minutes(161, 5))
    assert {email: person.minutes for email, person in people.items()} == {
        "aminata.diop@example.sn": pytest.approx(minutes(161, 5)),
        "omar.haddad@example.jo": pytest.approx(minutes(178, 12)),
        "yusuf.kaya@example.tr": 30,
        "nurul.aisyah@example.my": 180,
    }
    assert [row.reason for row in unmatched] == ["organiser"]


def test_overlapping_devices_are_not_double_counted():
    data = (
        b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        b"Laptop (Yusuf Kaya),yusuf.kaya@example.tr,09/14/2020 09:00 AM,09/14/2020 11:00 AM,120\n"
        b"iPhone (Yusuf Kaya),Yusuf.Kaya@example.tr,09/14/2020 10:00 AM,09/14/2020 12:00 PM,120\n"
        b"iPad (Yusuf Kaya),yusuf.kaya@example.tr,09/14/2020 10:15 AM,09/14/2020 10:45 AM,30\n"
    )

    people, _ = attendance_by_person(parse_report(data), at(ZOOM_DAY, 8), at(ZOOM_DAY, 13))

    assert people == {
        "yusuf.kaya@example.tr": PersonAttendance(
            "yusuf.kaya@example.tr", "Laptop (Yusuf Kaya)", 180, (2, 3, 4)
        )
    }


def test_format_is_detected_or_forced():
    generic = (
        b"Name,Email,Join Time,Leave Time\nA,a@example.org,2020-09-14 09:00,2020-09-14 10:00\n"
    )

    assert (parse_report(ZOOM).format, parse_report(TEAMS).format) == ("zoom", "teams")
    assert parse_report(ZOOM, "teams").format == "teams"
    assert parse_report(generic, "zoom").format == "zoom"
    with pytest.raises(ReportFormatError, match="cannot tell whether this is a Zoom or a Teams"):
        parse_report(generic)
    with pytest.raises(ReportFormatError, match="unknown report format 'webex'"):
        parse_report(ZOOM, "webex")


def test_columns_are_found_by_name_in_any_order_and_case():
    data = (
        b"GUEST,LEAVE TIME,Department,USER EMAIL,JOIN TIME,"
        b"NAME (ORIGINAL NAME),DURATION (MINUTES)\n"
        b"No,09/14/2020 10:31:40 AM,Foreign Affairs,aminata.diop@example.sn,"
        b"09/14/2020 08:58:12 AM,Aminata Diop,93\n"
        b"No,09/14/2020 12:04:55 PM,Foreign Affairs,aminata.diop@example.sn,"
        b"09/14/2020 10:35:02 AM,Aminata Diop,89\n"
        b"Yes,09/14/2020 11:45:00 AM,,,09/14/2020 09:05:00 AM,Dial-in +90 312 000 0000,160\n"
    )

    report = parse_report(data)
    by_email, unmatched = attended(data, at(ZOOM_DAY, 9), at(ZOOM_DAY, 12))

    assert report.format == "zoom"
    assert [(row.name, row.role) for row in report.rows] == [
        ("Aminata Diop", None),
        ("Aminata Diop", None),
        ("Dial-in +90 312 000 0000", "guest"),
    ]
    assert by_email == {"aminata.diop@example.sn": pytest.approx(minutes(176, 38))}
    assert unmatched == [UnmatchedRow(4, "Dial-in +90 312 000 0000", None, "no_email")]


def test_teams_upn_stands_in_for_a_missing_email_and_organiser_is_spelt_either_way():
    data = (
        "Role\tParticipant ID (UPN)\tEmail\tName\tJoin Time\tLeave Time\tDuration\n"
        "Organiser\thost@example.org\t\tTraining Desk\t9/15/20, 9:00 AM\t9/15/20, 12:00 PM\t3h\n"
        "Attendee\tomar.haddad@example.jo\t\tOmar Haddad\t9/15/20, 9:00 AM\t9/15/20, 10:00 AM\t1h\n"
        "Attendee\tupn@example.jo\tyusuf.kaya@example.tr\tYusuf Kaya"
        "\t9/15/20, 9:00 AM\t9/15/20, 9:10 AM\t10m\n"
    ).encode("utf-16")

    report = parse_report(data)

    assert report.format == "teams"
    assert report.organiser_emails == {"host@example.org"}
    assert [(row.email, row.role) for row in report.rows] == [
        ("host@example.org", "organizer"),
        ("omar.haddad@example.jo", "attendee"),
        ("yusuf.kaya@example.tr", "attendee"),
    ]


def test_zoom_unique_users_count_total_minutes_capped_at_the_meeting_inside_the_window():
    data = (
        ZOOM_MEETING_BLOCK + "Name (Original Name),User Email,Total Duration (Minutes),Guest\n"
        "Training Desk,training@example.org,195,No\n"
        "Aminata Diop,aminata.diop@example.sn,182,No\n"
        "iPhone (Omar Haddad),omar.haddad@example.jo,30,No\n"
        "Dial-in +90 312 000 0000,,160,Yes\n"
    ).encode()
    report = parse_report(data)

    assert report.format == "zoom"
    assert [(row.minutes, row.joined_at) for row in report.rows][1] == (182, None)
    assert attended(data, at(ZOOM_DAY, 9), at(ZOOM_DAY, 12))[0] == {
        "aminata.diop@example.sn": 180,
        "omar.haddad@example.jo": 30,
    }
    assert attended(data, at(ZOOM_DAY, 12), at(ZOOM_DAY, 13))[0] == {
        "aminata.diop@example.sn": 10,
        "omar.haddad@example.jo": 10,
    }
    by_email, unmatched = attended(data, at((2020, 9, 15), 9), at((2020, 9, 15), 12))
    assert by_email == {}
    assert [row.reason for row in unmatched] == [
        "organiser",
        "outside_session",
        "outside_session",
        "no_email",
    ]


@pytest.mark.parametrize("end_hour, aminata, omar", [(12, 180, 180), (13, 182.5, 220)])
def test_minutes_without_any_times_are_capped_at_the_window(end_hour, aminata, omar):
    data = (
        b"Name,User Email,Duration\n"
        b"Aminata Diop,aminata.diop@example.sn,182.5\n"
        b"Laptop (Omar Haddad),omar.haddad@example.jo,120\n"
        b"iPhone (Omar Haddad),omar.haddad@example.jo,100\n"
    )

    assert attended(data, at(ZOOM_DAY, 9), at(ZOOM_DAY, end_hour))[0] == {
        "aminata.diop@example.sn": aminata,
        "omar.haddad@example.jo": omar,
    }


def test_zoom_unique_users_with_first_join_and_last_leave_count_the_total_not_the_span():
    data = (
        ZOOM_MEETING_BLOCK
        + "Name (Original Name),User Email,Join Time,Leave Time,Total Duration (Minutes)\n"
        "Aminata Diop,aminata.diop@example.sn,09/14/2020 08:58:12 AM,09/14/2020 12:04:55 PM,182\n"
        "iPhone (Omar Haddad),omar.haddad@example.jo,09/14/2020 09:20 AM,09/14/2020 11:50 AM,30\n"
        "Yusuf Kaya,yusuf.kaya@example.tr,09/14/2020 08:00 AM,09/14/2020 08:30 AM,30\n"
    ).encode()

    by_email, unmatched = attended(data, at(ZOOM_DAY, 9), at(ZOOM_DAY, 12))

    assert by_email == {"aminata.diop@example.sn": 180, "omar.haddad@example.jo": 30}
    assert unmatched == [UnmatchedRow(7, "Yusuf Kaya", "yusuf.kaya@example.tr", "outside_session")]


def _as_tab_separated(data: bytes) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n").writerows(
        csv.reader(io.StringIO(data.decode()))
    )
    return out.getvalue().encode()


@pytest.mark.parametrize(
    "variant",
    [
        lambda data: data.decode().encode("utf-8-sig"),
        lambda data: data.decode().encode("utf-16"),
        lambda data: codecs.BOM_UTF16_BE + data.decode().encode("utf-16-be"),
        lambda data: data.replace(b"\n", b"\r\n"),
        _as_tab_separated,
        lambda data: _as_tab_separated(data).decode().encode("utf-16"),
    ],
    ids=["utf-8-bom", "utf-16-le", "utf-16-be", "crlf", "tabs", "utf-16-tabs"],
)
def test_encoding_and_delimiter_do_not_change_the_result(variant):
    assert parse_report(variant(ZOOM)) == parse_report(ZOOM)


def test_teams_export_resaved_as_utf8_reads_the_same():
    assert parse_report(TEAMS.decode("utf-16").encode()) == parse_report(TEAMS)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("09/14/2020 08:58:12 AM", at(ZOOM_DAY, 8, 58, 12)),
        ("09/14/2020 01:58:12 PM", at(ZOOM_DAY, 13, 58, 12)),
        ("9/14/20, 8:58:12 AM", at(ZOOM_DAY, 8, 58, 12)),
        ("9/14/20, 8:58 AM", at(ZOOM_DAY, 8, 58)),
        ("2020-09-14 08:58:12", at(ZOOM_DAY, 8, 58, 12)),
        ("2020-09-14T13:58:12", at(ZOOM_DAY, 13, 58, 12)),
        ("09/14/2020 13:58:12", at(ZOOM_DAY, 13, 58, 12)),
        ("14/09/2020 13:58", at(ZOOM_DAY, 13, 58)),
        ("14.09.2020 08:58:12", at(ZOOM_DAY, 8, 58, 12)),
    ],
)
def test_timestamp_formats(raw, expected):
    data = f'Name,Email,Join Time,Leave Time\nA,a@example.org,"{raw}","{raw}"\n'.encode()

    assert parse_report(data, "zoom").rows[0].joined_at == expected


def test_one_day_first_date_makes_the_whole_file_day_first():
    data = (
        b"Name,Email,Join Time,Leave Time\n"
        b"A,a@example.org,03/09/2020 09:00,03/09/2020 10:00\n"
        b"B,b@example.org,13/09/2020 09:00,13/09/2020 10:00\n"
    )

    rows = parse_report(data, "zoom").rows

    assert [row.joined_at for row in rows] == [at((2020, 9, 3), 9), at((2020, 9, 13), 9)]


def test_zoom_waiting_room_rows_are_not_attendance():
    data = (
        b"Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,"
        b"In waiting room\n"
        b"Omar Haddad,omar.haddad@example.jo,09/14/2020 08:40 AM,09/14/2020 09:10 AM,30,Yes,Yes\n"
        b"Omar Haddad,omar.haddad@example.jo,09/14/2020 09:10 AM,09/14/2020 09:40 AM,30,Yes,No\n"
    )

    report = parse_report(data)

    assert [row.line for row in report.rows] == [3]
    assert attended(data, at(ZOOM_DAY, 8), at(ZOOM_DAY, 12))[0] == {"omar.haddad@example.jo": 30}


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "no participant table with a Name column and a Join Time or Duration column"),
        (b"hello world\nnot,an,export\n", "no participant table"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8", "not UTF-8 or UTF-16 text"),
        (b"PK\x03\x04\x14\x00\x06\x00", "Excel workbook"),
        (b"Name,Join Time\nA," + b'"' + b"x" * 200_000 + b'"\n', "line 2: field larger"),
    ],
    ids=["empty", "text", "png", "xlsx", "huge-field"],
)
def test_garbage_is_refused_with_a_clear_message(data, message):
    with pytest.raises(ReportFormatError, match=message):
        parse_report(data, "zoom")


@pytest.mark.parametrize(
    "row, message",
    [
        ("A,a@x.org,yesterday,2020-09-14 10:00,", "line 2: unrecognised date and time 'yesterday'"),
        ("A,a@x.org,2020-09-14 10:00,2020-09-14 09:00,", "line 2: the leave time is before"),
        ("A,a@x.org,2020-09-14 10:00,,", "line 2: a join time needs a leave time"),
        ("A,a@x.org,,,", "line 2: neither join/leave times nor a duration"),
        ("A,a@x.org,,,about an hour", "line 2: unrecognised duration 'about an hour'"),
    ],
)
def test_unreadable_rows_name_their_line(row, message):
    data = f"Name,Email,Join Time,Leave Time,Duration\n{row}\n".encode()

    with pytest.raises(ReportFormatError, match=message):
        parse_report(data, "zoom")


def test_report_format_error_is_a_value_error():
    assert issubclass(ReportFormatError, ValueError)


@pytest.mark.parametrize(
    "start, end, message",
    [
        (at(ZOOM_DAY, 12), at(ZOOM_DAY, 9), "window_end must be after window_start"),
        (at(ZOOM_DAY, 9).astimezone(), at(ZOOM_DAY, 12).astimezone(), "must be naive"),
    ],
)
def test_window_must_be_naive_and_ordered(start, end, message):
    with pytest.raises(ValueError, match=message):
        attendance_by_person(parse_report(ZOOM), start, end)
