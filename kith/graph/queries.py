"""Questions asked of the graph: degree badges, mutual connections, reach, paths.

Each answers from one immutable snapshot of :class:`kith.graph.csr.Graph`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from kith.graph import _kernels as _k
from kith.graph.csr import _EMPTY_BOOL, _EMPTY_I32, Graph, _as_members, _check_member, _degree_of

__all__ = ["degrees", "mutual", "paths", "reach", "reach_gain", "well_connected"]


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
