"""Loads the graph engine from the database and keeps it fresh.

The database is the truth; this module keeps one :class:`~kith.graph.csr.Graph`
per process as a cache of it. Member ids are the users' primary keys, used
directly as dense ids (a few unused slots are cheaper than a mapping).

Freshness: every connect and disconnect appends a ConnectionEvent row in the
same transaction. Before each use, :func:`graph` applies the events after the
last id this process applied — one indexed query, almost always empty — so an
accept in one process is seen by the next request in any other.
"""

from __future__ import annotations

import contextvars
import dataclasses
import fcntl
import itertools
import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from django.db import connection

from kith.graph import DEFAULT_WEIGHTS, Graph, ScoreWeights, fit_weights, snapshot

__all__ = [
    "graph",
    "graph_covering",
    "reset",
    "snapshot_info",
    "degrees_of",
    "mutual_ids",
    "mutual_counts",
    "paths_between",
    "reach_of",
    "second_degree_ids",
    "score_weights",
    "fit_and_store",
    "write_snapshot",
    "discard_snapshot",
]

# Fold the overlay into a new CSR once this many members have patched rows.
COMPACT_AFTER = 20_000

_lock = threading.Lock()
_graph: Graph | None = None
_last_event_id = 0
# The shared snapshot this process's graph is built on (None: loaded from the database itself).
_snapshot_name: str | None = None

# Within one request the log is read once: the request's epoch is remembered after a
# refresh, and a connection change committed by this process clears it (see stale()).
_epochs = itertools.count(1)
_request_epoch: contextvars.ContextVar[int | None] = contextvars.ContextVar("kith_graph_epoch", default=None)
_fresh_for = 0


def begin_request() -> contextvars.Token:
    """Mark the start of a request (the middleware calls this)."""
    return _request_epoch.set(next(_epochs))


def end_request(token: contextvars.Token) -> None:
    _request_epoch.reset(token)


def stale() -> None:
    """This process committed a connection change: read the log before the next use."""
    global _fresh_for
    _fresh_for = 0


