"""The in-memory connection graph: degree badges, mutuals, reach, recommendations, paths.

Members are dense ids ``0 .. n-1`` (the adapter maps database ids to them).
Connections are undirected. The graph is a CSR snapshot plus a small overlay of
the members whose connections changed since the snapshot; :meth:`Graph.compact`
folds the overlay into a new snapshot.

Concurrency: every read takes one immutable snapshot of the arrays
(``Graph._state``) and answers from it, so reads need no lock and may run while
another thread mutates. Mutations serialise on the graph's own lock and publish a
new snapshot with a single attribute assignment. Per-viewer caches are dropped
precisely (only viewers whose 1st or 2nd degree an edge change can touch).

Examples
--------
>>> import numpy as np
>>> g = Graph.from_edges(5, np.array([0, 1, 2, 3]), np.array([1, 2, 3, 4]))
>>> degrees(g, 0, np.array([1, 2, 3, 4])).tolist()
[1, 2, 3, 0]
>>> g.add_edge(0, 4)
True
>>> degrees(g, 0, np.array([1, 2, 3, 4])).tolist()
[1, 2, 2, 1]
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from kith.graph import _kernels as _k

__all__ = [
    "DEFAULT_WEIGHTS",
    "Graph",
    "Recommendation",
    "ScoreWeights",
    "degrees",
    "fit_weights",
    "mutual",
    "paths",
    "reach",
    "reach_gain",
    "recommend",
    "score_pairs",
    "weight_grid",
    "well_connected",
]

_EMPTY_I32 = np.zeros(0, np.int32)
_EMPTY_BOOL = np.zeros(0, np.bool_)


class _State(NamedTuple):
    indptr: np.ndarray  # int64, n + 1
    indices: np.ndarray  # int32, sorted within each row
    slot: np.ndarray  # int32, n; -1 means the CSR row is current
    oindptr: np.ndarray  # int64, overlay rows
    oindices: np.ndarray  # int32
    num_edges: int
    version: int

    @property
    def arrays(self) -> tuple[np.ndarray, ...]:
        return self.indptr, self.indices, self.slot, self.oindptr, self.oindices

    @property
    def n(self) -> int:
        return self.slot.shape[0]

    def row(self, u: int) -> np.ndarray:
        s = self.slot[u]
        if s < 0:
            return self.indices[self.indptr[u] : self.indptr[u + 1]]
        return self.oindices[self.oindptr[s] : self.oindptr[s + 1]]


class _Marks(NamedTuple):
    version: int
    bits1: np.ndarray  # uint8 bitmap of the viewer's connections
    bits2: np.ndarray  # uint8 bitmap of the 2nd degree
    second: np.ndarray  # int32, the 2nd degree as a list


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


class Graph:
    """Undirected connection graph over members ``0 .. n-1``.

    Parameters
    ----------
    indptr, indices : np.ndarray
        A symmetric CSR adjacency with sorted, duplicate-free rows and no self
        loops (int64 row pointers, int32 neighbours). Use :meth:`from_edges`
        unless you already hold one.
    cache_size : int, optional
        How many viewers' 1st/2nd-degree sets to keep (each costs ``n / 4``
        bytes plus 4 bytes per 2nd-degree member).
    """

    def __init__(self, indptr: np.ndarray, indices: np.ndarray, *, cache_size: int = 256):
        indptr = np.ascontiguousarray(indptr, dtype=np.int64)
        indices = np.ascontiguousarray(indices, dtype=np.int32)
        n = indptr.shape[0] - 1
        if n < 0 or indptr[0] != 0 or indptr[-1] != indices.shape[0]:
            raise ValueError("indptr does not describe indices")
        self._lock = threading.Lock()
        self._patch: dict[int, np.ndarray] = {}
        self._cache: OrderedDict[int, _Marks] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._cache_size = cache_size
        self._local = threading.local()
        self._state = self._snapshot(indptr, indices, n, indices.shape[0] // 2, 0)

    @classmethod
    def from_edges(
        cls, n: int, src: np.ndarray, dst: np.ndarray, *, cache_size: int = 256
    ) -> Graph:
        """Build from two arrays of endpoints in one pass.

        Duplicates (in either direction) and self loops are dropped.

        Examples
        --------
        >>> g = Graph.from_edges(3, np.array([0, 1, 1, 2]), np.array([1, 0, 1, 1]))
        >>> g.num_edges, g.neighbors(1).tolist()
        (2, [0, 2])
        """
        src = np.ascontiguousarray(src, dtype=np.int32)
        dst = np.ascontiguousarray(dst, dtype=np.int32)
        if src.shape != dst.shape:
            raise ValueError("src and dst differ in length")
        if src.size and (min(src.min(), dst.min()) < 0 or max(src.max(), dst.max()) >= n):
            raise ValueError("member id out of range")
        indptr, indices = _k.build_csr(n, src, dst)
        return cls(indptr, indices, cache_size=cache_size)

    def _snapshot(self, indptr, indices, n, num_edges, version) -> _State:
        return _State(
            _frozen(indptr),
            _frozen(indices),
            _frozen(np.full(n, -1, np.int32)),
            np.zeros(1, np.int64),
            _EMPTY_I32,
            num_edges,
            version,
        )

    # -- reading -------------------------------------------------------------

    @property
    def n(self) -> int:
        """Number of members (ids ``0 .. n-1``)."""
        return self._state.n

    @property
    def num_edges(self) -> int:
        """Number of undirected connections."""
        return self._state.num_edges

    @property
    def version(self) -> int:
        """Bumped by every change (edge added or removed, members added)."""
        return self._state.version

    @property
    def overlay_members(self) -> int:
        """Members whose connections changed since the last :meth:`compact`."""
        return len(self._patch)

    @property
    def indptr(self) -> np.ndarray:
        """Row pointers of the CSR snapshot (without the overlay; see :meth:`compact`)."""
        return self._state.indptr

    @property
    def indices(self) -> np.ndarray:
        """Neighbour ids of the CSR snapshot (without the overlay)."""
        return self._state.indices

    @property
    def nbytes(self) -> int:
        """Bytes held by the adjacency arrays and the overlay (not the caches)."""
        return sum(a.nbytes for a in self._state.arrays)

    def neighbors(self, u: int) -> np.ndarray:
        """Sorted connections of ``u`` (a read-only view)."""
        return self._state.row(u)

    def degree(self, u: int) -> int:
        """Number of connections of ``u``."""
        return int(self._state.row(u).shape[0])

    def has_edge(self, u: int, v: int) -> bool:
        row = self._state.row(u)
        i = np.searchsorted(row, v)
        return bool(i < row.shape[0] and row[i] == v)

    # -- changing ------------------------------------------------------------

    def add_edge(self, u: int, v: int) -> bool:
        """Connect ``u`` and ``v``; False if they already were."""
        return self.update(add=[(u, v)]) == 1

    def remove_edge(self, u: int, v: int) -> bool:
        """Disconnect ``u`` and ``v``; False if they were not connected."""
        return self.update(remove=[(u, v)]) == 1

    def update(
        self,
        *,
        add: Iterable[tuple[int, int]] = (),
        remove: Iterable[tuple[int, int]] = (),
    ) -> int:
        """Apply many changes at once, additions first; returns how many took effect.

        One new snapshot is published for the whole batch, so prefer this to
        repeated :meth:`add_edge` calls when replaying an event log.
        """
        add = [(int(u), int(v)) for u, v in add]
        remove = [(int(u), int(v)) for u, v in remove]
        with self._lock:
            st = self._state
            for u, v in add + remove:
                if u == v or not (0 <= u < st.n and 0 <= v < st.n):
                    raise ValueError(f"not a connection between members: {u}, {v}")
            patch = self._patch
            touched: list[int] = []

            def current(x: int) -> np.ndarray:
                row = patch.get(x)
                return st.row(x) if row is None else row

            applied = 0
            edges = st.num_edges
            for u, v in add:
                ru = current(u)
                i = int(np.searchsorted(ru, v))
                if i < ru.shape[0] and ru[i] == v:
                    continue
                patch[u] = np.insert(ru, i, v).astype(np.int32)
                rv = current(v)
                patch[v] = np.insert(rv, np.searchsorted(rv, u), u).astype(np.int32)
                touched += (u, v)
                applied += 1
                edges += 1
            for u, v in remove:
                ru = current(u)
                i = int(np.searchsorted(ru, v))
                if i == ru.shape[0] or ru[i] != v:
                    continue
                patch[u] = np.delete(ru, i)
                rv = current(v)
                patch[v] = np.delete(rv, np.searchsorted(rv, u))
                touched += (u, v)
                applied += 1
                edges -= 1
            if not applied:
                return 0
            slot = st.slot.copy()
            order = list(patch)
            slot[order] = np.arange(len(order), dtype=np.int32)
            rows = [patch[x] for x in order]
            oindptr = np.zeros(len(rows) + 1, np.int64)
            np.cumsum([r.shape[0] for r in rows], out=oindptr[1:])
            oindices = np.concatenate(rows).astype(np.int32, copy=False)
            new = _State(
                st.indptr,
                st.indices,
                _frozen(slot),
                _frozen(oindptr),
                _frozen(oindices),
                edges,
                st.version + 1,
            )
            self._invalidate(np.unique(np.array(touched, np.int64)), new.version)
            self._state = new
            return applied

    def grow(self, n: int) -> None:
        """Make room for members up to ``n - 1`` (new members have no connections)."""
        with self._lock:
            st = self._state
            extra = n - st.n
            if extra <= 0:
                return
            indptr = np.concatenate([st.indptr, np.full(extra, st.indptr[-1], np.int64)])
            slot = np.concatenate([st.slot, np.full(extra, -1, np.int32)])
            # Cached bitmaps stay valid: a new member is in nobody's 1st or 2nd degree.
            self._state = st._replace(
                indptr=_frozen(indptr), slot=_frozen(slot), version=st.version + 1
            )
            with self._cache_lock:
                for v, marks in self._cache.items():
                    self._cache[v] = marks._replace(version=st.version + 1)

    def compact(self) -> None:
        """Fold the overlay into a new CSR snapshot.

        Answers do not change, so ``version`` and the caches are kept. The old
        arrays stay alive until readers holding them finish, so peak memory is
        about twice the adjacency.
        """
        with self._lock:
            st = self._state
            if not self._patch:
                return
            indptr, indices = _k.gather(*st.arrays)
            self._patch = {}
            self._state = self._snapshot(indptr, indices, st.n, st.num_edges, st.version)

    # -- per-viewer cache and scratch ---------------------------------------

    def _invalidate(self, changed: np.ndarray, version: int) -> None:
        """Drop the cached sets that a change at members ``changed`` can affect.

        An edge change at (a, b) alters viewer x's 1st or 2nd degree only if x
        is a, b or a connection of either, i.e. a or b is in x's 1st degree.
        """
        with self._cache_lock:
            for v in list(self._cache):
                m = self._cache[v]
                inside = changed[(changed >> 3) < m.bits1.shape[0]]
                hit = (m.bits1[inside >> 3] >> (inside & 7)) & 1
                if v in changed or hit.any():
                    del self._cache[v]
                else:
                    self._cache[v] = m._replace(version=version)

    def _marks(self, st: _State, viewer: int) -> _Marks:
        with self._cache_lock:
            m = self._cache.get(viewer)
            if m is not None and m.version == st.version:
                self._cache.move_to_end(viewer)
                return m
        bits1, bits2, second = _k.viewer_sets(*st.arrays, viewer, (st.n + 7) >> 3)
        m = _Marks(st.version, bits1, bits2, second)
        with self._cache_lock:
            if self._state.version == st.version and self._cache_size > 0:
                self._cache[viewer] = m
                self._cache.move_to_end(viewer)
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return m

    def _scratch(self, n: int) -> _Scratch:
        s = getattr(self._local, "scratch", None)
        if s is None or s.acc.shape[0] < n:
            s = _Scratch(n)
            self._local.scratch = s
        return s


class _Scratch:
    """Per-thread n-length work arrays, kept zero between calls."""

    def __init__(self, n: int):
        self.acc = np.zeros(n, np.float64)
        self.h = np.zeros(n, np.float64)
        self.l3 = np.zeros(n, np.float64)
        self.cnt = np.zeros(n, np.int32)
        self.stamp = np.zeros(n, np.int32)


def _degree_of(st: _State, ids: np.ndarray) -> np.ndarray:
    deg = st.indptr[ids + 1] - st.indptr[ids]
    patched = st.slot[ids] >= 0
    if patched.any():
        s = st.slot[ids[patched]]
        deg[patched] = st.oindptr[s + 1] - st.oindptr[s]
    return deg


def _check_member(st: _State, u: int) -> int:
    u = int(u)
    if not 0 <= u < st.n:
        raise ValueError(f"no member {u}")
    return u


def _as_members(st: _State, members) -> np.ndarray:
    arr = np.ascontiguousarray(members, dtype=np.int32).reshape(-1)
    if arr.size and (arr.min() < 0 or arr.max() >= st.n):
        raise ValueError("member id out of range")
    return arr


# -- answers -----------------------------------------------------------------


def degrees(g: Graph, viewer: int, members: Sequence[int] | np.ndarray) -> np.ndarray:
    """Degree badge of each member as seen by ``viewer``.

    Parameters
    ----------
    g : Graph
    viewer : int
    members : array_like of int

    Returns
    -------
    np.ndarray of int8
        1, 2 or 3 for 1st, 2nd and 3rd degree; 0 for out of network and for
        the viewer itself. Uses the viewer's cached 1st/2nd-degree sets; a
        3rd-degree badge is a member with a connection in the 2nd degree.

    Examples
    --------
    >>> g = Graph.from_edges(4, np.array([0, 1]), np.array([1, 2]))
    >>> degrees(g, 0, [0, 1, 2, 3]).tolist()
    [0, 1, 2, 0]
    """
    st = g._state
    viewer = _check_member(st, viewer)
    arr = _as_members(st, members)
    m = g._marks(st, viewer)
    out = np.empty(arr.shape[0], np.int8)
    _k.degrees_of(*st.arrays, viewer, m.bits1, m.bits2, arr, out)
    return out


def mutual(g: Graph, a: int, b: int) -> np.ndarray:
    """Sorted ids of the members connected to both ``a`` and ``b``.

    Examples
    --------
    >>> g = Graph.from_edges(4, np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]))
    >>> mutual(g, 0, 3).tolist()
    [1, 2]
    """
    st = g._state
    return _k.intersect(st.row(_check_member(st, a)), st.row(_check_member(st, b)))


def reach(g: Graph, member: int) -> tuple[int, int, int]:
    """How many members are 1st, 2nd and 3rd degree of ``member``.

    The 3rd-degree count walks every 2nd-degree member's connections, so on a
    large graph it costs about ``avg_degree ** 3`` steps; cache it per page.

    Examples
    --------
    >>> g = Graph.from_edges(5, np.array([0, 1, 2, 3]), np.array([1, 2, 3, 4]))
    >>> reach(g, 0)
    (1, 1, 1)
    """
    st = g._state
    member = _check_member(st, member)
    m = g._marks(st, member)
    third = _k.third_count(*st.arrays, member, m.bits1, m.bits2, m.second)
    return st.row(member).shape[0], m.second.shape[0], int(third)


def reach_gain(
    g: Graph, viewer: int, candidate: int, target: np.ndarray | None = None
) -> tuple[int, int]:
    """What connecting ``viewer`` and ``candidate`` would add to the viewer's 2nd degree.

    Parameters
    ----------
    g : Graph
    viewer, candidate : int
    target : np.ndarray of bool, optional
        The viewer's target market as a mask over member ids (ids past its
        end count as outside).

    Returns
    -------
    (int, int)
        Members that would become 2nd degree (the candidate's connections that
        are not the viewer and not yet 1st or 2nd degree), and how many of
        them are in ``target`` (0 without one).

    Examples
    --------
    >>> g = Graph.from_edges(5, np.array([0, 1, 2, 2]), np.array([1, 2, 3, 4]))
    >>> reach_gain(g, 0, 2, target=np.array([0, 0, 0, 1, 0], bool))
    (2, 1)
    """
    st = g._state
    viewer = _check_member(st, viewer)
    candidate = _check_member(st, candidate)
    if viewer == candidate:
        return 0, 0
    m = g._marks(st, viewer)
    mask = _EMPTY_BOOL if target is None else np.ascontiguousarray(target, dtype=np.bool_)
    gain, hit = _k.gain_of(*st.arrays, viewer, candidate, m.bits1, m.bits2, mask)
    return int(gain), int(hit)


@dataclass(frozen=True)
class ScoreWeights:
    """How People You May Know scores a member ``c`` for a member ``u``.

    ``score(u, c) = sum over shared connections w of (deg(w) ** -beta / (1 + deg(w) / damping) + common)
    + paths3 * sum over paths u-x-y-c of 1 / (deg(x) * deg(y))``

    A shared connection counts for more when it has few connections (their
    attention is less divided, as in resource allocation). ``beta`` = 0.5 with
    the extra damping above ``damping`` connections is flatter than resource
    allocation (1/deg) for ordinary members and steeper for hubs: on
    co-authorship graphs a shared co-author with 20 co-authors is still strong
    evidence, while in the Facebook graph a hub of 1,000 says almost nothing.
    ``common`` breaks ties towards more shared connections and ``paths3`` (the
    resource-allocation weight of 3-step paths) breaks ties among candidates
    with the same shared connections and scores members three hops away.
    The whole score is then multiplied by ``(deg(u) * deg(c)) ** -degree_norm``
    (degrees of 0 count as 1): members with many connections share some by
    chance, so a little normalisation favours pairs whose overlap is a larger
    part of their connections.

    The defaults (:data:`DEFAULT_WEIGHTS`) were chosen on the five graphs in
    ``shared/data/graphs`` as the best worst case for a graph nobody fitted;
    :func:`fit_weights` picks a weighting for a given graph (see
    ``bench/pymk_quality.py`` and ``bench/RESULTS.md``).
    """

    beta: float = 0.5
    damping: float = 40.0
    common: float = 0.001
    paths3: float = 0.01
    degree_norm: float = 0.0


DEFAULT_WEIGHTS = ScoreWeights()


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


@dataclass(frozen=True)
class Recommendation:
    """One People You May Know suggestion."""

    member: int
    score: float
    mutual_count: int
    reasons: list[str] = field(default_factory=list)


ProfileScore = Callable[[np.ndarray], "np.ndarray | tuple[np.ndarray, Sequence[Sequence[str]]]"]


def score_pairs(
    g: Graph, u: np.ndarray, v: np.ndarray, *, weights: ScoreWeights | None = None
) -> np.ndarray:
    """The People You May Know score of each pair ``(u[i], v[i])``.

    The same score :func:`recommend` ranks by (see :class:`ScoreWeights`),
    symmetric in ``u`` and ``v``; meaningful for pairs not yet connected.
    """
    w = weights or DEFAULT_WEIGHTS
    st = g._state
    us = _as_members(st, u)
    vs = _as_members(st, v)
    if us.shape != vs.shape:
        raise ValueError("u and v differ in length")
    out = np.empty(us.shape[0], np.float64)
    s = g._scratch(st.n)
    _k.score_pairs_of(
        *st.arrays, us, vs, w.beta, w.damping, w.common, w.paths3, w.degree_norm, s.stamp, out
    )
    return out


def _mutual_reason(count: int) -> str:
    return f"{count} mutual connection{'' if count == 1 else 's'}"


def recommend(
    g: Graph,
    member: int,
    k: int = 50,
    *,
    exclude: Iterable[int] | np.ndarray | None = None,
    weights: ScoreWeights | None = None,
    profile_score: ProfileScore | np.ndarray | None = None,
    extra: Iterable[int] | np.ndarray | None = None,
    pool: int | None = None,
    few: int = 5,
) -> list[Recommendation]:
    """People ``member`` may know, best first.

    Parameters
    ----------
    g : Graph
    member : int
    k : int
        How many to return at most.
    exclude : array_like of int, optional
        Never suggest these (pending invitations, blocks, dismissed, "I don't
        know this person"). The member and their connections are never suggested.
    weights : ScoreWeights, optional
        Defaults to :data:`DEFAULT_WEIGHTS`.
    profile_score : callable or np.ndarray, optional
        A boost added to the graph score of the ``pool`` best graph candidates
        and of every ``extra`` candidate: either an array of length ``g.n`` or
        a callable taking the candidate ids and returning boosts (array) or
        ``(boosts, reasons)`` where ``reasons[i]`` lists strings to append to
        candidate ``i``'s reasons.
    extra : array_like of int, optional
        Candidates found outside the graph (a shared employer, school or city):
        scored with the same graph score as the others (usually 0: no shared
        connection) plus the profile boost, except that the 3-path term is
        counted for them only in three-hop mode. They are what a member with
        no connections yet is suggested.
    pool : int, optional
        How many of the best candidates by shared-connection score get the
        3-path tie-breaker and the profile boost; default ``max(4 * k, 200)``.
    few : int
        Below this many connections, members three hops away are candidates
        too (also when fewer than ``k`` members are two hops away).

    Returns
    -------
    list of Recommendation
        Sorted by score, then by mutual count, then by id (deterministic).
        The first reason is the graph's: "N mutual connections", or
        "3rd-degree connection" for a member reached only through a 3-step
        path; an extra candidate with neither has only the profile's reasons.

    Notes
    -----
    The score is :class:`ScoreWeights`'s; the 3-path term is computed for the
    ``pool`` best candidates by the rest of the score (for all candidates,
    extra ones included, in three-hop mode), which is what :func:`score_pairs`
    returns for them.

    Examples
    --------
    A member with no connections is suggested the extra candidates only, by boost:

    >>> g = Graph.from_edges(4, np.array([1]), np.array([2]))
    >>> [r.member for r in recommend(g, 0, extra=[2, 3], profile_score=np.array([0, 0, 0.1, 0.5]))]
    [3, 2]
    """
    w = weights or DEFAULT_WEIGHTS
    st = g._state
    member = _check_member(st, member)
    first = st.row(member)
    extras = _EMPTY_I32 if extra is None else np.unique(_as_members(st, np.fromiter(extra, np.int64) if not isinstance(extra, np.ndarray) else extra))
    if k <= 0 or (first.shape[0] == 0 and extras.shape[0] == 0):
        return []
    excluded = np.fromiter(exclude, np.int64) if exclude is not None else _EMPTY_I32
    if isinstance(exclude, np.ndarray):
        excluded = exclude
    s = g._scratch(st.n)
    three = first.shape[0] < few
    touched = _EMPTY_I32
    size = pool if pool is not None else max(4 * k, 200)

    def allowed(ids: np.ndarray) -> np.ndarray:
        ids = ids[ids != member]
        if first.shape[0]:
            pos = np.searchsorted(first, ids)
            pos[pos == first.shape[0]] = 0
            ids = ids[first[pos] != ids]
        if excluded.shape[0]:
            ids = ids[~np.isin(ids, excluded)]
        return ids

    def norm_of(ids: np.ndarray) -> np.ndarray | None:
        if w.degree_norm == 0.0:
            return None
        deg = np.maximum(_degree_of(st, ids), 1) * max(first.shape[0], 1)
        return deg.astype(np.float64) ** -w.degree_norm

    try:
        while first.shape[0]:
            touched = _k.expand(
                *st.arrays, member, w.beta, w.damping, three, s.acc, s.cnt, s.h, s.l3
            )
            cand = allowed(touched)
            if three or cand.shape[0] >= k:
                break
            _reset(s, touched)
            three = True
        else:
            cand = _EMPTY_I32
        mcount = s.cnt[cand]
        score = s.acc[cand] + w.common * mcount
        norm = norm_of(cand)
        if three:
            l3 = s.l3[cand]
            score = score + w.paths3 * l3
            if norm is not None:
                score = score * norm
            if profile_score is not None and cand.shape[0] > size:
                best = np.lexsort((cand, -mcount, -score))[:size]
                cand, mcount, score, l3 = cand[best], mcount[best], score[best], l3[best]
        else:
            if norm is not None:
                score = score * norm
            if cand.shape[0] > size:
                top = np.argpartition(-score, size - 1)[:size]
                cand, mcount, score = cand[top], mcount[top], score[top]
                if norm is not None:
                    norm = norm[top]
            l3 = np.empty(cand.shape[0], np.float64)
            _k.paths3_of(*st.arrays, cand, s.h, l3)
            score = score + w.paths3 * (l3 if norm is None else l3 * norm)
        if extras.shape[0]:
            # Scored from the same scratch, so exactly as if the graph had found them.
            more = allowed(extras)
            more = more[~np.isin(more, cand)]
            m_count = s.cnt[more]
            m_score = s.acc[more] + w.common * m_count
            # The 3-path tie-breaker comes free in three-hop mode; otherwise walking
            # every extra candidate's connections would cost more than the rest of
            # the call (they are rarely two hops away), so they go without it.
            m_l3 = s.l3[more].copy() if three else np.zeros(more.shape[0], np.float64)
            m_score = m_score + w.paths3 * m_l3
            m_norm = norm_of(more)
            if m_norm is not None:
                m_score = m_score * m_norm
            cand = np.concatenate([cand, more])
            mcount = np.concatenate([mcount, m_count])
            score = np.concatenate([score, m_score])
            l3 = np.concatenate([l3, m_l3])
    finally:
        _reset(s, touched)
    extra_reasons: Sequence[Sequence[str]] | None = None
    if profile_score is not None and cand.shape[0]:
        if isinstance(profile_score, np.ndarray):
            boost = profile_score[cand]
        else:
            got = profile_score(cand)
            boost, extra_reasons = got if isinstance(got, tuple) else (got, None)
        score = score + np.asarray(boost, np.float64)
    order = np.lexsort((cand, -mcount, -score))[:k]
    out = []
    for i in order:
        if mcount[i]:
            reasons = [_mutual_reason(int(mcount[i]))]
        elif l3[i] > 0:
            reasons = ["3rd-degree connection"]
        else:
            reasons = []
        if extra_reasons is not None:
            reasons += list(extra_reasons[i])
        out.append(Recommendation(int(cand[i]), float(score[i]), int(mcount[i]), reasons))
    return out


def well_connected(g: Graph, k: int, *, exclude: Iterable[int] | np.ndarray | None = None) -> np.ndarray:
    """The ``k`` members with the most connections, most first (ties: lower id
    first), leaving out ``exclude`` and members with no connections.

    Examples
    --------
    >>> g = Graph.from_edges(5, np.array([0, 0, 0, 1]), np.array([1, 2, 3, 2]))
    >>> well_connected(g, 2).tolist(), well_connected(g, 5, exclude=[0]).tolist()
    ([0, 1], [1, 2, 3])
    """
    st = g._state
    if k <= 0 or st.n == 0:
        return _EMPTY_I32
    deg = _degree_of(st, np.arange(st.n, dtype=np.int64))
    if exclude is not None:
        out = np.asarray(exclude if isinstance(exclude, np.ndarray) else np.fromiter(exclude, np.int64), np.int64)
        deg[out[(out >= 0) & (out < st.n)]] = 0
    live = int(np.count_nonzero(deg))
    k = min(k, live)
    if k == 0:
        return _EMPTY_I32
    top = np.argpartition(-deg, k - 1)[:k] if k < st.n else np.arange(st.n)
    top = top[np.lexsort((top, -deg[top]))]
    return top[deg[top] > 0][:k].astype(np.int32)


def _reset(s: _Scratch, touched: np.ndarray) -> None:
    s.acc[touched] = 0.0
    s.cnt[touched] = 0
    s.h[touched] = 0.0
    s.l3[touched] = 0.0


def paths(g: Graph, viewer: int, target: int, *, max_len: int = 3, k: int = 3) -> list[list[int]]:
    """Up to ``k`` shortest introduction paths from ``viewer`` to ``target``.

    Each path is ``[viewer, ..., target]`` through existing connections, with at
    most ``max_len`` edges (1 to 3). Only paths of the shortest length are
    returned. Among them, paths through intermediaries with fewer connections
    come first (the product of 1/degree, as in resource allocation: someone with
    200 connections is likelier to make the introduction than someone with
    5,000), then by the intermediaries' ids.

    Examples
    --------
    >>> g = Graph.from_edges(5, np.array([0, 0, 1, 2, 2]), np.array([1, 2, 3, 3, 4]))
    >>> paths(g, 0, 3)
    [[0, 1, 3], [0, 2, 3]]
    """
    if not 1 <= max_len <= 3:
        raise ValueError("max_len must be 1, 2 or 3")
    st = g._state
    viewer = _check_member(st, viewer)
    target = _check_member(st, target)
    if viewer == target or k <= 0:
        return []
    first = st.row(viewer)
    i = int(np.searchsorted(first, target))
    if i < first.shape[0] and first[i] == target:
        return [[viewer, target]]
    if max_len < 2:
        return []
    shared = _k.intersect(first, st.row(target))
    if shared.shape[0]:
        order = np.lexsort((shared, _degree_of(st, shared)))[:k]
        return [[viewer, int(shared[j]), target] for j in order]
    if max_len < 3:
        return []
    s = g._scratch(st.n)
    pairs = _k.bridges(*st.arrays, viewer, target, s.stamp)
    if not pairs.shape[0]:
        return []
    weight = _degree_of(st, pairs[:, 0]) * _degree_of(st, pairs[:, 1])
    order = np.lexsort((pairs[:, 1], pairs[:, 0], weight))[:k]
    return [[viewer, int(pairs[j, 0]), int(pairs[j, 1]), target] for j in order]
