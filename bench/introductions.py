"""Introductions: how fast the best introducers and the market page's paths are, and how well
path strength ranks introducers.

    python bench/introductions.py speed --members 1000000 --avg-degree 100 --json
    python bench/introductions.py quality --json

speed: a seeded synthetic network (bench/_graphgen.py). Each tie gets synthetic facts
(years together, messages, age, days idle) hashed from its two ends, scored by
kith.graph.introduce.tie_strength, as the adapter's fact lookup would hand them over.
Timed, per query, medians and p95 over the sampled askers:

- ``introducers``: the best 5 introducers for a 2nd-degree member (kith.graph.introduce.introducers);
- ``market_first50``: a target market (a seeded 5% of members), its members' degree badges,
  the first 50 in degree order and, for each 2nd-degree one the best introducer and for
  each 3rd-degree one the best chain;
- the same two through networkx in the same run: all_shortest_paths for the introducers
  (then the same tie scores), and for the market single_source_shortest_path_length
  (cutoff 3) plus all_shortest_paths per member. networkx cannot hold 46M edges in this
  machine's share of memory, so its graph holds the edges touching the 2-hop balls of the
  askers it is timed on: every path of length ≤ 3 from those askers lies in it, so its
  answers are the full graph's (checked against Kith's for each query).

quality: arXiv q-fin co-authorship in the order papers appeared (../shared/data/graphs).
The graph and tie facts at the split step (default: half the papers): messages = papers
written together so far, age = steps since the first, idle = steps since the last (a step
is one paper; scaled as days). For every pair (a, t) two hops apart at the split with at
least two introducers, the held-out measure of introducer x is the papers x writes with
*both* ends after the split (min of the two counts). Reported: how often each ranking's
top introducer is one of the best by that measure (hit@1) and NDCG over the introducers,
over the pairs where the measure is not the same for all; rankings: path strength, mutual
count (x's mutual connections with a plus with t: how embedded x is), fewest connections
(kith.graph.queries.paths' order), and random.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _graphgen import generate  # noqa: E402

from kith.graph import degrees, mutual  # noqa: E402
from kith.graph.csr import Graph  # noqa: E402
from kith.graph.introduce import chains, introducers, tie_strength  # noqa: E402

# ../shared/data/graphs from the project root (a worktree sits one level deeper).
DATA = next((p for p in (ROOT / ".." / "shared" / "data" / "graphs", ROOT / ".." / ".." / "shared" / "data" / "graphs") if p.is_dir()), ROOT)


def machine() -> dict[str, object]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {"cpus": os.cpu_count(), "cpu": model, "load_avg": [round(x, 1) for x in os.getloadavg()]}


def stats(times: list[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in times)
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 4), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 4)}


# --- speed ------------------------------------------------------------------------------------


def hashed_tie(u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Synthetic facts for each tie, the same whichever way round it is asked."""
    lo = np.minimum(u, v).astype(np.uint64)
    hi = np.maximum(u, v).astype(np.uint64)
    h = (lo * np.uint64(0x9E3779B97F4A7C15)) ^ (hi * np.uint64(0xC2B2AE3D27D4EB4F))
    h ^= h >> np.uint64(29)
    years = (h & np.uint64(0xFF)).astype(np.float64) / 255.0 * 6.0 * ((h >> np.uint64(8)) & np.uint64(3) == 0)
    messages = ((h >> np.uint64(16)) & np.uint64(0xFF)).astype(np.float64) * ((h >> np.uint64(24)) & np.uint64(1))
    age = ((h >> np.uint64(32)) & np.uint64(0xFFF)).astype(np.float64) % 2500
    idle = ((h >> np.uint64(44)) & np.uint64(0x3FF)).astype(np.float64)
    return tie_strength(years_together=years, messages=messages, age_days=age, idle_days=idle)


def second_and_third(g: Graph, rng, askers: int) -> list[tuple[int, int, int]]:
    """(asker, a 2nd-degree member, a 3rd-degree member) for sampled askers with both."""
    out = []
    while len(out) < askers:
        a = int(rng.integers(0, g.n))
        row = g.neighbors(a)
        if row.shape[0] < 2:
            continue
        x = int(row[rng.integers(0, row.shape[0])])
        rx = g.neighbors(x)
        t2 = int(rx[rng.integers(0, rx.shape[0])])
        if t2 == a or g.has_edge(a, t2):
            continue
        ry = g.neighbors(t2)
        t3 = int(ry[rng.integers(0, ry.shape[0])])
        if degrees(g, a, [t3])[0] != 3:
            continue
        out.append((a, t2, t3))
    return out


def kith_market(g: Graph, a: int, market: np.ndarray, k: int = 50):
    badges = degrees(g, a, market)
    order = np.argsort(np.where(badges == 0, 4, badges), kind="stable")[:k]
    first = market[order]
    out = []
    for m, d in zip(first.tolist(), badges[order].tolist(), strict=True):
        if d == 2:
            ids, _ = introducers(g, a, m, tie=hashed_tie, k=1)
            out.append((m, d, ids.tolist()))
        elif d == 3:
            pairs, _ = chains(g, a, m, tie=hashed_tie, k=1)
            out.append((m, d, pairs.tolist()))
        else:
            out.append((m, d, []))
    return out


