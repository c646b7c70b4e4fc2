"""Forty people registering, or forty decisions, at the same moment for ten seats, over real
HTTP (PostgreSQL locks the training's row; SQLite serialises writers)."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from factories import add_focal_point, create_training, nominate, person
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


def test_forty_concurrent_decisions_never_exceed_capacity_or_quotas(app, client, auth):
    """Forty organisers' requests at once, each accepting one of forty nominees from four
    countries: ten seats, three per country."""
    countries = ("SN", "MA", "EG", "TN")
    training = create_training(
        client,
        auth,
        capacity=10,
        admission="nomination",
        quotas=dict.fromkeys(countries, 10),
    )
    references = []
    for country in countries:
        headers = add_focal_point(app, f"pf@{country.lower()}.example", country)
        references += [
            nominate(
                client,
                training["id"],
                headers,
                email=f"n{i}@{country.lower()}.example",
                country=country,
            )["reference"]
            for i in range(10)
        ]
    lowered = client.patch(
        f"/api/v1/trainings/{training['id']}",
        json={"quotas": dict.fromkeys(countries, 3)},
        headers=auth,
    )
    assert lowered.status_code == 200, lowered.json
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/api/v1/trainings/{training['id']}/decisions"
    start = threading.Barrier(40)

    def post(reference: str) -> dict:
        body = json.dumps({"decisions": [{"reference": reference, "decision": "accept"}]})
        request = urllib.request.Request(
            url, data=body.encode(), headers={"Content-Type": "application/json", **auth}
        )
        start.wait()
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            return json.loads(response.read())["results"][0]

    try:
        with ThreadPoolExecutor(max_workers=40) as pool:
            results = list(pool.map(post, references))
    finally:
        server.shutdown()
    assert sum(r["decided"] for r in results) == 10
    assert {r["error"] for r in results if not r["decided"]} <= {"no_seats", "quota_exceeded"}
    listed = client.get(
        f"/api/v1/trainings/{training['id']}/registrations?status=confirmed", headers=auth
    ).json["registrations"]
    assert len(listed) == 10
    per_country = Counter(r["country"] for r in listed)
    assert max(per_country.values()) <= 3
    assert client.get(f"/api/v1/trainings/{training['id']}").json["seats_left"] == 0
