"""Warm a server process before its first request (kith.wsgi and kith.asgi call :func:`warm_up`).

Top-level wiring like kith/api.py: it reaches into several apps.

A fresh process otherwise pays on its first page for what every later page reuses: compiling the
templates (the cached loader keeps them), building the URL resolver, importing the views' modules,
opening the database connection and loading the connection graph from the database (the largest
part, and growing with the community: bench/RESULTS.md, "First request after start-up"). Management
commands never import kith.wsgi, so they do not pay for it; KITH_WARMUP=0 turns it off.

Each step is best effort: a database that is not migrated yet, or a template that fails to compile,
is logged and left for the request that needs it, and start-up goes on.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger("kith.warmup")


def _template_names() -> list[str]:
    """Every template name the configured loaders can find: the site's and each installed app's."""
    from django.apps import apps

    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [Path(config.path) / "templates" for config in apps.get_app_configs() if config.name.startswith("kith")]
    names = set()
    for folder in folders:
        if folder.is_dir():
            names.update(str(path.relative_to(folder)) for path in folder.rglob("*.html"))
    return sorted(names)


def warm_templates() -> int:
    """Compile Kith's templates into the cached loader (allauth's are compiled when first used)."""
    from django.template import TemplateSyntaxError
    from django.template.loader import get_template

    count = 0
    for name in _template_names():
        try:
            get_template(name)
            count += 1
        except TemplateSyntaxError as error:  # the page that uses it will show the error
            logger.warning("warm-up: template %s does not compile: %s", name, error)
    return count


def warm_urls() -> None:
    """Build the URL resolver (and so import every view module and the API's schemas)."""
    from django.urls import get_resolver, reverse

    get_resolver()._populate()
    reverse("home")


def warm_graph() -> int:
    """Load the connection graph and run each of its kernels once, as the pages call them.

    The kernels are compiled ahead (numba's on-disk cache), but a process still loads numba's
    machinery and each kernel's code on first use: a second or more on the first page that badges
    a degree or suggests people. One member with connections stands in for the first visitor.
    Returns how many member slots the graph holds.
    """
    from kith.graph import adapter
    from kith.members.models import Connection, Profile
    from kith.network import graph_selectors

    g = adapter.graph()
    edge = Connection.objects.select_related("member", "other__profile").order_by("pk").first()
    if edge is None:
        return g.n
    member, other = edge.member, edge.other.profile
    stranger = Profile.objects.exclude(pk__in=[member.pk, other.pk]).order_by("pk").first() or other
    graph_selectors.people_you_may_know(member, k=5)
    graph_selectors.reach_for(member)
    graph_selectors.degree_badges(member, [other.pk, stranger.pk])
    graph_selectors.mutual_connections(member, other.pk)
    graph_selectors.introduction_paths(member, stranger)
    graph_selectors.reach_gain_for(member, stranger.pk)
    return g.n


def _run(name: str, step, timings: list[str]) -> None:
    begun = time.perf_counter()
    try:
        step()
    except DatabaseError as error:  # not migrated yet, or the database is not up: the request will say
        logger.warning("warm-up: %s skipped: %s", name, error)
    except Exception:  # never stop a server from starting; the page that needs it will fail visibly
        logger.exception("warm-up: %s failed", name)
    timings.append(f"{name} {1000 * (time.perf_counter() - begun):.0f} ms")


def _close_connections() -> None:
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close()


def _graph_then_report(started: float, timings: list[str]) -> None:
    _run("graph", warm_graph, timings)
    if settings.KITH_MARKET_INDEX:
        from kith.network import market_index

        market_index.start_rebuild()  # its own thread: who matches a target market
    _close_connections()  # this thread's own; requests have theirs
    print(f"Kith warmed up in {1000 * (time.perf_counter() - started):.0f} ms ({', '.join(timings)})", file=sys.stderr, flush=True)


def warm_up(*, wait: bool = False) -> threading.Thread | None:
    """Compile templates and build the URLs now; load the graph in a background thread.

    The graph grows with the community (seconds at a million members), and gunicorn kills a
    worker that takes longer than its timeout to start, so the server starts answering while the
    thread loads it; a request that needs the graph meanwhile waits for the same load instead of
    starting its own. ``wait=True`` joins the thread (tests). Returns the thread, or None when
    KITH_WARMUP=0.
    """
    if os.environ.get("KITH_WARMUP", "1").strip().lower() in {"0", "false", "no", "off"}:
        print("Kith warm-up skipped (KITH_WARMUP=0)", file=sys.stderr, flush=True)
        return None
    started = time.perf_counter()
    timings: list[str] = []
    _run("urls", warm_urls, timings)
    _run("templates", warm_templates, timings)
    _close_connections()
    thread = threading.Thread(target=_graph_then_report, args=(started, timings), name="kith-warm-up", daemon=True)
    thread.start()
    if wait:
        thread.join()
    return thread


def settle_gc() -> None:
    """Set up the cyclic garbage collector for serving (kith.wsgi and kith.asgi, after warm_up).

    What is loaded by now lives as long as the process: frozen out of the collector, whose full
    passes over it cost ~100 ms of a request (a search's p95 at 1M members, bench/RESULTS.md).
    And the young generation is collected every KITH_GC_GEN0 allocations instead of Python's 700:
    a page allocates tens of thousands of objects (querysets, model instances, template
    contexts), so at 700 it paid for a collection every few milliseconds of its own work.
    """
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(int(os.environ.get("KITH_GC_GEN0", 10_000)), older, oldest)