class NxPeer:
    """networkx on the edges touching the askers' 2-hop balls (see the module docstring)."""

    def __init__(self, g: Graph, askers: list[int]):
        import networkx as nx

        self.nx = nx
        ball: set[int] = set()
        for a in askers:
            first = g.neighbors(a)
            ball.add(a)
            ball.update(first.tolist())
            for x in first.tolist():
                ball.update(g.neighbors(x).tolist())
        self.G = nx.Graph()
        for u in ball:
            row = g.neighbors(u).tolist()
            self.G.add_edges_from((u, v) for v in row)

    def introducers(self, a: int, t: int, k: int = 5) -> list[int]:
        mids = sorted({p[1] for p in self.nx.all_shortest_paths(self.G, a, t)})
        arr = np.array(mids)
        s = hashed_tie(np.full(arr.shape[0], a), arr) * hashed_tie(arr, np.full(arr.shape[0], t))
        order = np.lexsort((arr, -s))[:k]
        return arr[order].tolist()

    def market(self, a: int, market: np.ndarray, k: int = 50):
        dist = self.nx.single_source_shortest_path_length(self.G, a, cutoff=3)
        badge = {m: (dist.get(m, 0) if m != a else 0) for m in market.tolist()}
        ordered = sorted(market.tolist(), key=lambda m: (badge[m] if badge[m] else 4))[:k]
        out = []
        for m in ordered:
            d = badge[m]
            if d == 2:
                out.append((m, d, self.introducers(a, m, k=1)))
            elif d == 3:
                paths = np.array([p[1:3] for p in self.nx.all_shortest_paths(self.G, a, m)])
                x, y = paths[:, 0], paths[:, 1]
                s = hashed_tie(np.full(x.shape[0], a), x) * hashed_tie(x, y) * hashed_tie(y, np.full(y.shape[0], m))
                best = np.lexsort((y, x, -s))[0]
                out.append((m, d, [[int(x[best]), int(y[best])]]))
            else:
                out.append((m, d, []))
        return out


def speed(args) -> list[dict]:
    rows = []
    t = time.perf_counter()
    src, dst = generate(args.members, args.avg_degree, seed=args.seed)
    g = Graph.from_edges(args.members, src, dst)
    del src, dst
    rows.append({"query": "build", "members": g.n, "edges": g.num_edges, "build_s": round(time.perf_counter() - t, 1), "machine": machine()})
    rng = np.random.default_rng(args.seed + 1)
    market = np.flatnonzero(rng.random(g.n) < args.market_share).astype(np.int32)
    samples = second_and_third(g, rng, args.askers)
    # Warm the kernels (numba compiles on first use; cache=True keeps it across runs).
    a, t2, t3 = samples[0]
    introducers(g, a, t2, tie=hashed_tie)
    kith_market(g, a, market)
    times = defaultdict(list)
    kith_answers = {}
    for a, t2, t3 in samples:
        s = time.perf_counter()
        ids, _ = introducers(g, a, t2, tie=hashed_tie, k=5)
        times["introducers"].append(time.perf_counter() - s)
        s = time.perf_counter()
        pairs, _ = chains(g, a, t3, tie=hashed_tie, k=3)
        times["chains"].append(time.perf_counter() - s)
        s = time.perf_counter()
        page = kith_market(g, a, market)
        times["market_first50"].append(time.perf_counter() - s)
        kith_answers[a] = (ids.tolist(), page)
    for q, ts in times.items():
        rows.append({"query": q, "impl": "kith", **stats(ts)})
    peer_askers = samples[: args.peer_askers]
    s = time.perf_counter()
    peer = NxPeer(g, [a for a, _, _ in peer_askers])
    rows.append({"query": "build", "impl": "networkx", "edges": peer.G.number_of_edges(), "build_s": round(time.perf_counter() - s, 1)})
    ptimes = defaultdict(list)
    agree = {"introducers": 0, "market_first50": 0}
    for a, t2, _ in peer_askers:
        s = time.perf_counter()
        ids = peer.introducers(a, t2, k=5)
        ptimes["introducers"].append(time.perf_counter() - s)
        s = time.perf_counter()
        page = peer.market(a, market)
        ptimes["market_first50"].append(time.perf_counter() - s)
        agree["introducers"] += ids == kith_answers[a][0]
        agree["market_first50"] += [(m, d) for m, d, _ in page] == [(m, d) for m, d, _ in kith_answers[a][1]]
    kith_median = {r["query"]: r["median_ms"] for r in rows if r.get("impl") == "kith"}
    for q, ts in ptimes.items():
        st = stats(ts)
        rows.append({"query": q, "impl": "networkx", **st, "peer_over_kith": round(st["median_ms"] / kith_median[q], 1), "same_answers": f"{agree[q]}/{len(peer_askers)}"})
    rows.append({"query": "done", "machine": machine()})
    return rows


# --- quality ----------------------------------------------------------------------------------


