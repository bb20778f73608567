"""What one request to each of a member's main pages costs: wall and CPU time, queries, and
where the CPU goes (cProfile), through Django's test client against a demo database.

    KITH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kith_stack_8212 PYTHONPATH=. \\
        .venv/bin/python bench/pages.py [--runs 20] [--members 5] [--profile home] [--top 25]

For ``--members`` demo members (signed in with force_login), each page is requested once to warm
the process (the graph, the caches a worker keeps), then ``--runs`` times in turn; printed per
page: median and p95 wall ms, median CPU ms of this process (the database's own time is the
difference), and the queries of a first (cold) and a second (warm) request. ``--profile PAGE`` prints cProfile's top
functions by cumulative time over all the runs of that page; ``--query-times PAGE`` the time of
each of its statements (as Django sends them: parameters apart), costliest first. The same journeys as
bench/load/locustfile.py, without the network, nginx and gunicorn.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
os.environ.setdefault("KITH_DEBUG", "0")
import django  # noqa: E402

django.setup()

import logging  # noqa: E402

logging.getLogger("kith.request").setLevel(logging.WARNING)

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kith.demo.builder import DEMO_DOMAIN  # noqa: E402
from kith.graph import adapter  # noqa: E402
from kith.members.models import Profile  # noqa: E402


def pages_for(profile: Profile) -> dict[str, str]:
    g = adapter.graph()
    first = g.neighbors(profile.pk)
    second = next((int(x) for f in first[:20] for x in g.neighbors(int(f)) if int(x) != profile.pk and int(x) not in set(first.tolist())), None)
    other = Profile.objects.filter(pk=second).values_list("handle", flat=True).first() or profile.handle
    return {
        "home": "/",
        "search + facet": "/search/?q=engineer&degree=2",
        "profile + insights": f"/in/{other}/",
        "invitations": "/network/invitations/",
        "my network": "/network/",
        "inbox": "/messaging/",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--profile", default=None, help="a page name to profile (e.g. home)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="cProfile's order: cumulative, or tottime for time in the function itself")
    parser.add_argument("--profile-only", default="", help="only functions whose path matches this (e.g. kith/)")
    parser.add_argument("--queries", default=None, help="a page name whose warm request's SQL to print")
    parser.add_argument("--query-times", default=None,
                        help="a page name: the time of each of its statements over the runs, costliest first")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    print(f"load average {os.getloadavg()[0]:.1f}; {Profile.objects.count():,} members; {connection.vendor}", file=sys.stderr)
    members = list(Profile.objects.filter(user__email__endswith="@" + DEMO_DOMAIN, user__is_active=True).select_related("user").order_by("pk")[: args.members])
    clients = []
    for profile in members:
        client = Client()
        client.force_login(profile.user)
        clients.append((client, pages_for(profile)))
    names = list(clients[0][1])
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    queries: dict[str, int] = {}
    warm: dict[str, list[str]] = {}
    profiler = cProfile.Profile()
    for client, urls in clients:  # warm-up, and one request's queries
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
            queries[name] = max(queries.get(name, 0), len(captured))
    for client, urls in clients:  # a second, warm request: what a page costs between changes
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as captured:
                client.get(url, secure=True)
            warm.setdefault(name, [q["sql"] for q in captured])
    timed: dict[str, list[float]] = {}

    def time_statement(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.setdefault(" ".join(sql.split())[:140], []).append((time.perf_counter() - started) * 1000)

    for _ in range(args.runs):
        for client, urls in clients:
            for name, url in urls.items():
                reset_queries()
                t0, c0 = time.perf_counter(), time.process_time()
                if name == args.profile:
                    profiler.enable()
                if name == args.query_times:
                    with connection.execute_wrapper(time_statement):
                        response = client.get(url, secure=True)
                else:
                    response = client.get(url, secure=True)
                if name == args.profile:
                    profiler.disable()
                wall[name].append((time.perf_counter() - t0) * 1000)
                cpu[name].append((time.process_time() - c0) * 1000)
    print("| page | wall p50 ms | wall p95 ms | CPU p50 ms | queries (cold) | queries (warm) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in names:
        print(f"| {name} | {statistics.median(wall[name]):.1f} | {np.percentile(wall[name], 95):.1f} | "
              f"{statistics.median(cpu[name]):.1f} | {queries[name]} | {len(warm[name])} |")
    print(f"load average after {os.getloadavg()[0]:.1f}", file=sys.stderr)
    for sql in warm.get(args.queries, []):
        print(sql[:300])
    if args.query_times:
        requests = args.runs * len(clients)
        print(f"\n{args.query_times}: {sum(map(sum, timed.values())) / requests:.1f} ms in statements a request")
        for sql, times in sorted(timed.items(), key=lambda kv: -sum(kv[1]))[: args.top]:
            print(f"{sum(times) / requests:7.2f} ms {len(times) / requests:4.1f}x  {sql}")
    if args.profile:
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(args.profile_only, args.top)


if __name__ == "__main__":
    main()
