"""The in-memory connection graph: a CSR snapshot plus a small overlay.

Members are dense ids ``0 .. n-1`` (the adapter maps database ids to them).
Connections are undirected. The graph is a CSR snapshot plus a small overlay of
the members whose connections changed since the snapshot; :meth:`Graph.compact`
folds the overlay into a new snapshot. The questions asked of it live in
:mod:`kith.graph.queries` (badges, mutuals, reach, paths) and
:mod:`kith.graph.suggest` (People You May Know); fitting its weights in
:mod:`kith.graph.fit`.

Concurrency: every read takes one immutable snapshot of the arrays
(``Graph._state``) and answers from it, so reads need no lock and may run while
another thread mutates. Mutations serialise on the graph's own lock and publish a
new snapshot with a single attribute assignment. Per-viewer caches are dropped
precisely (only viewers whose 1st or 2nd degree an edge change can touch).

Examples
--------
>>> import numpy as np
>>> from kith.graph.queries import degrees
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
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from kith.graph import _kernels as _k

__all__ = ["Graph"]

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


def _reset(s: _Scratch, touched: np.ndarray) -> None:
    s.acc[touched] = 0.0
    s.cnt[touched] = 0
    s.h[touched] = 0.0
    s.l3[touched] = 0.0
