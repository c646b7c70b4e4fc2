"""The Dramatiq broker, and sending a message to an actor by its name.

The service never imports the actors (they live in ``workers/``, which runs them): it sends
messages by actor name and queue, which is all a message is. The broker is made from the
environment on first use (``get_broker``), which also makes it Dramatiq's global broker, so a
worker calls it before declaring actors.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker

from service.core.config import Settings
from service.pipeline import embedded


class Job(NamedTuple):
    """An actor's name and queue: what a message needs to reach it."""

    actor: str
    queue: str


def create_broker(settings: Settings) -> RedisBroker:
    """A Redis broker tuned so that messages held by a killed worker come back within seconds.

    Dramatiq's Redis broker requeues the unacknowledged messages of a worker whose heartbeat is
    older than ``heartbeat_timeout``, during "maintenance" that runs on a random
    ``maintenance_chance`` per million broker commands. The defaults (60 s and 1,000 per million)
    leave such messages stranded for many minutes on a quiet queue; we use 10 s and 100,000 per
    million (each idle consumer polls about once a second, so maintenance runs every few seconds).
    """
    url = settings.redis_url or embedded.url(settings.var_dir)
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=10)
    return RedisBroker(
        client=client,
        namespace=settings.broker_namespace,
        heartbeat_timeout=settings.broker_heartbeat_timeout_ms,
        maintenance_chance=settings.broker_maintenance_chance,
    )


@cache
def get_broker() -> RedisBroker:
    """This process's broker, configured from the environment."""
    broker = create_broker(Settings.from_env())
    dramatiq.set_broker(broker)
    return broker


def __getattr__(name: str) -> Any:
    """``from service.pipeline.broker import broker``: the broker, made on first use."""
    if name == "broker":
        return get_broker()
    raise AttributeError(name)


def send(job: Job, *args: Any) -> None:
    """Send one message to the job's actor (as ``actor.send(*args)`` would)."""
    get_broker().enqueue(
        dramatiq.Message(
            queue_name=job.queue, actor_name=job.actor, args=args, kwargs={}, options={}
        )
    )
