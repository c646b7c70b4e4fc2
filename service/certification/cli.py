"""`flask --app wsgi training close ID [--wait]`: close a training and follow its issuance."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from service.certification.progress import IssuanceStatus, issuance_status
from service.core.db import begin_read_only, db
from service.core.errors import ServiceError
from service.trainings.lifecycle import close_training
from service.trainings.operations import get_training, lock_training

training_cli = AppGroup("training", help="Manage trainings.")


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
