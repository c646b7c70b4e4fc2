"""Forty people registering at the same moment for ten seats, over real HTTP."""

from __future__ import annotations

import json
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from factories import create_training, person
from werkzeug.serving import make_server


def test_forty_concurrent_registrations_for_ten_seats(app, client, auth):
    training = create_training(client, auth, capacity=10)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/api/v1/trainings/{training['id']}/registrations"
    start = threading.Barrier(40)

    def post(index: int) -> tuple[int, dict]:
        body = json.dumps(person(email=f"p{index}@example.sn")).encode()
        request = urllib.request.Request(
            url, data=body, headers={"Content-Type": "application/json"}
        )
        start.wait()
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())

    try:
        with ThreadPoolExecutor(max_workers=40) as pool:
            results = list(pool.map(post, range(40)))
    finally:
        server.shutdown()
    assert [status for status, _ in results] == [201] * 40
    statuses = [body["status"] for _, body in results]
    assert statuses.count("confirmed") == 10
    assert statuses.count("waitlisted") == 30
    listed = client.get(f"/api/v1/trainings/{training['id']}/registrations", headers=auth).json
    assert sum(r["status"] == "confirmed" for r in listed["registrations"]) == 10
    assert len({r["reference"] for r in listed["registrations"]}) == 40