def read_dgs(path: Path) -> list[list[tuple[int, int]]]:
    """The co-author pairs of each paper (step), in order; a repeat collaboration repeats its pair."""
    steps: list[list[tuple[int, int]]] = []
    names: dict[str, tuple[int, int]] = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "st":
            steps.append([])
        elif parts[0] == "ae":
            u, v = int(parts[2]), int(parts[3])
            names[parts[1]] = (min(u, v), max(u, v))
            steps[-1].append(names[parts[1]])
        elif parts[0] == "ce":
            steps[-1].append(names[parts[1]])
    return steps


def ndcg(gains: list[float]) -> float:
    ideal = sorted(gains, reverse=True)
    dcg = sum(g / np.log2(i + 2) for i, g in enumerate(gains))
    idcg = sum(g / np.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def quality(args) -> list[dict]:
    steps = read_dgs(DATA / "arxiv-qfin-author.dgs")
    split = int(len(steps) * args.split)
    first: dict[tuple[int, int], int] = {}
    last: dict[tuple[int, int], int] = {}
    before: dict[tuple[int, int], int] = defaultdict(int)
    after: dict[tuple[int, int], int] = defaultdict(int)
    for i, pairs in enumerate(steps):
        for p in pairs:
            if i < split:
                first.setdefault(p, i)
                last[p] = i
                before[p] += 1
            else:
                after[p] += 1
    n = max(max(p) for p in first) + 1
    edges = np.array(list(first), dtype=np.int64)
    g = Graph.from_edges(n, edges[:, 0], edges[:, 1])
    day = args.days_per_step

    def tie(u, v):
        keys = [(min(a, b), max(a, b)) for a, b in zip(u.tolist(), v.tolist(), strict=True)]
        msgs = np.array([before.get(k, 0) for k in keys], np.float64)
        age = np.array([(split - first.get(k, split)) * day for k in keys], np.float64)
        idle = np.array([(split - last.get(k, split)) * day for k in keys], np.float64)
        return tie_strength(years_together=np.zeros(len(keys)), messages=msgs, age_days=age, idle_days=idle)

    rng = np.random.default_rng(args.seed)
    methods = {"path_strength": [], "mutual_count": [], "fewest_connections": [], "random": []}
    hits = {m: 0 for m in methods}
    pairs_used = 0
    candidates = 0
    for a in range(n):
        row = g.neighbors(a)
        if row.shape[0] == 0:
            continue
        seconds = set()
        for x in row.tolist():
            seconds.update(g.neighbors(x).tolist())
        seconds -= set(row.tolist()) | {a}
        for t in sorted(seconds):
            if t < a:
                continue  # each pair once
            xs = mutual(g, a, t)
            if xs.shape[0] < 2:
                continue
            both = [(after.get((min(a, x), max(a, x)), 0), after.get((min(x, t), max(x, t)), 0)) for x in xs.tolist()]
            measure = np.array([min(p) if args.measure == "min" else sum(p) for p in both], float)
            if measure.max() == measure.min():
                continue
            pairs_used += 1
            candidates += xs.shape[0]
            scores = {
                "path_strength": tie(np.full(xs.shape[0], a), xs) * tie(xs, np.full(xs.shape[0], t)),
                "mutual_count": np.array([mutual(g, a, x).shape[0] + mutual(g, x, t).shape[0] for x in xs.tolist()], float),
                "fewest_connections": -np.array([g.degree(int(x)) for x in xs], float),
                "random": rng.random(xs.shape[0]),
            }
            for m, s in scores.items():
                order = np.lexsort((rng.random(xs.shape[0]), -s))  # ties broken at random, not by id
                methods[m].append(ndcg(measure[order].tolist()))
                hits[m] += measure[order[0]] == measure.max()
    rows = [
        {
            "query": "quality",
            "graph": "arxiv-qfin-author",
            "split": args.split,
            "measure": args.measure,
            "pairs": pairs_used,
            "mean_introducers": round(candidates / max(pairs_used, 1), 2),
            "ranking": m,
            "hit_at_1": round(hits[m] / max(pairs_used, 1), 3),
            "ndcg": round(float(np.mean(v)), 3) if v else None,
        }
        for m, v in methods.items()
    ]
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    sp = sub.add_parser("speed")
    sp.add_argument("--members", type=int, default=200_000)
    sp.add_argument("--avg-degree", type=float, default=100)
    sp.add_argument("--seed", type=int, default=0)
    sp.add_argument("--askers", type=int, default=200)
    sp.add_argument("--peer-askers", type=int, default=5)
    sp.add_argument("--market-share", type=float, default=0.05)
    sp.add_argument("--json", action="store_true")
    qp = sub.add_parser("quality")
    qp.add_argument("--split", type=float, default=0.5)
    qp.add_argument("--days-per-step", type=float, default=3.0, help="how many days one paper of the record stands for")
    qp.add_argument("--measure", choices=["min", "sum"], default="min", help="papers after the split with both ends: the fewer of the two, or both together")
    qp.add_argument("--seed", type=int, default=0)
    qp.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows = speed(args) if args.what == "speed" else quality(args)
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
