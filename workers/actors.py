"""Actors: thin wrappers that run one domain operation per message (see service/)."""

from __future__ import annotations

import dramatiq

from workers.broker import broker

assert broker is dramatiq.get_broker()


@dramatiq.actor(queue_name="default", max_retries=10, min_backoff=1_000, max_backoff=300_000)
def process_event(event_id: int) -> None:
    from service.notifications import process_event as process

    process(event_id)


@dramatiq.actor(queue_name="email", max_retries=8, min_backoff=5_000, max_backoff=3_600_000)
def send_delivery(delivery_id: int) -> None:
    from service.deliveries import send_delivery as send

    send(delivery_id)
