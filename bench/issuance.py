"""Issuance end to end: close a training of N confirmed participants and time the workers.

Seeds N confirmed, eligible participants directly in a fresh database, starts Dramatiq worker
processes (all queues) and a local SMTP sink that counts what it receives, closes the training
and waits until every certificate is rendered, stored and e-mailed. Prints wall time,
certificates per second and the peak memory (VmHWM) of the worker processes.

    .venv/bin/python bench/issuance.py                 # N = 1,000 and 10,000, 2 processes
    .venv/bin/python bench/issuance.py --n 2000 --processes 2 --threads 4

Uses the defaults (SQLite under a temporary VAR_DIR, embedded Valkey) unless REDIS_URL is set.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ would come first on the path and bench/certificates.py would shadow
# the certificates package.
sys.path[0] = str(ROOT)
TARGET_SECONDS_10K = 120


class CountingSink:
    """An SMTP server that only counts messages and bytes."""

    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        with self.lock:
            self.messages += 1
            self.bytes += len(envelope.content)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            children.append(int(child))
            children.extend(descendants(int(child)))
    return children


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def seed(n: int) -> int:
    from sqlalchemy import insert

    from service.attendance.models import AttendanceSummary
    from service.core.db import db
    from service.core.security import (
        derive_access_token,
        derive_join_token,
        hash_token,
        new_salt,
    )
    from service.registrations.models import Registration
    from service.trainings.operations import create_programme, create_training
    from service.trainings.schemas import ProgrammeIn, TrainingIn

    create_programme(ProgrammeIn(code="StatCaB", name={"en": "Statistics", "ar": "الإحصاء"}))
    starts = date.today() - timedelta(days=5)
    training = create_training(
        TrainingIn.model_validate(
            {
                "programme": "StatCaB",
                "kind": "training_course",
                "modality": "onsite",
                "title": {
                    "ar": "الدورة التدريبية حول الإحصاءات النقدية والمالية في إطار برنامج StatCaB",
                    "en": "Training Course on Monetary and Financial Statistics",
                },
                "venue": {"city": {"ar": "أنقرة", "en": "Ankara"}, "country": "TR"},
                "timezone": "Europe/Istanbul",
                "starts_on": starts.isoformat(),
                "ends_on": (starts + timedelta(days=2)).isoformat(),
                "registration_opens_at": "2020-01-01T00:00:00Z",
                "registration_closes_at": "2020-02-01T00:00:00Z",
                "status": "open",
            }
        )
    )
    secret = os.environ["SECRET_KEY"]
    rows = []
    for i in range(n):
        salt = new_salt()
        rows.append(
            {
                "training_id": training.id,
                "reference": f"BEN-{i:07d}",
                "given_name": f"Participant{i}",
                "family_name": "Benchmark",
                "name_ar": "محمد عبد الله الأحمد" if i % 2 else None,
                "email": f"p{i}@example.org",
                "country": "SN",
                "preferred_language": ("en", "fr", "ar")[i % 3],
                "role": "participant",
                "status": "confirmed",
                "access_salt": salt,
                "access_token_hash": hash_token(derive_access_token(secret, salt)),
                "join_token_hash": hash_token(derive_join_token(secret, salt)),
            }
        )
    db.session.execute(insert(Registration), rows)
    ids = db.session.query(Registration.id).filter_by(training_id=training.id).all()
    db.session.execute(
        insert(AttendanceSummary),
        [
            {
                "registration_id": rid,
                "sessions_attended": 3,
                "sessions_total": 3,
                "minutes": 0.0,
                "rule_met": True,
            }
            for (rid,) in ids
        ],
    )
    db.session.commit()
    return training.id


def run(n: int, processes: int, threads: int) -> dict[str, float]:
    from aiosmtpd.controller import Controller
    from flask_migrate import upgrade

    from service import create_app
    from service.certification.progress import issuance_status
    from service.core.db import begin_read_only, db
    from service.trainings.lifecycle import close_training
    from service.trainings.operations import get_training, lock_training

    app = create_app()
    with app.app_context():
        db.engine.dispose()
        upgrade()
        training_id = seed(n)
    sink = CountingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=int(os.environ["SINK_PORT"]))
    controller.start()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dramatiq",
            "workers.actors",
            "--processes",
            str(processes),
            "--threads",
            str(threads),
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, stopped as a whole below
    )
    time.sleep(3)  # let the worker processes start before the clock does
    peaks: dict[int, float] = {}
    with app.app_context():
        started = time.perf_counter()
        close_training(lock_training(training_id))
        db.session.commit()
        rendered_at = None
        while True:
            begin_read_only()
            status = issuance_status(get_training(training_id, include_drafts=True))
            db.session.remove()  # hold no transaction (on SQLite, the write lock) while waiting
            for pid in descendants(worker.pid):
                peaks[pid] = max(peaks.get(pid, 0.0), peak_rss_mb(pid))
            if rendered_at is None and status.eligible and status.rendered == status.eligible:
                rendered_at = time.perf_counter() - started
            if status.done:
                break
            time.sleep(0.25)
        wall = time.perf_counter() - started
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):  # no stragglers left behind
            os.killpg(worker.pid, signal.SIGKILL)
    controller.stop()
    certificates_dir = Path(os.environ["VAR_DIR"]) / "certificates"
    pdf_bytes = sum(p.stat().st_size for p in certificates_dir.rglob("*.pdf"))
    return {
        "n": n,
        "eligible": status.eligible,
        "emailed": status.emailed,
        "failed": status.failed,
        "received": sink.messages,
        "wall_s": wall,
        "rendered_s": rendered_at or wall,
        "per_s": status.emailed / wall,
        "peak_worker_mb": max(peaks.values(), default=0.0),
        "pdf_kb": pdf_bytes / max(status.rendered, 1) / 1024,
        "mail_kb": sink.bytes / max(sink.messages, 1) / 1024,
    }


def child(n: int, processes: int, threads: int) -> None:
    """One measurement, in a process of its own with a fresh VAR_DIR."""
    var_dir = Path(tempfile.mkdtemp(prefix="tadrib-bench-")) / "var"
    os.environ.update(
        VAR_DIR=str(var_dir),
        SECRET_KEY="bench",
        PUBLIC_BASE_URL="https://tadrib.example.org",
        SMTP_URL=f"smtp://127.0.0.1:{os.environ['SINK_PORT']}",
        BROKER_NAMESPACE=f"bench-{uuid.uuid4().hex[:6]}",
    )
    os.environ.pop("DATABASE_URL", None)
    broker = None
    if not os.environ.get("REDIS_URL"):
        from service.pipeline import embedded

        broker = embedded.start(var_dir)
    try:
        result = run(n, processes, threads)
    finally:
        if broker is not None:
            broker.stop()
    print(
        f"N={result['n']:>6}  wall {result['wall_s']:7.1f} s  "
        f"(all rendered after {result['rendered_s']:.1f} s)  "
        f"{result['per_s']:6.1f} certificates/s  "
        f"peak worker RSS {result['peak_worker_mb']:.0f} MB  "
        f"PDF {result['pdf_kb']:.1f} KB  e-mail {result['mail_kb']:.1f} KB  "
        f"emailed {result['emailed']}/{result['eligible']} failed {result['failed']} "
        f"received {result['received']}",
        flush=True,
    )
    if result["n"] == 10_000:
        print(
            f"       target: 10,000 in <= {TARGET_SECONDS_10K} s -> "
            f"{result['wall_s'] / TARGET_SECONDS_10K:.2f} of the budget",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="participants (repeatable)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.processes, args.threads)
        return
    broker = "REDIS_URL" if os.environ.get("REDIS_URL") else "embedded"
    print(
        f"Issuance benchmark: {args.processes} worker processes x {args.threads} threads, "
        f"{os.cpu_count()} CPUs, broker {broker}"
    )
    for n in args.n or [1_000, 10_000]:
        env = {**os.environ, "SINK_PORT": str(free_port())}
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                str(n),
                "--processes",
                str(args.processes),
                "--threads",
                str(args.threads),
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )


if __name__ == "__main__":
    main()
