"""Health endpoints for load balancers and process managers. Top-level wiring: it asks several layers.

``/healthz`` — liveness: the process answers. Nothing else is checked, so a restart is never
triggered by a database that is merely slow.

``/readyz`` — readiness: this process can serve pages now. 200 when every check passes, 503
naming the one that failed otherwise:

- ``database``: a round trip (``SELECT 1``);
- ``redis`` (when KITH_REDIS_URL is set): PING;
- ``queue`` (likewise): tasks waiting in Celery's queue while no worker has beaten recently
  (kith.core.heartbeat) is a failure: emails and notifications are not going out. A worker
  present with a backlog over KITH_READY_MAX_BACKLOG is one too;
- ``graph``: the connection graph is loaded in this process and caught up with the event log
  (the first call loads it when the warm-up did not).

:class:`HealthMiddleware` answers both paths before host validation, the HTTPS redirect and
sessions, so a probe from the load balancer to ``http://10.0.0.5:8211/readyz`` works whatever
``Host`` it sends; the URL conf routes them to the same views for everything else.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

__all__ = ["HealthMiddleware", "healthz", "readyz"]


def healthz(request: HttpRequest) -> JsonResponse:
    return _no_store(JsonResponse({"status": "ok"}))


def _check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def _check_redis() -> dict:
    from kith.core.heartbeat import redis_client

    redis_client().ping()
    return {}


def _check_queue() -> dict:
    from kith.core import heartbeat

    waiting = heartbeat.queue_length()
    workers = heartbeat.alive_workers()
    detail = {"waiting": waiting, "workers": len(workers)}
    if waiting and not workers:
        raise Unready(f"{waiting} tasks are waiting and no Celery worker is consuming them", detail)
    if waiting > settings.KITH_READY_MAX_BACKLOG:
        raise Unready(f"{waiting} tasks are waiting (more than KITH_READY_MAX_BACKLOG={settings.KITH_READY_MAX_BACKLOG})", detail)
    return detail


def _check_graph() -> dict:
    from kith.graph import adapter

    g = adapter.graph()
    return {"members": g.n, "connections": g.num_edges, **adapter.snapshot_info()}


class Unready(Exception):
    def __init__(self, message: str, detail: dict | None = None):
        super().__init__(message)
        self.detail = detail or {}


def _checks() -> list[tuple[str, Callable[[], dict]]]:
    checks = [("database", _check_database)]
    if settings.REDIS_URL:
        checks += [("redis", _check_redis), ("queue", _check_queue)]
    checks.append(("graph", _check_graph))
    return checks


def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict] = {}
    ready = True
    for name, check in _checks():
        started = time.perf_counter()
        try:
            result = {"ok": True, **check()}
        except Unready as unready:
            result = {"ok": False, "error": str(unready), **unready.detail}
        except Exception as error:  # noqa: BLE001 - any failure of a dependency means not ready
            result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
        if not result["ok"]:
            ready = False
            if name in ("database", "redis"):
                break  # what follows needs it
    body = {"status": "ready" if ready else "unready", "checks": results}
    return _no_store(JsonResponse(body, status=200 if ready else 503))


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


PATHS = {"/healthz": healthz, "/readyz": readyz}


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = PATHS.get(request.path_info.rstrip("/") or "/")
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
