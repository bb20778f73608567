"""Triage inbox benchmark: server time of the received-invitations page with insights.

    KITH_VAR_DIR=/tmp/kith100k .venv/bin/python bench/insights.py [--runs 30] [--pending 50] [--json]

Needs a demo community in the configured database (``kith demo --members 100000``).
Setup (not timed): the demo's login member (Ada) gets pending invitations from
strangers until she has ``--pending`` of them — genuine members, some from her
industry or city, and spam-like accounts, as the demo's own inbox mixes them. Then
the page is fetched with Django's test Client (the whole request: middleware,
view, selectors, graph, templates) ``--runs`` times after one warm-up request
that loads the graph engine; median and p95 are reported, with the page's
query count. Runs against whichever database KITH_* points at.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from kith.demo.builder import login_member  # noqa: E402
from kith.graph import adapter  # noqa: E402
from kith.members.models import Connection, User  # noqa: E402
from kith.network.models import Invitation  # noqa: E402
from kith.network.selectors import Box, invitations  # noqa: E402


def ensure_pending(member: User, wanted: int, seed: int = 7) -> int:
    """Top the member's received box up to ``wanted`` pending invitations from strangers."""
    have = invitations(member, Box.RECEIVED).count()
    if have >= wanted:
        return have
    rnd = random.Random(seed)
    top = User.objects.order_by("-pk").values_list("pk", flat=True).first()
    taken = set(Connection.objects.filter(member=member).values_list("other_id", flat=True))
    taken |= set(Invitation.objects.filter(recipient=member).values_list("sender_id", flat=True))
    taken |= set(Invitation.objects.filter(sender=member).values_list("recipient_id", flat=True))
    taken.add(member.pk)
    spam = list(User.objects.filter(email__endswith="@demo-spam.kith.localhost").values_list("pk", flat=True))
    now = timezone.now()
    rows = []
    notes = ["Hi Ada, we met at the Summit. Would be good to stay in touch.", "", "Hello, happy to connect."]
    while have + len(rows) < wanted:
        sender = rnd.choice(spam) if spam and rnd.random() < 0.2 else rnd.randint(1, top)
        if sender in taken or not User.objects.filter(pk=sender, is_active=True).exists():
            continue
        taken.add(sender)
        created = now - timedelta(hours=rnd.randint(1, 24 * 40))
        rows.append(Invitation(sender_id=sender, recipient=member, note=rnd.choice(notes), created_at=created))
    Invitation.objects.bulk_create(rows)
    return invitations(member, Box.RECEIVED).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pending", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    # Not setup_test_environment(): it instruments every template render, which would be timed too.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    profile = login_member()
    if profile is None:
        sys.exit("No members: build a demo community first (kith demo --members 100000).")
    member = profile.user
    pending = ensure_pending(member, args.pending)
    client = Client()
    client.force_login(member)
    url = "/network/invitations/"

    started = time.perf_counter()
    first = client.get(url)
    warm = time.perf_counter() - started
    assert first.status_code == 200, first.status_code
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    times, cpu = [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200
    labels = response.content.decode().count('class="ins-label ins-label--')
    result = {
        "database": connection.vendor,
        "members": User.objects.count(),
        "connections": Connection.objects.count() // 2,
        "graph_members": adapter.graph().n,
        "pending_invitations": pending,
        "cards_rendered": labels,
        "queries_per_page": len(queries),
        "runs": args.runs,
        "first_request_ms": round(warm * 1000, 1),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(float(np.percentile(times, 95)), 1),
        "max_ms": round(max(times), 1),
        # CPU time of this process (SQLite runs in it): what the request costs without
        # other processes competing for the cores.
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(float(np.percentile(cpu, 95)), 1),
        "python": platform.python_version(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"Triage inbox on {result['database']}: {result['members']:,} members, {result['connections']:,} connections; "
        f"{pending} pending invitations, {labels} cards, {len(queries)} queries a page.\n"
        f"  load average {result['load_average']}; first request (graph load) {result['first_request_ms']} ms; "
        f"over {args.runs} runs median {result['median_ms']} ms, p95 {result['p95_ms']} ms, max {result['max_ms']} ms "
        f"(CPU time median {result['cpu_median_ms']} ms, p95 {result['cpu_p95_ms']} ms)"
    )


if __name__ == "__main__":
    main()
