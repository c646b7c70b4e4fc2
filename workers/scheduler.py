"""The scheduler: one process that runs periodic jobs against the database.

The outbox sweep runs here rather than as an actor because its job is to recover from a broker
that was unreachable: it must not depend on the broker to run.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask

from service import create_app
from service.core.clock import utcnow
from service.evaluation.operations import queue_survey_reminders
from service.pipeline import sweeper
from service.registrations.reminders import queue_reminders
from service.registry import SWEPT

log = logging.getLogger(__name__)


def sweep(delay: timedelta, now: datetime | None = None) -> dict[str, int]:
    """Re-send the messages of every kind of pending work (``service.registry.SWEPT``)."""
    return sweeper.sweep(SWEPT, delay, now)


def sweep_once(app: Flask) -> dict[str, int]:
    with app.app_context():
        counts = sweep(timedelta(seconds=app.config["OUTBOX_SWEEP_DELAY"]))
    if any(counts.values()):
        log.info("outbox sweep re-sent %s", counts)
    return counts


def remind_once(app: Flask) -> int:
    """The reminders due now: the day before, an hour before online sessions, and the survey's
    one reminder three days after its invitation (each keyed, so sent once)."""
    with app.app_context():
        now = utcnow()
        queued = queue_reminders(now) + queue_survey_reminders(now)
    if queued:
        log.info("queued %d reminders", queued)
    return queued


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s scheduler %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    app = create_app()
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        sweep_once,
        "interval",
        args=[app],
        seconds=app.config["OUTBOX_SWEEP_DELAY"],
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        remind_once, "interval", args=[app], seconds=60, max_instances=1, coalesce=True
    )
    log.info("scheduler started")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        log.info("scheduler stopped")


if __name__ == "__main__":
    main()
