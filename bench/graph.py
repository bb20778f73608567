"""Latency of the graph engine's answers on a synthetic network, optionally beside networkx and igraph.

    python bench/graph.py --members 1000000 --avg-degree 100 --json
    python bench/graph.py --members 200000 --avg-degree 50 --vs --json

Queries are timed one call at a time (``time.perf_counter``), after a warm-up that
compiles the numba kernels. ``degrees`` pages hold 100 members: 25 each from the
viewer's 1st degree, 2nd degree, 3rd degree and anywhere. "cold" means the
viewer's 1st/2nd-degree sets are built inside the timed call; "warm" means they
were cached by an earlier call. The peers answer each query through their own
APIs (see ``NxPeer`` and ``IgPeer``): ``degrees`` the usual way, a breadth-first
search to depth 3 from the viewer, and ``degrees_2hop`` with Kith's algorithm
(2nd-degree set, then a neighbour check per member); ratios compare both with
Kith's cold badges.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _graphgen import generate  # noqa: E402

from kith.graph import (  # noqa: E402
    Graph,
    degrees,
    mutual,
    paths,
    reach,
    reach_gain,
    suggest,
)


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000.0


def summary(samples: list[float]) -> dict[str, float]:
    a = np.asarray(samples)
    return {
        "median_ms": float(np.median(a)),
        "p95_ms": float(np.percentile(a, 95)),
        "samples": int(a.size),
    }


class Workload:
    """Seeded viewers, pages, pairs and targets, shared by every implementation."""

    def __init__(self, g: Graph, count: int, seed: int):
        rng = np.random.default_rng(seed)
        n = g.n
        deg = np.diff(g.indptr)
        viewers = rng.choice(np.flatnonzero(deg > 0), count, replace=False)
        self.viewers = [int(v) for v in viewers]
        self.pages, self.seconds, self.thirds = [], [], []
        for v in self.viewers:
            first = g.neighbors(v)
            marks = g._marks(g._state, v)
            second = marks.second
            third = self._thirds(g, v, marks, rng)
            page = np.concatenate(
                [
                    rng.choice(first, 25),
                    rng.choice(second, 25) if second.size else rng.integers(0, n, 25),
                    rng.choice(third, 25) if third.size else rng.integers(0, n, 25),
                    rng.integers(0, n, 25),
                ]
            ).astype(np.int32)
            self.pages.append(page)
            self.seconds.append(int(rng.choice(second)) if second.size else int(first[0]))
            self.thirds.append(int(rng.choice(third)) if third.size else self.seconds[-1])
        g._cache.clear()
        self.target = rng.random(n) < 0.05
        # People You May Know with profile candidates (kith.members.affinity finds up to
        # a few hundred: a shared company, school, city…) and a boost for each member.
        self.extras = [rng.choice(n, 500, replace=False).astype(np.int64) for _ in self.viewers]
        self.boost = rng.random(n) * 0.5

    @staticmethod
    def _thirds(g: Graph, v: int, marks, rng) -> np.ndarray:
        out = []
        for x in rng.choice(marks.second, min(40, marks.second.size)) if marks.second.size else []:
            for y in g.neighbors(int(x))[:50]:
                b = int(y) >> 3
                if y == v or (marks.bits1[b] >> (y & 7)) & 1 or (marks.bits2[b] >> (y & 7)) & 1:
                    continue
                out.append(int(y))
        return np.array(out, np.int32)


def bench_kith(g: Graph, w: Workload, reach_samples: int) -> dict[str, dict]:
    res: dict[str, list[float]] = {
        k: []
        for k in (
            "degrees_cold",
            "degrees_warm",
            "mutual",
            "suggest_k50",
            "suggest_k50_extra500",
            "suggest_k50_newcomer_extra500",
            "reach_gain",
            "paths_2nd",
            "paths_3rd",
            "reach",
        )
    }
    # One viewer at a time, as a page would: the first badge call builds the
    # viewer's sets, the rest of the page's queries find them cached.
    for v, page, s, t in zip(w.viewers, w.pages, w.seconds, w.thirds, strict=True):
        res["degrees_cold"].append(timed(lambda v=v, page=page: degrees(g, v, page)))
        res["degrees_warm"].append(timed(lambda v=v, page=page: degrees(g, v, page)))
        res["reach_gain"].append(timed(lambda v=v, s=s: reach_gain(g, v, s, w.target)))
        res["mutual"].append(timed(lambda v=v, s=s: mutual(g, v, s)))
        res["paths_2nd"].append(timed(lambda v=v, s=s: paths(g, v, s)))
        res["paths_3rd"].append(timed(lambda v=v, t=t: paths(g, v, t)))
        res["suggest_k50"].append(timed(lambda v=v: suggest(g, v, k=50)))
    # With 500 profile candidates and a boost array: for a member with connections, and
    # for a newcomer with none (the last id, after growing the graph by one member).
    for v, extra in zip(w.viewers, w.extras, strict=True):
        res["suggest_k50_extra500"].append(timed(lambda v=v, e=extra: suggest(g, v, k=50, extra=e, profile_score=w.boost)))
    newcomer = g.n
    g.grow(newcomer + 1)
    boost = np.append(w.boost, 0.0)
    for extra in w.extras:
        res["suggest_k50_newcomer_extra500"].append(timed(lambda e=extra: suggest(g, newcomer, k=50, extra=e, profile_score=boost)))
    for v in w.viewers[:reach_samples]:
        res["reach"].append(timed(lambda v=v: reach(g, v)))
    return {k: summary(s) for k, s in res.items()}


class NxPeer:
    """The same algorithms through networkx's API."""

    name = "networkx"

    def __init__(self, g: Graph):
        import networkx as nx

        self.nx = nx
        self.G = nx.Graph()
        self.G.add_nodes_from(range(g.n))
        src = np.repeat(np.arange(g.n), np.diff(g.indptr))
        keep = src < g.indices
        self.G.add_edges_from(zip(src[keep].tolist(), g.indices[keep].tolist(), strict=True))

    def near(self, v):
        return self.nx.single_source_shortest_path_length(self.G, v, cutoff=2)

    def degrees(self, v, page):
        d = self.nx.single_source_shortest_path_length(self.G, v, cutoff=3)
        return [d.get(m, 0) if m != v else 0 for m in page.tolist()]

    def degrees_2hop(self, v, page):
        d = self.near(v)
        return [
            0 if m == v else d.get(m) or (3 if any(x in d and d[x] == 2 for x in self.G[m]) else 0)
            for m in page.tolist()
        ]

    def mutual(self, a, b):
        return sorted(self.nx.common_neighbors(self.G, a, b))

    def reach_gain(self, v, c, target):
        d = self.near(v)
        new = [y for y in self.G[c] if y not in d]
        return len(new), int(sum(target[y] for y in new))

    def suggest(self, v, k=50):
        first = set(self.G[v])
        cands = {c for w in first for c in self.G[w]} - first - {v}
        scores = self.nx.resource_allocation_index(self.G, [(v, c) for c in cands])
        return heapq.nlargest(k, scores, key=lambda t: t[2])

    def paths(self, v, t):
        out = []
        for p in self.nx.all_shortest_paths(self.G, v, t):
            if len(p) > 4:
                break
            out.append(p)
            if len(out) == 3:
                break
        return out

    def reach(self, v):
        d = self.nx.single_source_shortest_path_length(self.G, v, cutoff=3)
        return tuple(sum(1 for x in d.values() if x == k) for k in (1, 2, 3))


