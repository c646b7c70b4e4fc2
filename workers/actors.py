"""The actors: one per kind of message, each a thin call into the service with the tables of
``service.registry``. The service sends messages by actor name (``service.pipeline.broker``) and
never imports this module; the worker process (``dramatiq workers.actors``) does.

Retries are Dramatiq's (its ``Retries`` middleware), always bounded, and what is still undone
after the last one fails visibly (``on_retry_exhausted``): an event is marked failed, a batch's
certificates still pending are marked failed. E-mails are different: their retries are
scheduled in the database (``service.pipeline.deliveries``), so none waits in the broker.
"""

from __future__ import annotations

import logging
from typing import Any

import dramatiq

from service.certification.rendering import RENDER_CERTIFICATES, give_up_rendering
from service.certification.rendering import render_certificates as render
from service.pipeline.broker import Job, get_broker
from service.pipeline.deliveries import SEND_DELIVERIES
from service.pipeline.deliveries import send_deliveries as send
from service.pipeline.outbox import PROCESS_EVENT, NotReady, fail_event
from service.pipeline.outbox import process_event as process
from service.registry import COMPOSERS, EVENT_HANDLERS, ON_SENT
from workers.app_context import AppContextMiddleware

log = logging.getLogger(__name__)

# An event that must wait for others ("not ready": a closing waits for attendance summaries)
# is tried again every second, for five minutes at most; one whose handler raises, ten times
# with exponential backoff. Then it fails visibly.
NOT_READY_DELAY_MS = 1_000
NOT_READY_RETRIES = 300
ERROR_RETRIES = 10
RENDER_RETRIES = 5

EVENT_FAILED = Job("event_failed", PROCESS_EVENT.queue)
RENDERS_FAILED = Job("renders_failed", RENDER_CERTIFICATES.queue)

get_broker().add_middleware(AppContextMiddleware())


def _retry_event(retries: int, exception: BaseException) -> bool:
    """Dramatiq's ``retry_when``: waiting (``Retry``) and errors each have their bound."""
    bound = NOT_READY_RETRIES if isinstance(exception, dramatiq.Retry) else ERROR_RETRIES
    return retries < bound


def _last_words(message_data: dict[str, Any]) -> str:
    """The last line of the failed attempt's traceback: the exception and its message."""
    lines = str(message_data.get("options", {}).get("traceback") or "").strip().splitlines()
    if not lines:
        return "gave up after retries"
    waited, _, why = lines[-1].partition("dramatiq.errors.Retry: ")
    return f"gave up waiting: {why}" if why and not waited else lines[-1]


@dramatiq.actor(
    actor_name=PROCESS_EVENT.actor,
    queue_name=PROCESS_EVENT.queue,
    retry_when=_retry_event,
    min_backoff=1_000,
    max_backoff=300_000,
    on_retry_exhausted=EVENT_FAILED.actor,
)
def process_event(event_id: int) -> None:
    try:
        process(event_id, EVENT_HANDLERS)
    except NotReady as waiting:
        log.info("event %s waits: %s", event_id, waiting)
        raise dramatiq.Retry(str(waiting), delay=NOT_READY_DELAY_MS) from None


@dramatiq.actor(actor_name=EVENT_FAILED.actor, queue_name=EVENT_FAILED.queue, max_retries=10)
def event_failed(message_data: dict[str, Any], retry_info: dict[str, Any]) -> None:
    [event_id] = message_data["args"]
    reason = _last_words(message_data)
    log.warning("event %s failed after %s retries: %s", event_id, retry_info, reason)
    fail_event(event_id, reason)


@dramatiq.actor(
    actor_name=SEND_DELIVERIES.actor,
    queue_name=SEND_DELIVERIES.queue,
    max_retries=8,
    min_backoff=5_000,
    max_backoff=600_000,
)
def send_deliveries(delivery_ids: list[int]) -> None:
    # Refused e-mails are recorded (deferred or failed), not raised: only an error of our own
    # (the database) retries the message, and rows it leaves in ``sending`` come back when
    # their lease is over.
    send(delivery_ids, COMPOSERS, ON_SENT)


@dramatiq.actor(
    actor_name=RENDER_CERTIFICATES.actor,
    queue_name=RENDER_CERTIFICATES.queue,
    max_retries=RENDER_RETRIES,
    min_backoff=5_000,
    max_backoff=600_000,
    on_retry_exhausted=RENDERS_FAILED.actor,
)
def render_certificates(certificate_ids: list[int]) -> None:
    render(certificate_ids)


@dramatiq.actor(actor_name=RENDERS_FAILED.actor, queue_name=RENDERS_FAILED.queue, max_retries=10)
def renders_failed(message_data: dict[str, Any], retry_info: dict[str, Any]) -> None:
    [certificate_ids] = message_data["args"]
    reason = f"rendering gave up after {retry_info.get('retries')} retries: "
    give_up_rendering(certificate_ids, reason + _last_words(message_data))
