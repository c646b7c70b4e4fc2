"""The annual report over 200 activities and 20,000 registrations: must take under a second.

Seeds a fresh database (SQLite under a temporary folder, or a database of its own on the
PostgreSQL server named by DATABASE_URL, dropped afterwards) with bulk inserts: 200 trainings of
the year (kinds, modalities, programmes and months rotating), 20,000 registrations from member
countries (participants, a few experts), an attendance summary each (4 in 5 attended), a
standing certificate for 3 in 5, and survey answers for 1 in 4. Then times the whole annual
report as the API computes it (``statistics`` + the paragraph in three languages), cold once and
warm ``--runs`` times, and counts the SQL statements it sends.

    .venv/bin/python bench/reports.py
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test .venv/bin/python bench/reports.py
"""

from __future__ import annotations

import argparse
import os
import statistics as stats
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)
TARGET_SECONDS = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=200)
    parser.add_argument("--registrations", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="the slowest statements")
    args = parser.parse_args()

    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    server = os.environ.get("DATABASE_URL", "")
    admin = name = None
    work = Path(tempfile.mkdtemp(prefix="tadrib-bench-reports-"))
    os.environ.setdefault("VAR_DIR", str(work))
    if server.startswith("postgresql"):
        name = f"tadrib_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = (
            make_url(server).set(database=name).render_as_string(hide_password=False)
        )
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    try:
        run(args)
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


