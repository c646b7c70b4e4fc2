"""`flask --app wsgi organiser add EMAIL --name NAME` and `organiser password EMAIL`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from service.core.db import db
from service.core.errors import ServiceError
from service.organisers.accounts import add_organiser, find_organiser, set_password

cli = AppGroup("organiser", help="Manage organiser accounts.")


@cli.command("add")
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


@cli.command("password")
@click.argument("email")
@click.password_option(help="The new password (prompted for, twice, when not given).")
def organiser_password(email: str, password: str) -> None:
    """Set the password an organiser signs in to the pages with."""
    organiser = find_organiser(email)
    if organiser is None:
        raise click.BadParameter("no organiser with this e-mail address", param_hint="EMAIL")
    set_password(organiser, password)
    db.session.commit()
    click.echo(f"Password set for {organiser.email}.")
