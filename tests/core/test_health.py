"""/healthz and /readyz: what a load balancer and a process manager ask of each process."""

import json
import time
import uuid

import pytest
import redis

from kith.core import heartbeat
from tests.factories import connect, make_member

REDIS = "redis://127.0.0.1:6379/11"


def redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")


@pytest.fixture
def with_redis(settings):
    """Redis configured, with a queue of this test's own (parallel runs never see each other's)."""
    settings.REDIS_URL = REDIS
    settings.CELERY_TASK_DEFAULT_QUEUE = f"kith-test-{uuid.uuid4().hex}"
    client = redis.Redis.from_url(REDIS)
    yield client
    client.delete(settings.CELERY_TASK_DEFAULT_QUEUE, heartbeat.KEY.format(queue=settings.CELERY_TASK_DEFAULT_QUEUE))


def test_healthz_answers_whatever_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["kith.example.org"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8211")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_checks_the_database_and_loads_the_graph(client, db):
    ada, grace = make_member("Ada Lovelace"), make_member("Grace Hopper")
    connect(ada, grace)
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["graph"]["connections"] == 1
    assert "redis" not in body["checks"]  # not configured: not asked


def test_readyz_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301  # everything else is


def test_readyz_fails_when_the_database_is_unreachable(client, db, monkeypatch):
    from django.db import OperationalError

    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr("kith.health._check_database", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unready" and body["checks"]["database"]["ok"] is False
    assert "graph" not in body["checks"]  # nothing after the database is asked


@needs_redis
def test_readyz_fails_while_tasks_wait_and_no_worker_consumes_them(client, db, with_redis, settings):
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    assert client.get("/readyz").status_code == 200  # empty queue, no worker: fine

    with_redis.rpush(queue, json.dumps({"task": "kith.core.tasks.purge_rate_counters"}))
    response = client.get("/readyz")
    assert response.status_code == 503
    queue_check = response.json()["checks"]["queue"]
    assert queue_check == {**queue_check, "ok": False, "waiting": 1, "workers": 0}
    assert "no Celery worker" in queue_check["error"]

    heartbeat.beat("celery@stack-1")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["queue"]["workers"] == 1

    # A worker that stopped beating is gone.
    heartbeat.forget("celery@stack-1")
    heartbeat.beat("celery@stack-1", now=time.time() - heartbeat.STALE_AFTER - 1)
    assert client.get("/readyz").status_code == 503


@needs_redis
def test_readyz_fails_on_a_backlog_even_with_a_worker(client, db, with_redis, settings):
    settings.KITH_READY_MAX_BACKLOG = 2
    heartbeat.beat("celery@stack-1")
    with_redis.rpush(settings.CELERY_TASK_DEFAULT_QUEUE, "a", "b", "c")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "KITH_READY_MAX_BACKLOG" in response.json()["checks"]["queue"]["error"]


def test_readyz_fails_when_redis_is_unreachable(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["redis"]["ok"] is False and "queue" not in checks


def test_a_worker_heartbeat_thread_beats_and_forgets(db, with_redis):
    stop = heartbeat.start("celery@thread-test")
    try:
        deadline = time.monotonic() + 10
        while "celery@thread-test" not in heartbeat.alive_workers():
            assert time.monotonic() < deadline, "the heartbeat never arrived"
            time.sleep(0.05)
    finally:
        stop.set()
    deadline = time.monotonic() + 10
    while "celery@thread-test" in heartbeat.alive_workers():
        assert time.monotonic() < deadline, "a stopped worker is still counted"
        time.sleep(0.05)
