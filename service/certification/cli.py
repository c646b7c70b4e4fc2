"""`flask --app wsgi training close ID [--wait] [--force --reason TEXT]`: close a training and
follow its issuance; `training reopen ID --reason TEXT`."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from service.certification.progress import IssuanceStatus, issuance_status
from service.core.db import begin_read_only, db
from service.core.errors import ServiceError
from service.trainings.lifecycle import close_training, reopen_training
from service.trainings.operations import get_training, lock_training

training_cli = AppGroup("training", help="Manage trainings.")


@training_cli.command("close")
@click.argument("training_id", type=int)
@click.option("--wait", is_flag=True, help="Show issuance progress until it is done.")
@click.option("--timeout", default=3600, show_default=True, help="Seconds to wait at most.")
@click.option("--force", is_flag=True, help="Close before the last session has started.")
@click.option("--reason", help="Why (required with --force; recorded).")
def training_close(
    training_id: int, wait: bool, timeout: int, force: bool, reason: str | None
) -> None:
    """Close a training: the workers issue and e-mail its certificates. With --wait, exits
    non-zero when some certificates failed (each is listed)."""
    try:
        close_training(lock_training(training_id), force=force, reason=reason)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(_words(error)) from None
    db.session.commit()
    click.echo(f"Training {training_id} closed; the workers are issuing its certificates.")
    if wait:
        status = _show_progress(training_id, time.monotonic() + timeout)
        for failure in status.failures:
            who = f" {failure.serial} {failure.holder} <{failure.email}>" if failure.serial else ""
            click.echo(f"failed ({failure.stage}){who}: {failure.reason}")
        if status.failures:
            raise SystemExit(1)


@training_cli.command("reopen")
@click.argument("training_id", type=int)
@click.option("--reason", required=True, help="Why (recorded).")
def training_reopen(training_id: int, reason: str) -> None:
    """Open a closed or cancelled training again."""
    try:
        reopen_training(lock_training(training_id), reason)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(_words(error)) from None
    db.session.commit()
    click.echo(f"Training {training_id} is open again.")


def _words(error: ServiceError) -> str:
    return "; ".join(f"{name}: {text}" for name, text in error.fields.items()) or error.message


def _show_progress(training_id: int, deadline: float) -> IssuanceStatus:
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
    return status


def _status(training_id: int) -> IssuanceStatus:
    begin_read_only()
    status = issuance_status(get_training(training_id, include_drafts=True))
    db.session.remove()  # end the transaction: the next look sees the workers' progress
    return status
