"""Introductions: how strongly a path carries one, and the best introducers and chains.

An introduction is only as good as the people making it: someone who worked beside
both of you for years and still writes to them is worth more than a mutual
connection who accepted two invitations once. This module scores that as numbers,
no Django: callers bring the facts about each tie (from positions, messages and the
connection's age) and get rankings back.

Scoring
-------
``tie_strength`` turns the facts about one connection into a number in ``(0, 1)``::

    evidence = BASE + YEARS * min(years_together, 10) + MESSAGES * log1p(messages)
               + AGE * min(age_years, 5)
    tie      = (1 - exp(-evidence)) * (RECENT_FLOOR + (1 - RECENT_FLOOR) * exp(-idle_days / RECENT_DAYS))

- ``years_together``: time both spent at the same company (overlapping positions);
- ``messages``: messages exchanged in their conversation;
- ``age_years``: how long they have been connected;
- ``idle_days``: days since they last exchanged a message (or connected, if never).

Each kind of evidence saturates (ten years at one company is not ten times better
than one), and a tie that went quiet keeps ``RECENT_FLOOR`` of its strength.

A path's strength is the product of its ties: the introducer must know *both* sides,
so one weak tie sinks the path (a chain of two introducers multiplies three ties and
so ranks below any good direct introducer). Without facts (``tie=None``) every tie
counts as ``1 / log2(2 + degree)`` of its busier end, so a member with 200
connections outranks one with 5,000, as in :func:`kith.graph.queries.paths`.

Examples
--------
>>> import numpy as np
>>> from kith.graph.csr import Graph
>>> g = Graph.from_edges(5, np.array([0, 0, 1, 2, 2]), np.array([1, 2, 3, 3, 4]))
>>> strong = {(0, 2): 0.9, (2, 3): 0.9}
>>> tie = lambda u, v: np.array([strong.get((min(a, b), max(a, b)), 0.2) for a, b in zip(u, v)])
>>> ids, scores = introducers(g, 0, 3, tie=tie)
>>> ids.tolist(), [round(float(s), 2) for s in scores]
([2, 1], [0.81, 0.04])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from kith.graph import _kernels as _k
from kith.graph.csr import Graph, _check_member, _degree_of

__all__ = [
    "TieFn",
    "tie_strength",
    "structural_tie",
    "introducers",
    "chains",
    "BASE",
    "YEARS",
    "MESSAGES",
    "AGE",
    "RECENT_DAYS",
    "RECENT_FLOOR",
]

# A function of two equal-length id arrays (the ends of some ties) to their strengths.
TieFn = Callable[[np.ndarray, np.ndarray], np.ndarray]

BASE = 0.15  # being connected at all
YEARS = 0.35  # a year at the same company, at the same time
MESSAGES = 0.30  # per e-fold of messages exchanged
AGE = 0.10  # a year of being connected
RECENT_DAYS = 180.0
RECENT_FLOOR = 0.5

# A 3rd-degree member can be reached through many (first, second) introducer pairs;
# only this many, the best by the structural score, are scored with the caller's facts.
CHAIN_CANDIDATES = 256


def tie_strength(
    *,
    years_together: np.ndarray,
    messages: np.ndarray,
    age_days: np.ndarray,
    idle_days: np.ndarray,
) -> np.ndarray:
    """How closely two connected members know each other, in ``(0, 1)`` (module docstring).

    Examples
    --------
    >>> s = tie_strength(years_together=np.array([0, 4.0]), messages=np.array([0, 40]),
    ...                  age_days=np.array([30, 2000]), idle_days=np.array([400, 10]))
    >>> [round(float(x), 2) for x in s]
    [0.08, 0.93]
    """
    years = np.minimum(np.asarray(years_together, np.float64), 10.0)
    msgs = np.log1p(np.maximum(np.asarray(messages, np.float64), 0.0))
    age = np.minimum(np.maximum(np.asarray(age_days, np.float64), 0.0) / 365.0, 5.0)
    idle = np.maximum(np.asarray(idle_days, np.float64), 0.0)
    evidence = BASE + YEARS * years + MESSAGES * msgs + AGE * age
    recency = RECENT_FLOOR + (1.0 - RECENT_FLOOR) * np.exp(-idle / RECENT_DAYS)
    return (1.0 - np.exp(-evidence)) * recency


def structural_tie(g: Graph) -> TieFn:
    """The tie strength used without facts: ``1 / log2(2 + degree)`` of the busier end."""
    st = g._state

    def tie(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        du = _degree_of(st, np.asarray(u, np.int64))
        dv = _degree_of(st, np.asarray(v, np.int64))
        return 1.0 / np.log2(2.0 + np.maximum(du, dv))

    return tie


def _ranked(scores: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` best: highest score, then lowest id."""
    return np.lexsort((ids, -scores))[:k]


