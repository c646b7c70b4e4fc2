"""The Dramatiq broker, configured from the environment when this module is imported.

Importing it sets Dramatiq's global broker, so it must be imported before any actor is declared.
"""

from __future__ import annotations

import dramatiq
import redis
from dramatiq.brokers.redis import RedisBroker

from service.config import Settings
from workers import embedded
from workers.app_context import AppContextMiddleware

QUEUES = ("default", "email", "certificates")


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
    broker = RedisBroker(
        client=client,
        namespace=settings.broker_namespace,
        heartbeat_timeout=settings.broker_heartbeat_timeout_ms,
        maintenance_chance=settings.broker_maintenance_chance,
    )
    broker.add_middleware(AppContextMiddleware())
    return broker


broker = create_broker(Settings.from_env())
dramatiq.set_broker(broker)