class IgPeer:
    """The same algorithms through python-igraph's API."""

    name = "igraph"

    def __init__(self, g: Graph):
        import igraph as ig

        src = np.repeat(np.arange(g.n), np.diff(g.indptr))
        keep = src < g.indices
        self.G = ig.Graph(n=g.n, edges=np.c_[src[keep], g.indices[keep]].tolist())

    def degrees(self, v, page):
        layers = [set(self.G.neighborhood(v, order=k, mindist=k)) for k in (1, 2, 3)]
        return [next((k + 1 for k in range(3) if m in layers[k]), 0) for m in page.tolist()]

    def degrees_2hop(self, v, page):
        first = set(self.G.neighbors(v))
        second = set(self.G.neighborhood(v, order=2, mindist=2))
        out = []
        for m in page.tolist():
            if m == v:
                out.append(0)
            elif m in first:
                out.append(1)
            elif m in second:
                out.append(2)
            else:
                out.append(3 if any(x in second for x in self.G.neighbors(m)) else 0)
        return out

    def mutual(self, a, b):
        return sorted(set(self.G.neighbors(a)) & set(self.G.neighbors(b)))

    def reach_gain(self, v, c, target):
        near = set(self.G.neighborhood(v, order=2))
        new = [y for y in self.G.neighbors(c) if y not in near]
        return len(new), int(sum(target[y] for y in new))

    def suggest(self, v, k=50):
        first = self.G.neighbors(v)
        skip = set(first) | {v}
        deg = self.G.degree(first)
        acc: dict[int, float] = {}
        for w, dw in zip(first, deg, strict=True):
            for c in self.G.neighbors(w):
                if c not in skip:
                    acc[c] = acc.get(c, 0.0) + 1.0 / dw
        return heapq.nlargest(k, acc.items(), key=lambda t: t[1])

    def paths(self, v, t):
        return [p for p in self.G.get_all_shortest_paths(v, to=t) if len(p) <= 4][:3]

    def reach(self, v):
        return tuple(len(self.G.neighborhood(v, order=k, mindist=k)) for k in (1, 2, 3))


