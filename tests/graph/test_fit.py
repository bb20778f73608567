"""fit_weights: People You May Know weights chosen from the graph's own connections."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from kith.graph import (
    DEFAULT_WEIGHTS,
    Graph,
    ScoreWeights,
    fit_weights,
    score_pairs,
    suggest,
    weight_grid,
)

INF = float("inf")
CN = ScoreWeights(beta=0.0, damping=INF, common=0.0, paths3=0.0)
RA = ScoreWeights(beta=1.0, damping=INF, common=0.0, paths3=0.0)
CN_NORMED = ScoreWeights(beta=0.0, damping=INF, common=0.0, paths3=0.0, degree_norm=0.5)
CHOICES = [CN, RA, CN_NORMED]


def edges_of(h: nx.Graph) -> np.ndarray:
    e = np.array(h.edges(), dtype=np.int64).reshape(-1, 2)
    return e[e[:, 0] != e[:, 1]]


def to_kith(h: nx.Graph, n: int = 300) -> Graph:
    e = edges_of(h)
    return Graph.from_edges(n, e[:, 0], e[:, 1])


# Two graphs whose own connections are best predicted by different weightings:
# hubs in a power-law graph (resource allocation wins there) and near-cliques of
# equal size (there, normalising by the two degrees wins).
POWER_LAW = nx.powerlaw_cluster_graph(300, 3, 0.5, seed=1)
CAVES = nx.relaxed_caveman_graph(30, 8, 0.2, seed=1)


def test_the_default_grid_is_sorted_simplest_first_and_holds_the_defaults():
    grid = weight_grid()
    assert len(grid) == len(set(grid)) == 216
    assert DEFAULT_WEIGHTS in grid
    assert grid[0] in (RA, CN, ScoreWeights(beta=0.5, damping=INF, common=0.0, paths3=0.0))
    switched = [
        (w.common != 0) + (w.paths3 != 0) + (w.damping != INF) + (w.degree_norm != 0) for w in grid
    ]
    assert switched == sorted(switched)


def test_fit_returns_one_of_the_candidates_and_is_deterministic():
    g = to_kith(POWER_LAW)
    w = fit_weights(g, seed=3, negatives=20_000)
    assert w in weight_grid()
    assert fit_weights(g, seed=3, negatives=20_000) == w
    assert fit_weights(g, candidates=CHOICES, negatives=5000) in CHOICES
    assert fit_weights(g, splits=1, max_scored=30, negatives=5000) in weight_grid()


def test_fit_follows_the_graph_it_is_given():
    assert fit_weights(to_kith(POWER_LAW), candidates=CHOICES, negatives=5000) == RA
    assert fit_weights(to_kith(CAVES), candidates=CHOICES, negatives=5000) == CN_NORMED


def test_fit_reads_only_current_connections_and_changes_nothing():
    # The snapshot holds the power-law graph; the overlay replaces it with the caves.
    g = to_kith(POWER_LAW)
    g.update(remove=[tuple(e) for e in edges_of(POWER_LAW)])
    g.update(add=[tuple(e) for e in edges_of(CAVES)])
    assert g.num_edges == len(edges_of(CAVES))
    before = (g.version, g.num_edges, g.overlay_members)
    assert fit_weights(g, candidates=CHOICES, negatives=5000) == CN_NORMED
    assert (g.version, g.num_edges, g.overlay_members) == before


def test_too_few_connections_to_measure_falls_back():
    g = Graph.from_edges(6, np.array([0, 1, 2, 3]), np.array([1, 2, 3, 4]))
    assert fit_weights(g) == DEFAULT_WEIGHTS
    assert fit_weights(g, candidates=[RA, CN]) == RA
    assert fit_weights(Graph.from_edges(0, np.array([]), np.array([]))) == DEFAULT_WEIGHTS
    with pytest.raises(ValueError):
        fit_weights(g, holdout=1.0)
    with pytest.raises(ValueError):
        fit_weights(g, candidates=[])


def test_suggest_with_fitted_weights_keeps_its_promises():
    h = POWER_LAW
    g = to_kith(h)
    w = fit_weights(g, negatives=20_000)
    for member in [0, 5, 150, 299]:
        near = nx.single_source_shortest_path_length(h, member, cutoff=2)
        excluded = sorted(near)[-4:]
        recs = suggest(g, member, k=25, exclude=excluded, weights=w)
        got = [r.member for r in recs]
        assert got and member not in got
        assert not set(got) & set(h[member])
        assert not set(got) & set(excluded)
        expected = score_pairs(g, np.full(len(got), member), np.array(got), weights=w)
        assert [r.score for r in recs] == pytest.approx(expected)
