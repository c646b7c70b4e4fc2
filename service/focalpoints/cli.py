"""`flask --app wsgi focal-point add EMAIL --country SN --name NAME` and
`focal-point password EMAIL`."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from pydantic import ValidationError

from service.core.db import db
from service.core.errors import ServiceError
from service.focalpoints.accounts import add_from_command_line, find_focal_point, set_password
from service.focalpoints.schemas import FocalPointIn

cli = AppGroup("focal-point", help="Manage national focal points.")


@cli.command("add")
@click.argument("email")
@click.option("--country", required=True, help="ISO code of their country, such as SN.")
@click.option("--name", required=True, help="Their full name.")
@click.option(
    "--programme",
    "programmes",
    multiple=True,
    help="A programme code they nominate for (repeat; none: every programme).",
)
@click.option(
    "--language",
    type=click.Choice(["ar", "en", "fr"]),
    default="en",
    show_default=True,
    help="The language of their e-mails (beside Arabic).",
)
def focal_point_add(
    email: str, country: str, name: str, programmes: tuple[str, ...], language: str
) -> None:
    """Create a focal point (or reuse one) and print a new API token on the last line."""
    try:
        data = FocalPointIn(
            email=email, name=name, country=country, programmes=list(programmes), language=language
        )
        focal_point, token = add_from_command_line(data)
    except ValidationError as error:
        problems = "; ".join(f"{e['loc'][0]}: {e['msg']}" for e in error.errors())
        raise click.UsageError(problems) from None
    except ServiceError as error:
        raise click.UsageError("; ".join(f"{k}: {v}" for k, v in error.fields.items())) from None
    db.session.commit()
    click.echo(
        f"Focal point {focal_point.name} <{focal_point.email}> ({focal_point.country}); "
        "API token (shown once):"
    )
    click.echo(token)


@cli.command("password")
@click.argument("email")
@click.password_option(help="The new password (prompted for, twice, when not given).")
def focal_point_password(email: str, password: str) -> None:
    """Set the password a focal point signs in to their pages with."""
    focal_point = find_focal_point(email)
    if focal_point is None:
        raise click.BadParameter("no focal point with this e-mail address", param_hint="EMAIL")
    set_password(focal_point, password)
    db.session.commit()
    click.echo(f"Password set for {focal_point.email}.")
