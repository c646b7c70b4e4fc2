"""Command-line tools: `flask --app wsgi organiser add …`, `flask --app wsgi demo seed`."""

from __future__ import annotations

from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup

from service.attendance_cli import register_attendance_cli
from service.demo import seed_demo
from service.errors import ServiceError
from service.extensions import db
from service.organisers import add_organiser

organiser_cli = AppGroup("organiser", help="Manage organiser accounts.")
demo_cli = AppGroup("demo", help="Demo data.")


@organiser_cli.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The organiser's full name.")
def organiser_add(email: str, name: str) -> None:
    """Create an organiser (or reuse one) and print a new API token on the last line."""
    try:
        organiser, token = add_organiser(email, name)
    except ServiceError as error:
        raise click.BadParameter("; ".join(error.fields.values()), param_hint="EMAIL") from None
    db.session.commit()
    click.echo(f"Organiser {organiser.name} <{organiser.email}>; API token (shown once):")
    click.echo(token)


@demo_cli.command("seed")
def demo_seed() -> None:
    """Add the demo programmes and trainings if the database has no trainings."""
    added = seed_demo(date.today())
    click.echo(f"{added} demo trainings added" if added else "trainings exist; nothing added")


def register_cli(app: Flask) -> None:
    app.cli.add_command(organiser_cli)
    app.cli.add_command(demo_cli)
    register_attendance_cli(app)