def bench_peer(peer, w: Workload, count: int, reach_samples: int) -> dict[str, dict]:
    res: dict[str, list[float]] = {}
    vs = w.viewers[:count]
    res["degrees_cold"] = [
        timed(lambda v=v, p=p: peer.degrees(v, p)) for v, p in zip(vs, w.pages, strict=False)
    ]
    res["degrees_2hop"] = [
        timed(lambda v=v, p=p: peer.degrees_2hop(v, p)) for v, p in zip(vs, w.pages, strict=False)
    ]
    res["mutual"] = [
        timed(lambda v=v, s=s: peer.mutual(v, s)) for v, s in zip(vs, w.seconds, strict=False)
    ]
    res["reach_gain"] = [
        timed(lambda v=v, s=s: peer.reach_gain(v, s, w.target))
        for v, s in zip(vs, w.seconds, strict=False)
    ]
    res["paths_2nd"] = [
        timed(lambda v=v, s=s: peer.paths(v, s)) for v, s in zip(vs, w.seconds, strict=False)
    ]
    res["paths_3rd"] = [
        timed(lambda v=v, t=t: peer.paths(v, t)) for v, t in zip(vs, w.thirds, strict=False)
    ]
    res["suggest_k50"] = [timed(lambda v=v: peer.suggest(v)) for v in vs]
    res["reach"] = [timed(lambda v=v: peer.reach(v)) for v in vs[:reach_samples]]
    return {k: summary(s) for k, s in res.items()}


def warm_up() -> None:
    g = Graph.from_edges(4, np.array([0, 1, 2]), np.array([1, 2, 3]))
    degrees(g, 0, [1, 2, 3])
    mutual(g, 0, 2)
    reach(g, 0)
    reach_gain(g, 0, 2, np.zeros(4, bool))
    suggest(g, 0)
    suggest(g, 1, few=0)
    paths(g, 0, 3)
    g.add_edge(0, 3)
    g.compact()


def machine() -> dict[str, object]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpus": os.cpu_count(), "cpu": model or platform.processor(), "ram_gib": round(mem, 1)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--members", type=int, default=200_000)
    ap.add_argument("--avg-degree", type=float, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--queries", type=int, default=400, help="viewers sampled for kith")
    ap.add_argument("--peer-queries", type=int, default=40, help="viewers for networkx/igraph")
    ap.add_argument("--reach-samples", type=int, default=20)
    ap.add_argument("--vs", action="store_true", help="also run networkx and igraph")
    ap.add_argument("--json", action="store_true", help="one JSON object a line")
    args = ap.parse_args(argv)

    rows: list[dict] = []

    def emit(row: dict) -> None:
        rows.append(row)
        if args.json:
            print(json.dumps(row), flush=True)

    warm_up()
    t = time.perf_counter()
    src, dst = generate(args.members, args.avg_degree, seed=args.seed)
    gen_s = time.perf_counter() - t
    t = time.perf_counter()
    g = Graph.from_edges(args.members, src, dst)
    build_s = time.perf_counter() - t
    del src, dst
    emit(
        {
            "query": "build",
            "impl": "kith",
            "members": g.n,
            "edges": g.num_edges,
            "avg_degree": round(2 * g.num_edges / g.n, 2),
            "max_degree": int(np.diff(g.indptr).max()),
            "generate_s": round(gen_s, 2),
            "build_s": round(build_s, 2),
            "nbytes": g.nbytes,
            "bytes_per_edge": round(g.nbytes / g.num_edges, 2),
            "machine": machine(),
        }
    )
    w = Workload(g, args.queries, args.seed + 1)
    kith = bench_kith(g, w, args.reach_samples)
    for q, s in kith.items():
        emit({"query": q, "impl": "kith", **s})
    if args.vs:
        for cls in (NxPeer, IgPeer):
            t = time.perf_counter()
            peer = cls(g)
            load_s = time.perf_counter() - t
            emit({"query": "build", "impl": peer.name, "build_s": round(load_s, 2)})
            for q, s in bench_peer(peer, w, args.peer_queries, args.reach_samples).items():
                # degrees_2hop is the peer running Kith's own algorithm: compare with cold.
                ratio = s["median_ms"] / kith[q.replace("_2hop", "_cold")]["median_ms"]
                emit({"query": q, "impl": peer.name, **s, "peer_over_kith": round(ratio, 1)})
            del peer
    if not args.json:
        print(f"{'query':16} {'impl':9} {'median ms':>10} {'p95 ms':>10} {'x kith':>8}")
        for r in rows:
            if r["query"] == "build":
                print(json.dumps(r))
                continue
            ratio = r.get("peer_over_kith", "")
            print(
                f"{r['query']:16} {r['impl']:9} {r['median_ms']:10.4f} {r['p95_ms']:10.4f} {ratio!s:>8}"
            )


if __name__ == "__main__":
    main()
