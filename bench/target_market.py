"""Who is in a member's target market: the database query against the in-memory index.

    KITH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kith_stack_8212 PYTHONPATH=. \\
        .venv/bin/python bench/target_market.py [--viewers 30] [--scale 10]

On a demo database (100,000 members here): for ``--viewers`` demo members with a target market,
times graph_selectors' query (``_target_market_query``, what every call cost before) and the
index's mask (kith/network/market_index.py), checks that they agree, and times building the
index. Then the same profile and position rows are repeated ``--scale`` times under new ids (a
community ten times larger with the same vocabulary) and the index is built and timed again:
the figure for 1M members. Medians, with the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from kith.members.models import Position, Profile, TargetMarket  # noqa: E402
from kith.network.graph_selectors import _target_market_query  # noqa: E402
from kith.network.market_index import build_from  # noqa: E402

FIELDS = ("industries", "title_keywords", "locations", "companies")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--viewers", type=int, default=30)
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    profiles = list(Profile.objects.values_list("pk", "industry", "city", "region", "country", "headline"))
    positions = list(Position.objects.filter(is_current=True).values_list("profile_id", "title", "company"))
    n = max(p[0] for p in profiles) + 1
    index = build_from(profiles, positions)
    markets = [m for m in TargetMarket.objects.order_by("?")[: args.viewers * 3] if not m.is_empty][: args.viewers]

    query_ms, index_ms, sizes = [], [], []
    for market in markets:
        viewer = market.profile.user
        t0 = time.perf_counter()
        expected = _target_market_query(viewer, market, np.zeros(n, dtype=bool), n)
        query_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        got = index.mask(n, **{f: getattr(market, f) for f in FIELDS})
        got[viewer.pk] = False
        index_ms.append((time.perf_counter() - t0) * 1000)
        assert np.array_equal(got, expected), f"index and query disagree for {market.pk}"
        sizes.append(int(expected.sum()))
    print("| members | what | median ms | p95 ms | markets | median market size |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    row = lambda label, xs: print(  # noqa: E731
        f"| {len(profiles):,} | {label} | {statistics.median(xs):.2f} | {np.percentile(xs, 95):.2f} | {len(markets)} | {statistics.median(sizes):,.0f} |")
    row("database query (before)", query_ms)
    row("index mask (after)", index_ms)
    print(f"| {len(profiles):,} | index build (once per process, in the background) | {index.seconds * 1000:.0f} | | | |")

    # Ten times the community: the same rows under new ids.
    big_profiles = [(pk + k * n, *rest) for k in range(args.scale) for pk, *rest in profiles]
    big_positions = [(pk + k * n, *rest) for k in range(args.scale) for pk, *rest in positions]
    big = build_from(big_profiles, big_positions)
    del big_profiles, big_positions
    big_ms = []
    for market in markets:
        t0 = time.perf_counter()
        big.mask(n * args.scale, **{f: getattr(market, f) for f in FIELDS})
        big_ms.append((time.perf_counter() - t0) * 1000)
    members = len(profiles) * args.scale
    print(f"| {members:,} | index mask (after) | {statistics.median(big_ms):.2f} | {np.percentile(big_ms, 95):.2f} | {len(markets)} | |")
    print(f"| {members:,} | index build | {big.seconds * 1000:.0f} | | | |")
    print(f"load average after {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
