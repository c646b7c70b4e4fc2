"""``flask --app wsgi report annual --year 2020 --lang ar``: the summary paragraph of a year."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from service.core.errors import ServiceError
from service.reports.paragraph import summary
from service.reports.statistics import statistics

report_cli = AppGroup("report", help="The centre's figures.")


@report_cli.command("annual")
@click.option("--year", type=click.IntRange(2000, 2100), required=True)
@click.option("--lang", type=click.Choice(["ar", "en", "fr"]), default="en", show_default=True)
@click.option("--programme", default=None, help="a programme's code (default: all)")
def annual(year: int, lang: str, programme: str | None) -> None:
    """Print the summary paragraph of YEAR's activities, as the centre writes it."""
    try:
        stats = statistics(date(year, 1, 1), date(year, 12, 31), programme)
    except ServiceError as error:
        raise click.ClickException(f"{error.message}: {error.fields}") from None
    click.echo(summary(stats.figures(), lang))
