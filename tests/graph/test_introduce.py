"""Path strength and the best introducers and chains, against networkx."""

import networkx as nx
import numpy as np
import pytest

from kith.graph.csr import Graph
from kith.graph.introduce import chains, introducers, structural_tie, tie_strength


def _graph(edges, n=None):
    src, dst = zip(*edges, strict=True)
    return Graph.from_edges(n or max(max(src), max(dst)) + 1, np.array(src), np.array(dst))


def _table(strong: dict, default: float = 0.2):
    def tie(u, v):
        return np.array([strong.get((min(a, b), max(a, b)), default) for a, b in zip(u.tolist(), v.tolist(), strict=True)])

    return tie


def test_each_kind_of_evidence_makes_a_tie_stronger_and_saturates():
    base = dict(years_together=np.array([0.0]), messages=np.array([0]), age_days=np.array([0]), idle_days=np.array([0]))
    plain = tie_strength(**base)[0]
    for key, value in (("years_together", 3.0), ("messages", 50), ("age_days", 1500)):
        assert tie_strength(**{**base, key: np.array([value])})[0] > plain, key
    quiet = tie_strength(**{**base, "idle_days": np.array([720])})[0]
    assert plain * 0.5 <= quiet < plain
    long, longer = tie_strength(**{**base, "years_together": np.array([10.0, 40.0])})
    assert long == longer  # ten years is the cap
    assert 0 < plain < 1


def test_introducers_rank_by_the_weaker_side_not_the_count():
    # 0 asks about 3; 1 and 2 both know both; 2 knows 3 well but 0 barely.
    g = _graph([(0, 1), (0, 2), (1, 3), (2, 3)])
    ids, scores = introducers(g, 0, 3, tie=_table({(0, 1): 0.6, (1, 3): 0.6, (0, 2): 0.1, (2, 3): 0.95}))
    assert ids.tolist() == [1, 2]
    assert scores.tolist() == pytest.approx([0.36, 0.095])


def test_introducers_are_exactly_the_mutual_connections_and_exclude_works():
    rng = np.random.default_rng(7)
    G = nx.gnm_random_graph(300, 2400, seed=7)
    g = _graph(list(G.edges()), n=300)
    for a, t in rng.integers(0, 300, size=(40, 2)).tolist():
        if a == t or G.has_edge(a, t):
            continue
        ids, _ = introducers(g, a, t, k=1000)
        assert sorted(ids.tolist()) == sorted(nx.common_neighbors(G, a, t))
        if ids.shape[0]:
            dropped = ids[:1].astype(np.int64)
            again, _ = introducers(g, a, t, k=1000, exclude=dropped)
            assert dropped[0] not in again.tolist() and len(again) == len(ids) - 1


def test_chains_are_the_three_hop_paths_of_a_third_degree_member():
    G = nx.gnm_random_graph(200, 500, seed=3)
    g = _graph(list(G.edges()), n=200)
    checked = 0
    for a in range(30):
        lengths = nx.single_source_shortest_path_length(G, a, cutoff=3)
        for t, d in lengths.items():
            if d != 3:
                continue
            expected = {(p[1], p[2]) for p in nx.all_shortest_paths(G, a, t)}
            pairs, scores = chains(g, a, t, k=10_000)
            assert {tuple(p) for p in pairs.tolist()} == expected
            assert list(scores) == sorted(scores, reverse=True)
            checked += 1
    assert checked > 20


def test_chain_strength_multiplies_three_ties_and_candidates_cap_the_work():
    g = _graph([(0, 1), (1, 2), (2, 3), (0, 4), (4, 5), (5, 3)])
    tie = _table({(0, 4): 0.9, (4, 5): 0.9, (3, 5): 0.9})
    pairs, scores = chains(g, 0, 3, tie=tie)
    assert pairs.tolist() == [[4, 5], [1, 2]]
    assert scores[0] == pytest.approx(0.729)
    few, _ = chains(g, 0, 3, tie=tie, candidates=1)
    assert len(few) == 1


def test_without_facts_the_less_connected_introducer_ranks_first():
    # 1 and 2 both introduce 0 to 3; 1 has many other connections (and the lower id).
    edges = [(0, 1), (0, 2), (1, 3), (2, 3)] + [(1, 10 + i) for i in range(20)]
    g = _graph(edges)
    ids, _ = introducers(g, 0, 3)
    assert ids.tolist() == [2, 1]
    assert structural_tie(g)(np.array([0]), np.array([2]))[0] > structural_tie(g)(np.array([0]), np.array([1]))[0]


def test_nobody_between_strangers_or_oneself():
    g = _graph([(0, 1), (2, 3)])
    assert introducers(g, 0, 3)[0].tolist() == []
    assert introducers(g, 0, 0)[0].tolist() == []
    assert chains(g, 0, 3)[0].shape == (0, 2)
