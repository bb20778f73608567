"""Celery workers say they are alive, so readiness can tell a queue that is being worked from one that is not.

With KITH_REDIS_URL set and no worker running, tasks (emails, notifications' fan-out, the graph
rebuild) pile up in Redis and nothing says so. Each worker's main process writes its name and
the time into one sorted set every HEARTBEAT_SECONDS (kith/celery.py starts it when the worker is
ready); ``/readyz`` fails while tasks wait in the queue and no worker has beaten within
STALE_AFTER seconds (kith/health.py).
"""

from __future__ import annotations

import functools
import threading
import time

import redis
from django.conf import settings

__all__ = ["alive_workers", "beat", "forget", "queue_length", "redis_client", "start"]

KEY = "kith:celery:workers:{queue}"
HEARTBEAT_SECONDS = 10
STALE_AFTER = 3 * HEARTBEAT_SECONDS


@functools.cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def redis_client() -> redis.Redis:
    return _client(settings.REDIS_URL)


def _key() -> str:
    return KEY.format(queue=settings.CELERY_TASK_DEFAULT_QUEUE)


def beat(name: str, *, now: float | None = None) -> None:
    redis_client().zadd(_key(), {name: time.time() if now is None else now})


def forget(name: str) -> None:
    redis_client().zrem(_key(), name)


def alive_workers(*, now: float | None = None) -> list[str]:
    """Workers that beat within STALE_AFTER seconds (and the long-gone ones are dropped)."""
    client = redis_client()
    now = time.time() if now is None else now
    client.zremrangebyscore(_key(), "-inf", now - 24 * 3600)
    return [name.decode() for name in client.zrangebyscore(_key(), now - STALE_AFTER, "+inf")]


def queue_length() -> int:
    """Tasks waiting in the default queue (Celery's Redis transport keeps it as a list)."""
    return int(redis_client().llen(settings.CELERY_TASK_DEFAULT_QUEUE))


def start(name: str) -> threading.Event:
    """Beat for worker ``name`` in a daemon thread until the returned event is set."""
    stop = threading.Event()

    def run() -> None:
        while True:
            try:
                beat(name)
            except redis.RedisError:
                pass  # Redis is away: readiness says so itself; beat again when it is back
            if stop.wait(HEARTBEAT_SECONDS):
                break
        try:
            forget(name)
        except redis.RedisError:
            pass

    threading.Thread(target=run, name="kith-heartbeat", daemon=True).start()
    return stop
