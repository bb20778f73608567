"""People You May Know quality: Kith's graph score against networkx's CN, AA and RA.

    python bench/pymk_quality.py --json                 # every graph in ../shared/data/graphs
    python bench/pymk_quality.py --edges my.txt --json  # any "u v" edge list ('#' lines skipped)

Protocol, the same for every method on the same split:

- split: a seeded random 10% of the edges held out (the DGS temporal file is
  instead split by time: train on the edges of the first 80% of steps, test on
  the new edges of the last 20% whose two authors already appeared in train);
- Hits@50, as OGB's ogbl-collab: 100,000 random non-edges (pairs of train
  members connected in neither part, seeded) are scored; a held-out edge is a hit
  when its score is strictly above the 50th highest negative score;
- Recall@10: for up to 500 seeded members with held-out edges, the top 10
  suggestions from the train graph; recall = held-out connections found /
  min(10, held-out connections), averaged over members. Kith suggests with
  ``suggest``; the baselines rank every member two hops away (the only ones
  they score above zero) by their score, ties by id.

Kith's pair score is ``kith.graph.score_pairs``, the score ``suggest`` ranks by,
with ``ScoreWeights`` from ``kith.graph.fit_weights`` on the train graph only
(it hides part of the train edges and picks the weighting that finds them best;
the held-out test edges and the evaluation's non-edges are never seen). Each
"kith" line carries the fitted "weights" and "fit_seconds"; ``--default-weights``
reports ``DEFAULT_WEIGHTS`` unfitted instead. CN is ``len(nx.common_neighbors)``, AA ``nx.adamic_adar_index`` and RA
``nx.resource_allocation_index``, all on the train graph.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kith.graph import (  # noqa: E402
    DEFAULT_WEIGHTS,
    Graph,
    ScoreWeights,
    fit_weights,
    score_pairs,
    suggest,
)

METHODS = ("kith", "cn", "aa", "ra")


class Split:
    """Train edges, held-out edges and the member count of one evaluation."""

    def __init__(self, name: str, n: int, train: np.ndarray, test: np.ndarray, members: int):
        self.name, self.n, self.train, self.test = name, n, train, test
        self.members = members  # negatives and candidates are drawn from 0 .. members-1


# -- loading ------------------------------------------------------------------


def read_metis(path: Path) -> tuple[int, np.ndarray]:
    with path.open() as f:
        n = int(f.readline().split()[0])
        src, dst = [], []
        for i, line in enumerate(f):
            if i >= n:
                break
            nb = [int(t) - 1 for t in line.split()]
            src += [i] * len(nb)
            dst += nb
    return n, np.c_[src, dst]


def read_edge_list(path: Path) -> tuple[int, np.ndarray]:
    """``u v`` lines; a first line ``E N`` (SNAP style) is skipped and bounds the edges read."""
    lines = [ln for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    limit = None
    head = lines[0].split()
    if len(head) == 2:
        e, nn = int(head[0]), int(head[1])
        body = len(lines) - 1
        if body in (e, e + nn):  # "E N" then E edges, maybe followed by N node lines
            lines, limit = lines[1:], e
    pairs = np.array([ln.split()[:2] for ln in lines[:limit]], dtype=np.int64)
    ids, dense = np.unique(pairs, return_inverse=True)
    return ids.shape[0], dense.reshape(-1, 2)


def read_dgs(path: Path) -> tuple[int, np.ndarray, np.ndarray, int]:
    """(members, edges, step of each edge, step count); members are numbered by first appearance."""
    ids: dict[str, int] = {}
    first_step: list[int] = []
    edges, steps = [], []
    step = -1
    for line in path.read_text().splitlines():
        t = line.split()
        if not t:
            continue
        if t[0] == "st":
            step += 1
        elif t[0] == "an" and t[1] not in ids:
            ids[t[1]] = len(ids)
            first_step.append(step)
        elif t[0] == "ae":
            for x in t[2:4]:
                if x not in ids:
                    ids[x] = len(ids)
                    first_step.append(step)
            edges.append((ids[t[2]], ids[t[3]]))
            steps.append(step)
    return len(ids), np.array(edges), np.array(steps), step + 1


def undirected(e: np.ndarray) -> np.ndarray:
    e = e[e[:, 0] != e[:, 1]]
    return np.unique(np.sort(e, axis=1), axis=0)


def random_split(name: str, n: int, edges: np.ndarray, seed: int) -> Split:
    e = undirected(edges)
    perm = np.random.default_rng(seed).permutation(e.shape[0])
    k = e.shape[0] // 10
    return Split(name, n, e[perm[k:]], e[perm[:k]], n)


def temporal_split(name: str, path: Path) -> Split:
    n, edges, steps, count = read_dgs(path)
    cut = int(count * 0.8)
    train = undirected(edges[steps < cut])
    later = undirected(edges[steps >= cut])
    # Members numbered by first appearance: those seen in train are 0 .. members-1.
    members = int(np.max(train) + 1)
    known = {tuple(x) for x in train.tolist()}
    test = np.array(
        [x for x in later.tolist() if tuple(x) not in known and max(x) < members], dtype=np.int64
    ).reshape(-1, 2)
    return Split(name, members, train, test, members)


def splits_in(data: Path, seed: int) -> list[Split]:
    out = []
    for path in sorted(data.iterdir()):
        if path.suffix == ".graph":
            n, e = read_metis(path)
            out.append(random_split(path.name, n, e, seed))
        elif path.suffix == ".txt":
            n, e = read_edge_list(path)
            out.append(random_split(path.name, n, e, seed))
        elif path.suffix == ".dgs":
            out.append(temporal_split(path.name, path))
    return out


# -- scoring ------------------------------------------------------------------


def negatives(split: Split, count: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = split.members
    both = np.r_[split.train, split.test]
    taken = set((both[:, 0] * n + both[:, 1]).tolist())
    out: list[tuple[int, int]] = []
    while len(out) < count:
        a = rng.integers(0, n, count)
        b = rng.integers(0, n, count)
        for x, y in zip(np.minimum(a, b).tolist(), np.maximum(a, b).tolist(), strict=True):
            if x != y and x * n + y not in taken:
                out.append((x, y))
                if len(out) == count:
                    break
    return np.array(out, dtype=np.int64)


def nx_scores(G: nx.Graph, method: str, pairs: np.ndarray) -> np.ndarray:
    ebunch = [tuple(p) for p in pairs.tolist()]
    if method == "cn":
        return np.array([len(list(nx.common_neighbors(G, u, v))) for u, v in ebunch], float)
    fn = nx.adamic_adar_index if method == "aa" else nx.resource_allocation_index
    return np.array([s for _, _, s in fn(G, ebunch)], float)


def hits_at(pos: np.ndarray, neg: np.ndarray, k: int = 50) -> float:
    threshold = np.sort(neg)[-k]
    return float(np.mean(pos > threshold))


def recall_at_10(
    split: Split, G: nx.Graph, g: Graph, method: str, members: np.ndarray, held: dict, weights
) -> float:
    recalls = []
    for u in members.tolist():
        if method == "kith":
            top = [r.member for r in suggest(g, u, k=10, weights=weights)]
        else:
            first = set(G[u])
            cands = sorted({c for w in first for c in G[w]} - first - {u})
            if not cands:
                top = []
            else:
                s = nx_scores(G, method, np.c_[np.full(len(cands), u), cands])
                order = np.lexsort((np.array(cands), -s))[:10]
                top = [cands[i] for i in order]
        want = held[u]
        recalls.append(len(want & set(top)) / min(10, len(want)))
    return float(np.mean(recalls)) if recalls else 0.0


def evaluate(split: Split, seed: int, weights: ScoreWeights | None, methods) -> list[dict]:
    """One row per method; Kith's weights are fitted on the train graph unless given."""
    g = Graph.from_edges(split.n, split.train[:, 0], split.train[:, 1])
    fit_seconds = 0.0
    if weights is None and "kith" in methods:
        t = time.perf_counter()
        weights = fit_weights(g, seed=seed)
        fit_seconds = time.perf_counter() - t
    G = nx.Graph()
    G.add_nodes_from(range(split.n))
    G.add_edges_from(split.train.tolist())
    neg = negatives(split, 100_000, seed + 1)
    held: dict[int, set[int]] = {}
    for u, v in split.test.tolist():
        held.setdefault(u, set()).add(v)
        held.setdefault(v, set()).add(u)
    rng = np.random.default_rng(seed + 2)
    people = np.array(sorted(held))
    people = rng.choice(people, min(500, people.size), replace=False)
    rows = []
    for method in methods:
        t = time.perf_counter()
        if method == "kith":
            pos_s = score_pairs(g, split.test[:, 0], split.test[:, 1], weights=weights)
            neg_s = score_pairs(g, neg[:, 0], neg[:, 1], weights=weights)
        else:
            pos_s, neg_s = nx_scores(G, method, split.test), nx_scores(G, method, neg)
        extra = {}
        if method == "kith":
            # JSON has no infinity: an undamped weighting shows "damping": null.
            shown = {k: (None if v == float("inf") else v) for k, v in asdict(weights).items()}
            extra = {"weights": shown, "fit_seconds": round(fit_seconds, 2)}
        rows.append(
            {
                "graph": split.name,
                "method": method,
                "hits@50": round(hits_at(pos_s, neg_s), 4),
                "recall@10": round(recall_at_10(split, G, g, method, people, held, weights), 4),
                "members": split.n,
                "train_edges": int(split.train.shape[0]),
                "test_edges": int(split.test.shape[0]),
                "recall_members": int(people.size),
                "seconds": round(time.perf_counter() - t, 2),
                **extra,
            }
        )
    return rows


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / ".." / "shared" / "data" / "graphs")
    ap.add_argument("--edges", type=Path, help="evaluate this edge list instead of --data")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--json", action="store_true", help="one JSON object a line")
    ap.add_argument(
        "--default-weights",
        action="store_true",
        help="score Kith with DEFAULT_WEIGHTS instead of weights fitted on the train graph",
    )
    args = ap.parse_args(argv)
    if args.edges:
        n, e = read_edge_list(args.edges)
        splits = [random_split(args.edges.name, n, e, args.seed)]
    else:
        splits = splits_in(args.data, args.seed)
    methods = args.methods.split(",")
    if not args.json:
        print(f"{'graph':24} {'method':6} {'hits@50':>8} {'recall@10':>9}")
    for split in splits:
        fixed = DEFAULT_WEIGHTS if args.default_weights else None
        for row in evaluate(split, args.seed, fixed, methods):
            if args.json:
                print(json.dumps(row), flush=True)
            else:
                print(
                    f"{row['graph']:24} {row['method']:6} {row['hits@50']:8.4f} {row['recall@10']:9.4f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
