"""Actors: thin wrappers that run one domain operation per message (see service/)."""

from __future__ import annotations

import logging

import dramatiq

from workers.broker import broker

log = logging.getLogger(__name__)
NOT_READY_DELAY_MS = 500

assert broker is dramatiq.get_broker()


@dramatiq.actor(queue_name="default", max_retries=10, min_backoff=1_000, max_backoff=300_000)
def process_event(event_id: int) -> None:
    from service.notifications import process_event as process
    from service.outbox import NotReady

    try:
        process(event_id)
    except NotReady as waiting:
        log.info("event %s waits: %s", event_id, waiting)
        process_event.send_with_options(args=(event_id,), delay=NOT_READY_DELAY_MS)


@dramatiq.actor(queue_name="email", max_retries=8, min_backoff=5_000, max_backoff=3_600_000)
def send_deliveries(delivery_ids: list[int]) -> None:
    from service.deliveries import send_deliveries as send

    send(delivery_ids)


@dramatiq.actor(queue_name="certificates", max_retries=5, min_backoff=5_000, max_backoff=600_000)
def render_certificates(certificate_ids: list[int]) -> None:
    from service.issuance import render_certificates as render

    render(certificate_ids)