def run(args: argparse.Namespace) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import event, insert

    from service import create_app
    from service.attendance.models import AttendanceSummary
    from service.certification.models import Certificate
    from service.core.countries import member_states
    from service.core.db import db
    from service.evaluation.models import Answer, Invitation, Response
    from service.registrations.models import Registration
    from service.reports.paragraph import summary
    from service.reports.statistics import statistics
    from service.trainings.models import Kind, Modality, Programme, Training, TrainingSession

    app = create_app()
    year = 2025
    countries = sorted(member_states())
    kinds, modalities = list(Kind), list(Modality)
    now = datetime.now(UTC)
    with app.app_context():
        upgrade()
        engine = db.engine
        started = time.perf_counter()
        db.session.execute(
            insert(Programme),
            [
                {"code": f"P{p:02d}-CaB", "name": {"en": f"Programme {p}"}, "created_at": now}
                for p in range(12)
            ],
        )
        programmes = [p.id for p in db.session.scalars(db.select(Programme))]
        trainings = []
        for t in range(args.activities):
            day = date(year, 1 + t % 12, 1 + t % 28)
            trainings.append(
                {
                    "programme_id": programmes[t % len(programmes)],
                    "kind": kinds[t % len(kinds)],
                    "modality": modalities[t % len(modalities)],
                    "title": {"en": f"Activity {t}"},
                    "description": {},
                    "venue_city": {},
                    "venue_country": "SN",
                    "timezone": "UTC",
                    "starts_on": day,
                    "ends_on": day,
                    "languages": ["ar", "en"],
                    "registration_opens_at": now,
                    "registration_closes_at": now,
                    "eligible_countries": "oic",
                    "partners": [],
                    "attendance_threshold": 0.75,
                    "session_min_share": 0.5,
                    "status": "closed" if t % 10 else "open",
                    "certificate_template": "participation",
                    "signatories": [],
                    "reference_prefix": "WEB25",
                    "evaluation": "optional",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        db.session.execute(insert(Training), trainings)
        ids = [t.id for t in db.session.scalars(db.select(Training).order_by(Training.id))]
        db.session.execute(
            insert(TrainingSession),
            [
                {"training_id": tid, "starts_at": now, "ends_at": now + timedelta(hours=8)}
                for tid in ids
            ],
        )
        registrations = []
        for r in range(args.registrations):
            registrations.append(
                {
                    "training_id": ids[r % len(ids)],
                    "reference": f"WEB25-{r:06d}",
                    "given_name": "Bench",
                    "family_name": f"Person{r}",
                    "name_ar": "مشارك",
                    "email": f"p{r}@example.org",
                    "country": countries[r % len(countries)],
                    "preferred_language": "ar",
                    "role": "expert" if r % 50 == 0 else "participant",
                    "status": "cancelled" if r % 40 == 1 else "confirmed",
                    "access_salt": f"{r:032d}",
                    "access_token_hash": f"{r:064d}",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        db.session.execute(insert(Registration), registrations)
        rows = db.session.execute(db.select(Registration.id, Registration.training_id)).all()
        db.session.execute(
            insert(AttendanceSummary),
            [
                {
                    "registration_id": rid,
                    "sessions_attended": 0 if rid % 5 == 0 else 1,
                    "sessions_total": 1,
                    "minutes": 0.0,
                    "rule_met": rid % 5 != 0,
                    "updated_at": now,
                }
                for rid, _ in rows
            ],
        )
        db.session.execute(
            insert(Certificate),
            [
                {
                    "serial": f"TDR-{rid:08d}",
                    "registration_id": rid,
                    "training_id": tid,
                    "template": "participation",
                    "holder_name": {"en": "Bench"},
                    "issued_on": date(year, 12, 31),
                    "created_at": now,
                }
                for rid, tid in rows
                if rid % 5 in (1, 2, 3)
            ],
        )
        db.session.execute(
            insert(Invitation),
            [
                {
                    "training_id": tid,
                    "registration_id": rid,
                    "salt": f"{rid:032d}",
                    "token_hash": f"{rid:064x}",
                    "invited_at": now,
                    "answered": rid % 4 == 0,
                }
                for rid, tid in rows
                if rid % 5
            ],
        )
        answered = [(uuid.uuid4().hex, tid) for rid, tid in rows if rid % 5 and rid % 4 == 0]
        db.session.execute(insert(Response), [{"id": k, "training_id": t} for k, t in answered])
        db.session.execute(
            insert(Answer),
            [
                {"response_id": k, "training_id": t, "question": q, "number": 1 + (hash(k + q) % 5)}
                for k, t in answered
                for q in ("satisfaction", "relevance", "experts", "organisation")
            ],
        )
        db.session.commit()
        if engine.dialect.name == "postgresql":
            # Fresh bulk-loaded tables have no planner statistics until autovacuum's analyze
            # comes round; a live database has them.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("ANALYZE")
        seeded = time.perf_counter() - started

        statements = []

        def count(*_: object) -> None:
            statements.append(1)

        def report() -> float:
            db.session.remove()
            begin = time.perf_counter()
            figures = statistics(date(year, 1, 1), date(year, 12, 31))
            for language in ("ar", "en", "fr"):
                summary(figures.figures(), language)
            elapsed = time.perf_counter() - begin
            db.session.remove()
            return elapsed

        timings: list[tuple[float, str]] = []

        def start(conn, cursor, statement, *rest):  # type: ignore[no-untyped-def]
            conn.info["bench_started"] = time.perf_counter()

        def stop(conn, cursor, statement, *rest):  # type: ignore[no-untyped-def]
            timings.append((time.perf_counter() - conn.info["bench_started"], statement))

        event.listen(engine, "before_cursor_execute", count)
        event.listen(engine, "before_cursor_execute", start)
        event.listen(engine, "after_cursor_execute", stop)
        cold = report()
        queries = len(statements)
        event.remove(engine, "before_cursor_execute", count)
        event.remove(engine, "before_cursor_execute", start)
        event.remove(engine, "after_cursor_execute", stop)
        if args.verbose:
            for seconds, statement in sorted(timings, reverse=True)[:5]:
                print(f"{seconds * 1000:7.1f} ms  {' '.join(statement.split())[:150]}")
        warm = [report() for _ in range(args.runs)]
        figures = statistics(date(year, 1, 1), date(year, 12, 31)).figures()
        print(
            f"database: {engine.dialect.name} ({engine.url.render_as_string(hide_password=True)})"
        )
        print(
            f"seeded {args.activities} activities, {args.registrations} registrations "
            f"in {seeded:.1f} s"
        )
        print(
            f"report: {figures.total_activities} activities, "
            f"{figures.total_participants} participants, "
            f"{figures.countries} countries, {figures.certificates} certificates, "
            f"satisfaction {figures.satisfaction} ({figures.responses} answers)"
        )
        print(f"SQL statements per report: {queries}")
        print(
            f"cold: {cold * 1000:.0f} ms; warm (median of {args.runs}): "
            f"{stats.median(warm) * 1000:.0f} ms; slowest warm {max(warm) * 1000:.0f} ms"
        )
        verdict = "met" if max(cold, *warm) < TARGET_SECONDS else "NOT met"
        print(f"target < {TARGET_SECONDS:.0f} s: {verdict}")
        print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
