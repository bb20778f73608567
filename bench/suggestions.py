"""People You May Know for a newcomer (the cold-start path) against established members.

    KITH_VAR_DIR=/tmp/kith100k .venv/bin/python bench/suggestions.py [--runs 30] [--k 20] [--json]

Needs a demo community in the configured database (``kith demo --members 100000``).
For each run a genuine demo member is drawn (seeded) and a newcomer signs up
through the real actions with that member's city, industry and current company,
and nothing else: no connections. Timed: ``people_you_may_know(newcomer, k)``
(affinity lookups, exclusions, the graph with the profile candidates, the
profiles), and its two parts on their own (``Affinity(...).candidates()`` and
the graph's ``suggest`` with those candidates, and the profile scoring of
the graph's own pool). Wall and CPU time are reported (SQLite runs in this
process, so its CPU time is what a call costs without other processes competing
for the cores). The peer in the same run is
the same call for the established member the newcomer was modelled on (graph
candidates from their connections, plus the same profile lookups). Everything
runs in one transaction that is rolled back, so the database is left as it was.
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
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from kith.demo.builder import DEMO_DOMAIN  # noqa: E402
from kith.graph import adapter, suggest  # noqa: E402
from kith.members import actions  # noqa: E402
from kith.members.affinity import Affinity  # noqa: E402
from kith.members.models import Connection, Position, Profile, User  # noqa: E402
from kith.network.graph_selectors import _never_suggest, people_you_may_know  # noqa: E402


def ms(seconds: list[float]) -> dict[str, float]:
    values = [s * 1000 for s in seconds]
    return {"median": round(statistics.median(values), 2), "p95": round(float(np.percentile(values, 95)), 2)}


CPU: dict[str, list[float]] = {}


def timed(fn, label: str):
    """Wall time of ``fn()``; its CPU time (SQLite runs in this process) goes to CPU[label]."""
    started, cpu = time.perf_counter(), time.process_time()
    out = fn()
    CPU.setdefault(label, []).append(time.process_time() - cpu)
    return time.perf_counter() - started, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    genuine = list(Profile.objects.filter(user__email__endswith="@" + DEMO_DOMAIN).values_list("pk", flat=True))
    if not genuine:
        sys.exit("No demo members: build a demo community first (kith demo --members 100000).")
    models = random.Random(args.seed).sample(genuine, min(args.runs, len(genuine)))
    adapter.graph()  # loaded once, as a running server has it
    people_you_may_know(User.objects.get(pk=models[0]), k=args.k)  # warm-up: numba kernels, query plans

    total, lookups, graph, peer, counts = [], [], [], [], []
    with transaction.atomic():
        for i, model_id in enumerate(models):
            model = Profile.objects.get(pk=model_id)
            job = Position.objects.filter(profile_id=model_id, is_current=True).first()
            newcomer = actions.create_member(email=f"newcomer{i}@bench.invalid", name=f"New Comer {i}", password=None)
            actions.update_profile(newcomer, city=model.city, industry=model.industry)
            if job is not None:
                actions.add_position(newcomer, company=job.company, title=job.title, start=job.start, is_current=True)
            seconds, got = timed(lambda n=newcomer: people_you_may_know(n, k=args.k), "newcomer_pymk")
            total.append(seconds)
            counts.append(len(got))
            affinity = Affinity(newcomer)
            seconds, extra = timed(lambda a=affinity: a.candidates(k=args.k), "newcomer_affinity_lookups")
            lookups.append(seconds)
            g = adapter.graph_covering(newcomer.pk)
            extra = np.array(extra, dtype=np.int64)
            never = _never_suggest(newcomer)
            seconds, _ = timed(lambda g=g, n=newcomer, e=extra, x=never, a=affinity: suggest(g, n.pk, args.k, exclude=x, extra=e, profile_score=a.score), "newcomer_graph_with_candidates")
            graph.append(seconds)
            seconds, _ = timed(lambda m=model.user: people_you_may_know(m, k=args.k), "established_member_pymk")
            peer.append(seconds)
        transaction.set_rollback(True)

    result = {
        "database": connection.vendor,
        "members": User.objects.count(),
        "connections": Connection.objects.count() // 2,
        "runs": len(models),
        "k": args.k,
        "newcomer_pymk_ms": ms(total),
        "newcomer_affinity_lookups_ms": ms(lookups),
        "newcomer_graph_with_candidates_ms": ms(graph),
        "established_member_pymk_ms": ms(peer),
        "cpu_ms": {label: ms(values) for label, values in CPU.items()},
        "newcomer_suggestions_min": min(counts),
        "newcomer_suggestions_median": statistics.median(counts),
        "python": platform.python_version(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    cpu = result["cpu_ms"]
    print(
        f"People You May Know on {result['database']}: {result['members']:,} members, {result['connections']:,} connections, "
        f"{result['runs']} newcomers (city + industry + current company, no connections), k={args.k}; "
        f"load average {result['load_average']}\n"
        f"  newcomer, whole call:              median {result['newcomer_pymk_ms']['median']} ms, p95 {result['newcomer_pymk_ms']['p95']} ms (CPU median {cpu['newcomer_pymk']['median']}, p95 {cpu['newcomer_pymk']['p95']}) "
        f"({result['newcomer_suggestions_min']}–{args.k} suggestions, median {result['newcomer_suggestions_median']})\n"
        f"    of which affinity lookups:       median {result['newcomer_affinity_lookups_ms']['median']} ms, p95 {result['newcomer_affinity_lookups_ms']['p95']} ms (CPU median {cpu['newcomer_affinity_lookups']['median']}, p95 {cpu['newcomer_affinity_lookups']['p95']})\n"
        f"    graph + profile scoring:         median {result['newcomer_graph_with_candidates_ms']['median']} ms, p95 {result['newcomer_graph_with_candidates_ms']['p95']} ms (CPU median {cpu['newcomer_graph_with_candidates']['median']}, p95 {cpu['newcomer_graph_with_candidates']['p95']})\n"
        f"  established member (peer):         median {result['established_member_pymk_ms']['median']} ms, p95 {result['established_member_pymk_ms']['p95']} ms (CPU median {cpu['established_member_pymk']['median']}, p95 {cpu['established_member_pymk']['p95']})"
    )


if __name__ == "__main__":
    main()
