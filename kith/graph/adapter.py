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
import itertools
import json
import os
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from django.db import connection

from kith.graph import DEFAULT_WEIGHTS, Graph, ScoreWeights, fit_weights

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
]

# Fold the overlay into a new CSR once this many members have patched rows.
COMPACT_AFTER = 20_000

_lock = threading.Lock()
_graph: Graph | None = None
_last_event_id = 0

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


def _load() -> tuple[Graph, int]:
    users, connections, events = _tables()
    with connection.cursor() as cursor:
        # The event high-water mark is read first: events after it are replayed,
        # and replaying a change the snapshot already holds is harmless.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {events}")
        last = int(cursor.fetchone()[0])
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {users}")
        n = int(cursor.fetchone()[0]) + 1
        cursor.execute(f"SELECT member_id, other_id FROM {connections} WHERE member_id < other_id")
        chunks = []
        while rows := cursor.fetchmany(200_000):
            chunks.append(np.array(rows, dtype=np.int64).reshape(-1, 2))
    pairs = np.concatenate(chunks) if chunks else np.empty((0, 2), np.int64)
    n = max(n, int(pairs.max()) + 1 if pairs.size else 0)
    return Graph.from_edges(n, pairs[:, 0], pairs[:, 1]), last


def _apply_events(g: Graph, after: int) -> int:
    _, _, events = _tables()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, member_a_id, member_b_id, kind FROM {events} WHERE id > %s ORDER BY id", [after]
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
    if g.overlay_members > COMPACT_AFTER:
        g.compact()
    return int(rows[-1][0])


def graph() -> Graph:
    """This process's graph, with every committed connection event applied.

    Outside a request every call reads the log; inside one, the first call does
    (and the first after this process commits a change).
    """
    global _graph, _last_event_id, _fresh_for
    epoch = _request_epoch.get()
    with _lock:
        if _graph is None:
            _graph, _last_event_id = _load()
        elif epoch is not None and epoch == _fresh_for:
            return _graph
        _last_event_id = _apply_events(_graph, _last_event_id)
        _fresh_for = epoch or 0
        return _graph


# Room made at once when a member newer than the graph needs a place in it, so that a
# run of sign-ups does not copy the row pointers once each.
GROW_SLACK = 1024


def snapshot_info() -> dict:
    """What /readyz reports about this process's graph."""
    return {"last_event": _last_event_id}


def graph_covering(member_id: int) -> Graph:
    """:func:`graph`, with room for members up to ``member_id``: a member who joined
    after it was loaded has no connection event yet, so no place in it."""
    g = graph()
    if member_id >= g.n:
        g.grow(member_id + 1 + GROW_SLACK)
    return g


def reset() -> None:
    """Forget the graph (tests, and after bulk loads such as the demo): the next use reloads."""
    global _graph, _last_event_id, _fresh_for
    with _lock:
        _graph, _last_event_id, _fresh_for = None, 0, 0


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
