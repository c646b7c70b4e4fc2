"""`flask --app wsgi demo seed`: the demo programmes and trainings of `make run`."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from service.trainings.demo import seed_demo

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("seed")
def demo_seed() -> None:
    """Add the demo programmes and trainings if the database has no trainings."""
    added = seed_demo(date.today())
    click.echo(f"{added} demo trainings added" if added else "trainings exist; nothing added")
