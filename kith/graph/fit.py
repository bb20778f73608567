"""Fitting People You May Know's weights to a graph (:func:`fit_weights`).

Hides a share of each member's connections, scores them against sampled
non-edges under every weighting of :func:`weight_grid`, and keeps the simplest
of the best (see ``bench/pymk_quality.py`` and ``bench/RESULTS.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kith.graph import _kernels as _k
from kith.graph.csr import Graph, _State
from kith.graph.suggest import DEFAULT_WEIGHTS, ScoreWeights

__all__ = ["fit_weights", "weight_grid"]


def _complexity(w: ScoreWeights) -> int:
    return (
        int(w.common != 0)
        + int(w.paths3 != 0)
        + int(np.isfinite(w.damping))
        + int(w.degree_norm != 0)
    )


def weight_grid() -> list[ScoreWeights]:
    """The weightings :func:`fit_weights` tries by default, simplest first.

    ``beta`` 0, 0.5, 1 (common-neighbours-like, in between, resource-allocation-like),
    ``damping`` none or 40, ``common`` 0, 0.001 or 0.01, ``paths3`` 0, 0.01, 0.05
    or 0.2 and ``degree_norm`` 0, 0.1 or 0.2: 216 weightings including
    :data:`DEFAULT_WEIGHTS`. "Simplest" means fewest of damping, common,
    paths3 and degree_norm switched on.
    """
    grid = [
        ScoreWeights(beta=b, damping=d, common=c, paths3=p, degree_norm=x)
        for b in (1.0, 0.5, 0.0)
        for d in (np.inf, 40.0)
        for c in (0.0, 0.001, 0.01)
        for p in (0.0, 0.01, 0.05, 0.2)
        for x in (0.0, 0.1, 0.2)
    ]
    return sorted(grid, key=_complexity)  # stable: listing order within a complexity


def _edge_list(st: _State) -> tuple[np.ndarray, np.ndarray]:
    """Every connection once, as (u, v) with u < v."""
    indptr, indices = _k.gather(*st.arrays)
    src = np.repeat(np.arange(st.n, dtype=np.int32), np.diff(indptr))
    keep = src < indices
    return src[keep], indices[keep]


def _non_edges(
    n: int, keys: np.ndarray, count: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``count`` uniform random pairs ``u < v`` whose key ``u * n + v`` is not in sorted ``keys``."""
    us: list[np.ndarray] = []
    vs: list[np.ndarray] = []
    got = 0
    for _ in range(1000):
        if got >= count:
            break
        a = rng.integers(0, n, 2 * count)
        b = rng.integers(0, n, 2 * count)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        key = lo * n + hi
        pos = np.searchsorted(keys, key).clip(max=max(keys.shape[0] - 1, 0))
        ok = (lo != hi) & ((keys[pos] != key) if keys.shape[0] else True)
        us.append(lo[ok])
        vs.append(hi[ok])
        got += int(ok.sum())
    u = np.concatenate(us)[:count] if us else np.zeros(0, np.int64)
    v = np.concatenate(vs)[:count] if vs else np.zeros(0, np.int64)
    return u.astype(np.int32), v.astype(np.int32)


