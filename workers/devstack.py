"""`make run`: migrate, seed the demo, then run web + worker + scheduler (+ embedded broker).

Ctrl-C (or SIGTERM) stops every process cleanly. If one of them dies, the others are stopped too.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time

from service.core.config import Settings
from service.pipeline import embedded

DEMO_ORGANISER = "demo.organiser@example.org"


def _flask(*args: str, env: dict[str, str]) -> str:
    command = [sys.executable, "-m", "flask", "--app", "wsgi", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def _processes(settings: Settings) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [
            python,
            "-m",
            "gunicorn",
            "wsgi:app",
            "--bind",
            f"127.0.0.1:{settings.port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ],
        "worker": [
            python,
            "-m",
            "dramatiq",
            "workers.actors",
            "--processes",
            "1",
            "--threads",
            "4",
        ],
        "scheduler": [python, "-m", "workers.scheduler"],
    }


def main() -> int:
    settings = Settings.from_env()
    env = dict(os.environ)
    broker_server = None
    if not settings.redis_url:
        broker_server = embedded.start(settings.var_dir)
        env["REDIS_URL"] = embedded.url(settings.var_dir)
    children: dict[str, subprocess.Popen[bytes]] = {}
    stopping = False

    def stop(*_args: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        _flask("db", "upgrade", env=env)
        print(_flask("demo", "seed", env=env).strip(), flush=True)
        added = _flask("organiser", "add", DEMO_ORGANISER, "--name", "Demo Organiser", env=env)
        token = added.strip().splitlines()[-1]
        password = secrets.token_urlsafe(9)
        _flask("organiser", "password", DEMO_ORGANISER, "--password", password, env=env)
        for name, command in _processes(settings).items():
            children[name] = subprocess.Popen(command, env=env)
        base = f"http://127.0.0.1:{settings.port}"
        print(
            "\nTadrib is running (Ctrl-C stops it):\n"
            f"  Pages          {base}/  (?lang=ar|en|fr)\n"
            f"  API            {base}/api/v1/trainings\n"
            f"  OpenAPI        {base}/api/v1/openapi.json\n"
            f"  Health         {base}/healthz\n"
            f"  Broker         {env['REDIS_URL']}\n"
            f"  Outbox (.eml)  {settings.outbox_dir if not settings.smtp_url else 'SMTP'}\n"
            f"  Organisers     {base}/organiser/  ({DEMO_ORGANISER} / {password})\n"
            f"  Demo organiser token: {token}\n",
            flush=True,
        )
        while not stopping:
            dead = [name for name, child in children.items() if child.poll() is not None]
            if dead:
                print(f"{', '.join(dead)} stopped unexpectedly; shutting down", file=sys.stderr)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children.values():
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        if broker_server is not None:
            broker_server.stop()


if __name__ == "__main__":
    sys.exit(main())
