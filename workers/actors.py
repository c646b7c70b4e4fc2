"""The actors: one per kind of message, each a thin call into the service with the tables of
``service.registry``. The service sends messages by actor name (``service.pipeline.broker``) and
never imports this module; the worker process (``dramatiq workers.actors``) does."""

from __future__ import annotations

import logging

import dramatiq

from service.certification.rendering import RENDER_CERTIFICATES
from service.certification.rendering import render_certificates as render
from service.pipeline.broker import get_broker
from service.pipeline.deliveries import SEND_DELIVERIES
from service.pipeline.deliveries import send_deliveries as send
from service.pipeline.outbox import PROCESS_EVENT, NotReady
from service.pipeline.outbox import process_event as process
from service.registry import COMPOSERS, EVENT_HANDLERS
from workers.app_context import AppContextMiddleware

log = logging.getLogger(__name__)
NOT_READY_DELAY_MS = 500

get_broker().add_middleware(AppContextMiddleware())


@dramatiq.actor(
    actor_name=PROCESS_EVENT.actor,
    queue_name=PROCESS_EVENT.queue,
    max_retries=10,
    min_backoff=1_000,
    max_backoff=300_000,
)
def process_event(event_id: int) -> None:
    try:
        process(event_id, EVENT_HANDLERS)
    except NotReady as waiting:
        log.info("event %s waits: %s", event_id, waiting)
        process_event.send_with_options(args=(event_id,), delay=NOT_READY_DELAY_MS)


@dramatiq.actor(
    actor_name=SEND_DELIVERIES.actor,
    queue_name=SEND_DELIVERIES.queue,
    max_retries=8,
    min_backoff=5_000,
    max_backoff=3_600_000,
)
def send_deliveries(delivery_ids: list[int]) -> None:
    send(delivery_ids, COMPOSERS)


@dramatiq.actor(
    actor_name=RENDER_CERTIFICATES.actor,
    queue_name=RENDER_CERTIFICATES.queue,
    max_retries=5,
    min_backoff=5_000,
    max_backoff=600_000,
)
def render_certificates(certificate_ids: list[int]) -> None:
    render(certificate_ids)
