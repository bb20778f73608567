"""People You May Know: the score (:class:`ScoreWeights`) and the ranked suggestions.

:func:`suggest` ranks members a member may know by shared connections and
3-step paths (see :class:`ScoreWeights`), optionally boosted by what their
profiles share (``profile_score``) and widened by candidates from outside the
graph (``extra``: a newcomer with no connections still gets suggestions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from kith.graph import _kernels as _k
from kith.graph.csr import _EMPTY_I32, Graph, _as_members, _check_member, _degree_of, _reset

__all__ = ["DEFAULT_WEIGHTS", "ScoreWeights", "Suggestion", "mutual_reason", "score_pairs", "suggest"]


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


@dataclass(frozen=True)
class Suggestion:
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

    The same score :func:`suggest` ranks by (see :class:`ScoreWeights`),
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


def mutual_reason(count: int) -> str:
    """The reason a suggestion gives for its mutual connections ("3 mutual connections")."""
    return f"{count} mutual connection{'' if count == 1 else 's'}"


def suggest(
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
) -> list[Suggestion]:
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
    list of Suggestion
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
    >>> [r.member for r in suggest(g, 0, extra=[2, 3], profile_score=np.array([0, 0, 0.1, 0.5]))]
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
            reasons = [mutual_reason(int(mcount[i]))]
        elif l3[i] > 0:
            reasons = ["3rd-degree connection"]
        else:
            reasons = []
        if extra_reasons is not None:
            reasons += list(extra_reasons[i])
        out.append(Suggestion(int(cand[i]), float(score[i]), int(mcount[i]), reasons))
    return out
