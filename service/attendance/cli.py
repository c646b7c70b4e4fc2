"""`flask --app wsgi attendance import TRAINING_ID SESSION_ID FILE [--format zoom|teams]`."""

from __future__ import annotations

from typing import IO

import click
from flask.cli import AppGroup

from service.attendance.imports import import_report
from service.attendance.recording import session_of
from service.attendance.reports import FORMATS, ReportFormatError
from service.core.db import db
from service.core.errors import ServiceError
from service.trainings.operations import lock_training

attendance_cli = AppGroup("attendance", help="Attendance records.")


@attendance_cli.command("import")
@click.argument("training_id", type=int)
@click.argument("session_id", type=int)
@click.argument("file", type=click.File("rb"))
@click.option("--format", "report_format", type=click.Choice(FORMATS), help="Default: detected.")
def import_command(
    training_id: int, session_id: int, file: IO[bytes], report_format: str | None
) -> None:
    """Import a Zoom or Teams attendance report (CSV) for one session and print the match report."""
    try:
        training = lock_training(training_id)
        session = session_of(training, session_id)
        result = import_report(training, session, file.read(), report_format)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException("; ".join(error.fields.values()) or error.message) from None
    except ReportFormatError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(
        f"{result.format}: {result.matched} matched, {result.updated} updated, "
        f"{len(result.unmatched)} unmatched"
    )
    for match in result.matches:
        if match.note:
            lines = ", ".join(map(str, match.lines))
            click.echo(f"line {lines}: {match.name} <{match.email}>: {match.status}, {match.note}")
    for row in result.unmatched:
        click.echo(f"line {row.line}: {row.name} <{row.email or 'no e-mail'}>: {row.reason}")