def introducers(
    g: Graph,
    asker: int,
    target: int,
    *,
    tie: TieFn | None = None,
    k: int = 5,
    exclude: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The best introducers between ``asker`` and a 2nd-degree ``target``.

    Parameters
    ----------
    g : Graph
    asker, target : int
    tie : callable, optional
        Tie strengths for pairs of ids (``tie_strength`` over the caller's facts);
        :func:`structural_tie` when omitted.
    k : int
        How many to return.
    exclude : np.ndarray of int, optional
        Members never to return (blocked, hidden, inactive).

    Returns
    -------
    (np.ndarray of int32, np.ndarray of float64)
        The introducers (mutual connections), best first, and each one's path
        strength ``tie(asker, x) * tie(x, target)``. Empty when the two share no
        connection.
    """
    st = g._state
    asker = _check_member(st, asker)
    target = _check_member(st, target)
    shared = _k.intersect(st.row(asker), st.row(target))
    if exclude is not None and shared.shape[0] and exclude.shape[0]:
        shared = shared[~np.isin(shared, exclude)]
    if not shared.shape[0] or k <= 0 or asker == target:
        return shared[:0], np.zeros(0)
    tie = tie or structural_tie(g)
    scores = tie(np.full(shared.shape[0], asker), shared) * tie(shared, np.full(shared.shape[0], target))
    order = _ranked(scores, shared, k)
    return shared[order].astype(np.int32), scores[order]


def chains(
    g: Graph,
    asker: int,
    target: int,
    *,
    tie: TieFn | None = None,
    k: int = 3,
    exclude: np.ndarray | None = None,
    candidates: int = CHAIN_CANDIDATES,
) -> tuple[np.ndarray, np.ndarray]:
    """The best chains of two introducers from ``asker`` to a 3rd-degree ``target``.

    A chain ``(x, y)`` has ``x`` connected to the asker, ``y`` to the target and
    ``x`` to ``y``. Every such pair is found (one bridge walk); the ``candidates``
    best by :func:`structural_tie` are then scored with ``tie`` as
    ``tie(asker, x) * tie(x, y) * tie(y, target)``.

    Returns
    -------
    (np.ndarray of int32, shape (m, 2), np.ndarray of float64)
        The chains, best first, and their strengths.
    """
    st = g._state
    asker = _check_member(st, asker)
    target = _check_member(st, target)
    none = (np.zeros((0, 2), np.int32), np.zeros(0))
    if asker == target or k <= 0:
        return none
    s = g._scratch(st.n)
    pairs = _k.bridges(*st.arrays, asker, target, s.stamp)
    if exclude is not None and pairs.shape[0] and exclude.shape[0]:
        pairs = pairs[~(np.isin(pairs[:, 0], exclude) | np.isin(pairs[:, 1], exclude))]
    if not pairs.shape[0]:
        return none
    x, y = pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64)
    if pairs.shape[0] > candidates:
        rough = structural_tie(g)
        pre = rough(x, y) * rough(np.full(x.shape[0], asker), x) * rough(y, np.full(y.shape[0], target))
        keep = np.lexsort((y, x, -pre))[:candidates]
        x, y = x[keep], y[keep]
    tie = tie or structural_tie(g)
    scores = tie(np.full(x.shape[0], asker), x) * tie(x, y) * tie(y, np.full(y.shape[0], target))
    order = np.lexsort((y, x, -scores))[:k]
    return np.stack([x[order], y[order]], axis=1).astype(np.int32), scores[order]
