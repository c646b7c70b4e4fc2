"""A worker killed (SIGKILL) after claiming a batch of e-mails: after a restart every e-mail of
the batch arrives, none lost, at most one duplicate each (with the same Message-ID).

The worker and the scheduler run as `make run` runs them (`dramatiq workers.actors`, `python -m
workers.scheduler`), against this test's database and broker, with a short lease; the SMTP
server takes the batch's second message and stalls before its 250, and the worker is killed
right then: the one e-mail the server has and the database does not know about is the
duplicate the design allows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from factories import create_training, register
from smtp_servers import scripted_smtp_server
from waiting import wait_for, wait_until_idle

pytestmark = pytest.mark.slow  # starts worker and scheduler processes

ROOT = Path(__file__).resolve().parent.parent
BATCH = 4  # the registrations told of the cancellation, in one message of ids
LEASE_SECONDS = 3


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """A process group of its own, so that a kill reaches the worker processes dramatiq forks."""
    with log.open("ab") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen[bytes], sig: signal.Signals = signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def cancellation_rows(app) -> list[tuple[str, str, str | None]]:
    from service.core.db import db
    from service.pipeline.models import Delivery

    with app.app_context():
        rows = [
            (d.recipient, d.status, d.message_id)
            for d in db.session.query(Delivery)
            .filter(Delivery.kind == "training.cancelled")
            .order_by(Delivery.id)
        ]
        db.session.remove()
    return rows


def test_a_worker_killed_after_claiming_a_batch_loses_no_email(app, client, auth, tmp_path):
    with scripted_smtp_server() as (inbox, smtp_url):
        env = dict(os.environ)
        env.update(
            SMTP_URL=smtp_url,
            DELIVERY_LEASE_SECONDS=str(LEASE_SECONDS),
            BROKER_HEARTBEAT_TIMEOUT_MS="3000",
            OUTBOX_SWEEP_DELAY="1",
        )
        worker_command = [sys.executable, "-m", "dramatiq", "workers.actors", "--processes", "1"]
        worker_command += ["--threads", "2"]
        log = tmp_path / "processes.log"
        training = create_training(client, auth)
        emails = [f"p{n}@example.sn" for n in range(BATCH)]
        for email in emails:
            register(client, training["id"], email=email, preferred_language="en")
        processes = {
            "scheduler": start([sys.executable, "-m", "workers.scheduler"], env, log),
            "worker": start(worker_command, env, log),
        }
        try:
            wait_for(lambda: len(inbox.raw) == BATCH, 120, "the confirmations")
            wait_until_idle(app, 60)
            inbox.stall_at = BATCH + 2  # the cancellation batch's second e-mail

            cancelled = client.patch(
                f"/api/v1/trainings/{training['id']}", json={"status": "cancelled"}, headers=auth
            )
            assert cancelled.status_code == 200, cancelled.json
            assert inbox.stalled.wait(60), log.read_text()[-3000:]

            def claimed():
                rows = cancellation_rows(app)
                statuses = sorted(status for _, status, _ in rows)
                return statuses == ["sending"] * (BATCH - 1) + ["sent"] and rows

            before = wait_for(claimed, 30, "the batch claimed, its first e-mail recorded")
            stop(processes["worker"], signal.SIGKILL)  # mid-conversation, after the claim
            inbox.release.set()  # the server keeps the message it had taken; nobody hears it

            processes["worker"] = start(worker_command, env, log)
            wait_for(
                lambda: all(status == "sent" for _, status, _ in cancellation_rows(app)),
                120,
                "every e-mail of the batch sent after the restart",
            )
            wait_until_idle(app, 60)
        finally:
            for process in processes.values():
                stop(process)

        after = cancellation_rows(app)
        assert [message_id for *_, message_id in after] == [m for *_, m in before]  # kept
        arrived = inbox.message_ids()
        batch = {message_id: arrived.get(str(message_id), 0) for *_, message_id in after}
        assert all(count >= 1 for count in batch.values()), batch  # none lost
        assert all(count <= 2 for count in batch.values()), batch  # at most one duplicate each
        duplicates = sum(count - 1 for count in batch.values())
        assert duplicates == 1, batch  # exactly the one the server took before the kill
        cancellations = [m for m in inbox.messages if m["Subject"].startswith("Training cancelled")]
        assert sorted({m["To"] for m in cancellations}) == emails