def fit_weights(
    g: Graph,
    *,
    seed: int = 0,
    holdout: float = 0.1,
    candidates: Sequence[ScoreWeights] | None = None,
    negatives: int = 100_000,
    k: int = 50,
    splits: int = 5,
    min_hidden: int = 20,
    max_scored: int = 20_000,
) -> ScoreWeights:
    """The weighting that best predicts this graph's own connections.

    Hides a seeded random ``holdout`` fraction of ``g``'s connections, scores
    each hidden connection and ``negatives`` random pairs not connected in
    ``g`` on the remaining graph with every candidate weighting, and returns
    the one with the best Hits@k (the share of hidden connections scoring
    strictly above the k-th best random pair, as OGB's ogbl-collab measures),
    averaged over ``splits`` such hold-outs. Only ``g`` is read, so fitting on
    a training graph never sees test edges.

    Parameters
    ----------
    g : Graph
        The graph to fit on (its overlay included).
    seed : int
        Seeds the hidden connections and the random pairs; same seed, same answer.
    holdout : float
        Fraction of connections hidden in each split, between 0 and 1.
    candidates : sequence of ScoreWeights, optional
        The weightings to choose from, simplest first (ties go to the earliest);
        default :func:`weight_grid`.
    negatives : int
        How many random unconnected pairs the hidden connections compete with.
    k : int
        The rank cut of Hits@k.
    splits : int
        How many independent hold-outs to average over (Hits@50 against
        100,000 pairs hinges on the 50 best random pairs, so one split is noisy).
    min_hidden : int
        With fewer hidden connections than this there is nothing to measure and
        :data:`DEFAULT_WEIGHTS` (or the first candidate, when candidates are
        given) is returned.
    max_scored : int
        At most this many of the hidden connections (a random sample) are
        scored in each split, which bounds the cost on large graphs; all the
        hidden ones are still removed.

    Returns
    -------
    ScoreWeights
        One of ``candidates``.

    Notes
    -----
    Every candidate's score is a simple function of a few per-pair terms (one
    shared-connection sum per distinct ``(beta, damping)``, the shared count,
    the 3-path term and the two degrees), computed once per split, so the grid
    costs about one scoring pass per split: a few seconds in all for 100,000
    pairs on a graph of 100,000 connections.

    Examples
    --------
    >>> import networkx as nx
    >>> h = nx.connected_caveman_graph(20, 6)
    >>> e = np.array(h.edges())
    >>> w = fit_weights(Graph.from_edges(120, e[:, 0], e[:, 1]), negatives=2000)
    >>> w in weight_grid()
    True
    """
    if not 0.0 < holdout < 1.0:
        raise ValueError("holdout must be between 0 and 1")
    grid = list(candidates) if candidates is not None else weight_grid()
    if not grid:
        raise ValueError("no candidate weights")
    fallback = DEFAULT_WEIGHTS if candidates is None else grid[0]
    st = g._state
    n = st.n
    src, dst = _edge_list(st)
    hidden = int(src.shape[0] * holdout)
    if hidden < min_hidden or negatives < 1 or splits < 1:
        return fallback
    keys = np.sort(src.astype(np.int64) * n + dst)
    kinds = sorted({(float(w.beta), float(w.damping)) for w in grid})
    col = {kd: j for j, kd in enumerate(kinds)}
    betas = np.array([b for b, _ in kinds], np.float64)
    dampings = np.array([d for _, d in kinds], np.float64)
    m = len(kinds)
    stamp = np.zeros(n, np.int32)
    total = np.zeros(len(grid), np.float64)
    for rng in (np.random.default_rng([seed, r]) for r in range(splits)):
        hide = rng.permutation(src.shape[0])[:hidden]
        keep = np.ones(src.shape[0], np.bool_)
        keep[hide] = False
        inner = Graph.from_edges(n, src[keep], dst[keep], cache_size=0)
        ist = inner._state
        non_u, non_v = _non_edges(n, keys, negatives, rng)
        if non_u.shape[0] < 1:
            return fallback
        deg = np.maximum(np.diff(ist.indptr), 1).astype(np.float64)

        def features(u: np.ndarray, v: np.ndarray, ist=ist, deg=deg) -> np.ndarray:
            out = np.empty((u.shape[0], m + 3), np.float64)
            _k.pair_features(*ist.arrays, u, v, betas, dampings, stamp, out)
            out[:, m + 2] = deg[u] * deg[v]
            return out

        scored = hide[:max_scored]  # hide is in random order
        fpos = features(src[scored], dst[scored])
        fneg = features(non_u, non_v)
        # Every score is >= 0, and 0 for pairs with no shared connection and no
        # 3-path: those only matter when fewer than k pairs score above 0.
        rank = min(k, fneg.shape[0])
        fneg = fneg[(fneg[:, m] > 0) | (fneg[:, m + 1] > 0)]
        cut = fneg.shape[0] - rank
        norms = {
            x: (fpos[:, m + 2] ** -x, fneg[:, m + 2] ** -x)
            for x in {float(w.degree_norm) for w in grid}
            if x != 0.0
        }
        for i, w in enumerate(grid):
            j = col[(float(w.beta), float(w.damping))]
            pos = fpos[:, j] + w.common * fpos[:, m] + w.paths3 * fpos[:, m + 1]
            neg = fneg[:, j] + w.common * fneg[:, m] + w.paths3 * fneg[:, m + 1]
            if w.degree_norm != 0.0:
                pos *= norms[float(w.degree_norm)][0]
                neg *= norms[float(w.degree_norm)][1]
            threshold = np.partition(neg, cut)[cut] if cut >= 0 else 0.0
            total[i] += float(np.mean(pos > threshold))
    return grid[int(np.argmax(total))]  # the first of the best: the simplest