class FreshGraphMiddleware:
    """Reads the connection event log at most once per request (and again after a change)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = begin_request()
        try:
            return self.get_response(request)
        finally:
            end_request(token)


# The tables the graph is loaded from, named by the app that owns them
# (kith.members, at start-up): this module imports no Kith app.
_sources: tuple[str, str, str] | None = None


def use_tables(*, users: str, connections: str, events: str) -> None:
    """Say where members, connections (one row a direction) and the connection event log live."""
    global _sources
    _sources = (users, connections, events)


def _tables() -> tuple[str, str, str]:
    if _sources is None:
        raise RuntimeError("kith.graph.adapter.use_tables() was not called (kith.members registers its tables on start-up)")
    return _sources


def _table_pairs(cursor) -> np.ndarray:
    """Every connected pair once, (lo, hi), as the connections table holds them now."""
    _, connections, _ = _tables()
    cursor.execute(f"SELECT member_id, other_id FROM {connections} WHERE member_id < other_id")
    chunks = []
    while rows := cursor.fetchmany(200_000):
        chunks.append(np.array(rows, dtype=np.int64).reshape(-1, 2))
    return np.concatenate(chunks) if chunks else np.empty((0, 2), np.int64)


def _load_from_database() -> tuple[Graph, int]:
    users, _, events = _tables()
    with connection.cursor() as cursor:
        # The event high-water mark is read first: events after it are replayed,
        # and replaying a change the snapshot already holds is harmless.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {events}")
        last = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {users}")
        n = int(cursor.fetchone()[0]) + 1
        pairs = _table_pairs(cursor)
    n = max(n, int(pairs.max()) + 1 if pairs.size else 0)
    return Graph.from_edges(n, pairs[:, 0], pairs[:, 1]), last


# --- the shared, memory-mapped snapshot -------------------------------------------------
# With KITH_GRAPH_SNAPSHOTS on (the default with KITH_DEBUG=0), the compacted CSR lives in
# files under KITH_GRAPH_SNAPSHOT_DIR (kith.graph.snapshot) that every process maps read-only:
# one copy in the page cache for all workers on the machine, each process keeping only its
# overlay of the events after the snapshot. A periodic task rebuilds it from the database
# (kith.network.tasks.rebuild_graph_snapshot); each process notices a new one at its next
# request and switches to it without a restart.


def _snapshot_folder() -> Path | None:
    from django.conf import settings

    if not getattr(settings, "KITH_GRAPH_SNAPSHOTS", False):
        return None
    return Path(settings.KITH_GRAPH_SNAPSHOT_DIR)


def _max_event_id() -> int:
    _, _, events = _tables()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {events}")
        return int(cursor.fetchone()[0])


def _from_snapshot(snap: snapshot.Snapshot) -> Graph | None:
    """A graph over the mapped arrays, or None when the snapshot cannot be this database's
    (its event high-water mark is past the log's: a restore of an older backup, a new database)."""
    if snap.last_event > _max_event_id():
        return None
    return Graph(snap.indptr, snap.indices)


def write_snapshot(*, only_if_missing: bool = False) -> dict:
    """Rebuild the CSR from the database and publish it for every process (slow: a task).

    One writer at a time on the machine (a lock file). ``only_if_missing``: a process that
    waited for another's write uses that one instead of writing its own.
    """
    folder = _snapshot_folder()
    if folder is None:
        raise RuntimeError("KITH_GRAPH_SNAPSHOTS is off")
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if only_if_missing:
            snap = snapshot.open_current(folder)
            if snap is not None and _from_snapshot(snap) is not None:
                return {"snapshot": snap.name, "members": snap.n, "connections": snap.num_edges, "last_event": snap.last_event}
        g, last = _load_from_database()
        name = snapshot.write(folder, g.indptr, g.indices, last_event=last)
    return {"snapshot": name, "members": g.n, "connections": g.num_edges, "last_event": last}


def snapshot_drift(*, limit: int = 20) -> tuple[str | None, list[tuple[int, int, str]]]:
    """How the shared snapshot, with the events after it replayed, differs from the table.

    Returns the snapshot's name (None when snapshots are off or none is published) and up to
    ``limit`` pairs ``(lo, hi, "missing" | "extra")``: connected in the table but not in the
    replayed graph, or the other way round. A pair with an event newer than the high-water
    mark read first is left out (it changed while this ran). Reads every connection: slow at
    a million members, for `kith doctor`, never a request.
    """
    folder = _snapshot_folder()
    snap = snapshot.open_current(folder) if folder is not None else None
    if snap is None:
        return None, []
    _, _, events = _tables()
    mark = _max_event_id()
    g = Graph(snap.indptr, snap.indices)
    _apply_events(g, snap.last_event, until=mark)
    g.compact()  # the overlay folded in: indptr and indices are the replayed graph
    with connection.cursor() as cursor:
        table = _table_pairs(cursor)
        cursor.execute(f"SELECT member_a_id, member_b_id FROM {events} WHERE id > %s", [mark])
        moved = {(min(a, b), max(a, b)) for a, b in cursor.fetchall()}
    n = max(g.n, int(table.max()) + 1 if table.size else 0)
    rows = np.repeat(np.arange(g.n, dtype=np.int64), np.diff(np.asarray(g.indptr)))
    cols = np.asarray(g.indices, dtype=np.int64)
    keep = rows < cols
    graph_keys = rows[keep] * n + cols[keep]
    table_keys = table[:, 0] * n + table[:, 1]
    drift = [(int(k // n), int(k % n), "missing") for k in np.setdiff1d(table_keys, graph_keys)]
    drift += [(int(k // n), int(k % n), "extra") for k in np.setdiff1d(graph_keys, table_keys)]
    drift = sorted(d for d in drift if (d[0], d[1]) not in moved)
    return snap.name, drift[:limit]


def discard_snapshot() -> None:
    """Forget the shared snapshot (after a bulk load that wrote no events, such as the demo):
    the next process to load the graph rebuilds it from the database."""
    folder = _snapshot_folder()
    if folder is not None:
        (folder / snapshot.CURRENT).unlink(missing_ok=True)


def _load() -> tuple[Graph, int, str | None]:
    folder = _snapshot_folder()
    if folder is None:
        return (*_load_from_database(), None)
    folder.mkdir(parents=True, exist_ok=True)
    snap = snapshot.open_current(folder)
    g = _from_snapshot(snap) if snap is not None else None
    if g is None:
        # The first process to start (or the first after a discard) writes it; the others wait
        # for that one instead of each reading every connection from the database.
        write_snapshot(only_if_missing=True)
        snap = snapshot.open_current(folder)
        g = _from_snapshot(snap) if snap is not None else None
    if g is None:  # could not publish one (a full disk…): this process holds its own
        return (*_load_from_database(), None)
    return g, snap.last_event, snap.name


def _newer_snapshot() -> snapshot.Snapshot | None:
    folder = _snapshot_folder()
    if folder is None:
        return None
    name = snapshot.current_name(folder)
    if name is None or name == _snapshot_name:
        return None
    return snapshot.open_current(folder)


def _apply_events(g: Graph, after: int, *, until: int | None = None) -> int:
    _, _, events = _tables()
    bound, params = ("AND id <= %s", [after, until]) if until is not None else ("", [after])
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, member_a_id, member_b_id, kind FROM {events} WHERE id > %s {bound} ORDER BY id", params
        )
        rows = cursor.fetchall()
    if not rows:
        return after
    # The last event for a pair decides whether it is connected now.
    final: dict[tuple[int, int], str] = {}
    for _, a, b, kind in rows:
        final[(min(a, b), max(a, b))] = kind
    top = max(max(pair) for pair in final) + 1
    if top > g.n:
        g.grow(top)
    g.update(
        add=[pair for pair, kind in final.items() if kind == "added"],
        remove=[pair for pair, kind in final.items() if kind == "removed"],
    )
    if g.overlay_members > COMPACT_AFTER and _snapshot_folder() is None:
        # With shared snapshots the rebuild task folds the overlay (a private compaction
        # would copy the whole adjacency into this process).
        g.compact()
    return int(rows[-1][0])


def graph() -> Graph:
    """This process's graph, with every committed connection event applied.

    Outside a request every call reads the log; inside one, the first call does
    (and the first after this process commits a change).
    """
    global _graph, _last_event_id, _fresh_for, _snapshot_name
    epoch = _request_epoch.get()
    with _lock:
        if _graph is None:
            _graph, _last_event_id, _snapshot_name = _load()
        elif epoch is not None and epoch == _fresh_for:
            return _graph
        elif (snap := _newer_snapshot()) is not None and (fresh := _from_snapshot(snap)) is not None:
            # A rebuilt snapshot: switch to it and replay only what came after it.
            if _graph.n > fresh.n:
                fresh.grow(_graph.n)
            _graph, _last_event_id, _snapshot_name = fresh, snap.last_event, snap.name
        _last_event_id = _apply_events(_graph, _last_event_id)
        _fresh_for = epoch or 0
        return _graph


# Room made at once when a member newer than the graph needs a place in it, so that a
# run of sign-ups does not copy the row pointers once each.
GROW_SLACK = 1024


def snapshot_info() -> dict:
    """What /readyz reports about this process's graph."""
    return {"last_event": _last_event_id, "snapshot": _snapshot_name}


def graph_covering(member_id: int) -> Graph:
    """:func:`graph`, with room for members up to ``member_id``: a member who joined
    after it was loaded has no connection event yet, so no place in it."""
    g = graph()
    if member_id >= g.n:
        g.grow(member_id + 1 + GROW_SLACK)
    return g


def reset() -> None:
    """Forget the graph (tests, and after bulk loads such as the demo): the next use reloads."""
    global _graph, _last_event_id, _fresh_for, _snapshot_name
    with _lock:
        _graph, _last_event_id, _fresh_for, _snapshot_name = None, 0, 0, None


def _known(g: Graph, ids: Iterable[int]) -> tuple[list[int], np.ndarray]:
    ids = [int(i) for i in ids]
    arr = np.array([i if 0 <= i < g.n else -1 for i in ids], dtype=np.int64)
    return ids, arr


def degrees_of(viewer_id: int, member_ids: Iterable[int]) -> dict[int, int]:
    """``{member id: 1, 2, 3 or 0}`` as seen by the viewer (0: out of network or self)."""
    from kith.graph.queries import degrees

    g = graph()
    ids, arr = _known(g, member_ids)
    if not ids or not 0 <= viewer_id < g.n:
        return dict.fromkeys(ids, 0)
    valid = arr >= 0
    out = np.zeros(len(ids), np.int8)
    if valid.any():
        out[valid] = degrees(g, viewer_id, arr[valid])
    return {i: int(d) for i, d in zip(ids, out, strict=True)}


def degrees_array(viewer_id: int, member_ids: np.ndarray) -> np.ndarray:
    """:func:`degrees_of` for an array of ids, answered as an int8 array in the same order (no
    dict of thousands of entries: the group member list badges a whole group at once)."""
    from kith.graph.queries import degrees

    g = graph()
    arr = np.asarray(member_ids, dtype=np.int64)
    out = np.zeros(arr.shape[0], np.int8)
    if not arr.size or not 0 <= viewer_id < g.n:
        return out
    valid = (arr >= 0) & (arr < g.n)
    if valid.all():
        return degrees(g, viewer_id, arr)
    if valid.any():
        out[valid] = degrees(g, viewer_id, arr[valid])
    return out


def mutual_ids(a: int, b: int) -> list[int]:
    from kith.graph.queries import mutual

    g = graph()
    if not (0 <= a < g.n and 0 <= b < g.n):
        return []
    return mutual(g, a, b).tolist()


def mutual_counts(viewer_id: int, member_ids: Iterable[int]) -> dict[int, int]:
    from kith.graph.queries import mutual

    g = graph()
    ids = [int(i) for i in member_ids]
    if not 0 <= viewer_id < g.n:
        return dict.fromkeys(ids, 0)
    return {i: (int(mutual(g, viewer_id, i).shape[0]) if 0 <= i < g.n and i != viewer_id else 0) for i in ids}


def reach_of(member_id: int) -> tuple[int, int, int]:
    from kith.graph.queries import reach

    g = graph()
    if not 0 <= member_id < g.n:
        return 0, 0, 0
    return reach(g, member_id)


def second_degree_ids(viewer_id: int) -> np.ndarray:
    """The viewer's 2nd-degree members (not connected, at distance two), as an int32 array."""
    g = graph()
    if not 0 <= viewer_id < g.n:
        return np.empty(0, np.int32)
    return g._marks(g._state, viewer_id).second


def paths_between(viewer_id: int, target_id: int, *, k: int = 3, max_len: int = 3) -> list[list[int]]:
    from kith.graph.queries import paths

    g = graph()
    if not (0 <= viewer_id < g.n and 0 <= target_id < g.n):
        return []
    return paths(g, viewer_id, target_id, max_len=max_len, k=k)


# --- People You May Know weights -------------------------------------------------------
# Fitted on the community's own graph (kith.graph.fit_weights) by a periodic task, stored
# in a small file every process reads; until then the engine's defaults apply.

_weights_cache: tuple[float, ScoreWeights] | None = None


def _weights_file() -> Path:
    from django.conf import settings

    return Path(settings.KITH_PYMK_WEIGHTS_FILE)


def score_weights() -> ScoreWeights:
    """The weights People You May Know ranks by: the last fitted ones, else the defaults."""
    global _weights_cache
    path = _weights_file()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return DEFAULT_WEIGHTS
    if _weights_cache is None or _weights_cache[0] != mtime:
        try:
            _weights_cache = (mtime, ScoreWeights(**json.loads(path.read_text())))
        except (ValueError, TypeError):
            return DEFAULT_WEIGHTS  # a damaged file must not break suggestions
    return _weights_cache[1]


def fit_and_store(*, splits: int = 2, seed: int = 0) -> ScoreWeights:
    """Fit the weights on the current graph and store them for every process (slow: a task)."""
    weights = fit_weights(graph(), seed=seed, splits=splits)
    path = _weights_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps(dataclasses.asdict(weights)))
    os.replace(scratch, path)
    return weights
