"""Command-line tools: `flask --app wsgi organiser add …`, `flask --app wsgi demo seed`."""

from __future__ import annotations

import time
from datetime import date

import click
from flask import Flask
from flask.cli import AppGroup

from service.attendance_cli import register_attendance_cli
from service.database import begin_read_only
from service.demo import seed_demo
from service.errors import ServiceError
from service.extensions import db
from service.issuance import IssuanceStatus, close_training, issuance_status
from service.organisers import add_organiser, find_organiser, set_password
from service.registrations import lock_training
from service.trainings import get_training

organiser_cli = AppGroup("organiser", help="Manage organiser accounts.")
demo_cli = AppGroup("demo", help="Demo data.")

training_cli = AppGroup("training", help="Manage trainings.")


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


@organiser_cli.command("password")
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


@demo_cli.command("seed")
def demo_seed() -> None:
    """Add the demo programmes and trainings if the database has no trainings."""
    added = seed_demo(date.today())
    click.echo(f"{added} demo trainings added" if added else "trainings exist; nothing added")


@training_cli.command("close")
@click.argument("training_id", type=int)
@click.option("--wait", is_flag=True, help="Show issuance progress until it is done.")
@click.option("--timeout", default=3600, show_default=True, help="Seconds to wait at most.")
def training_close(training_id: int, wait: bool, timeout: int) -> None:
    """Close a training: the workers issue and e-mail its certificates."""
    try:
        close_training(lock_training(training_id))
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Training {training_id} closed; the workers are issuing its certificates.")
    if wait:
        _show_progress(training_id, time.monotonic() + timeout)


def _show_progress(training_id: int, deadline: float) -> None:
    status = _status(training_id)
    with click.progressbar(length=max(status.eligible, 1), label="Certificates sent") as bar:
        while not status.done:
            if time.monotonic() > deadline:
                raise click.ClickException("timed out; issuance goes on in the workers")
            time.sleep(0.5)
            status = _status(training_id)
            bar.length = max(status.eligible, 1)
            bar.update(status.emailed + status.failed - bar.pos)
    click.echo(
        f"{status.eligible} eligible, {status.rendered} rendered, {status.emailed} e-mailed, "
        f"{status.failed} failed"
    )


def _status(training_id: int) -> IssuanceStatus:
    begin_read_only()
    status = issuance_status(get_training(training_id, include_drafts=True))
    db.session.remove()  # end the transaction: the next look sees the workers' progress
    return status


def register_cli(app: Flask) -> None:
    app.cli.add_command(organiser_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(training_cli)
    register_attendance_cli(app)
