"""The graph engine against networkx (and naive Python) on seeded random and real graphs."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from kith.graph import (
    Graph,
    ScoreWeights,
    degrees,
    mutual,
    paths,
    reach,
    reach_gain,
    score_pairs,
    suggest,
)

HEP_TH = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "graphs" / "hep-th.graph"


def random_nx(seed: int) -> nx.Graph:
    """A clustered, heavy-ish tailed graph with some isolated members."""
    g = nx.powerlaw_cluster_graph(160, 2, 0.4, seed=seed)
    g.add_nodes_from(range(160, 175))
    rng = np.random.default_rng(seed)
    hub = int(rng.integers(0, 160))
    g.add_edges_from((hub, int(x)) for x in rng.choice(160, 30, replace=False) if x != hub)
    return g


def to_kith(g: nx.Graph) -> Graph:
    e = np.array(g.edges(), dtype=np.int64).reshape(-1, 2)
    return Graph.from_edges(max(g) + 1, e[:, 0], e[:, 1])


@pytest.fixture(params=[1, 2, 3])
def pair(request) -> tuple[nx.Graph, Graph]:
    g = random_nx(request.param)
    return g, to_kith(g)


def expected_badges(g: nx.Graph, viewer: int) -> np.ndarray:
    dist = nx.single_source_shortest_path_length(g, viewer, cutoff=3)
    out = np.zeros(g.number_of_nodes(), np.int8)
    for m, d in dist.items():
        out[m] = d
    return out


def naive_score(g: nx.Graph, u: int, v: int, w: ScoreWeights) -> float:
    s = sum(
        g.degree(x) ** -w.beta / (1 + g.degree(x) / w.damping) + w.common
        for x in nx.common_neighbors(g, u, v)
    )
    three = sum(1 / (g.degree(x) * g.degree(y)) for x in g[u] for y in g[x] if y in g[v])
    norm = (max(g.degree(u), 1) * max(g.degree(v), 1)) ** -w.degree_norm
    return (s + w.paths3 * three) * norm


# The defaults, and a fitted-looking weighting with every term switched on.
WEIGHTINGS = [
    ScoreWeights(),
    ScoreWeights(beta=1.0, damping=float("inf"), common=0.01, paths3=0.2, degree_norm=0.2),
]


def test_from_edges_drops_duplicates_and_self_loops():
    g = Graph.from_edges(4, np.array([0, 1, 0, 2, 2, 3]), np.array([1, 0, 1, 2, 3, 0]))
    assert g.num_edges == 3
    assert [g.neighbors(u).tolist() for u in range(4)] == [[1, 3], [0], [3], [0, 2]]
    assert g.indices.dtype == np.int32 and g.indptr.dtype == np.int64


def test_neighbors_match_networkx(pair):
    g, kg = pair
    assert kg.num_edges == g.number_of_edges()
    for u in g:
        assert kg.neighbors(u).tolist() == sorted(g[u])
        assert kg.degree(u) == g.degree(u)


def test_degrees_match_shortest_path_lengths(pair):
    g, kg = pair
    everyone = np.arange(g.number_of_nodes())
    for viewer in [0, 5, 77, 159, 170]:
        assert degrees(kg, viewer, everyone).tolist() == expected_badges(g, viewer).tolist()


def test_mutual_matches_common_neighbors(pair):
    g, kg = pair
    for a, b in itertools.combinations([0, 1, 2, 3, 40, 99, 165], 2):
        assert mutual(kg, a, b).tolist() == sorted(nx.common_neighbors(g, a, b))


def test_reach_counts_each_degree(pair):
    g, kg = pair
    for member in [0, 10, 100, 170]:
        dist = nx.single_source_shortest_path_length(g, member, cutoff=3)
        counts = tuple(sum(1 for d in dist.values() if d == k) for k in (1, 2, 3))
        assert reach(kg, member) == counts


def test_reach_gain_counts_new_second_degree(pair):
    g, kg = pair
    rng = np.random.default_rng(0)
    target = rng.random(g.number_of_nodes()) < 0.3
    for viewer, candidate in [(0, 50), (3, 120), (10, 11), (160, 0), (7, 7)]:
        near = set(nx.single_source_shortest_path_length(g, viewer, cutoff=2))
        new = {y for y in g[candidate] if y not in near} if viewer != candidate else set()
        assert reach_gain(kg, viewer, candidate, target) == (len(new), sum(target[y] for y in new))
        assert reach_gain(kg, viewer, candidate) == (len(new), 0)


@pytest.mark.parametrize("w", WEIGHTINGS)
def test_score_pairs_is_the_documented_score(pair, w):
    g, kg = pair
    us, vs = np.array([0, 1, 2, 30, 99, 4, 170]), np.array([7, 45, 150, 31, 100, 4 + 1, 0])
    expected = [naive_score(g, u, v, w) for u, v in zip(us, vs, strict=True)]
    assert score_pairs(kg, us, vs, weights=w) == pytest.approx(expected)
    assert score_pairs(kg, vs, us, weights=w) == pytest.approx(expected)


@pytest.mark.parametrize("w", WEIGHTINGS)
def test_suggest_ranks_non_neighbours_by_score(pair, w):
    g, kg = pair
    for member in [0, 12, 140]:
        excluded = sorted(nx.single_source_shortest_path_length(g, member, cutoff=2))[-3:]
        recs = suggest(kg, member, k=20, exclude=excluded, weights=w)
        got = [r.member for r in recs]
        assert member not in got
        assert not set(got) & set(g[member])
        assert not set(got) & set(excluded)
        assert len(set(got)) == len(got)
        scores = score_pairs(kg, np.full(len(got), member), np.array(got), weights=w)
        assert [r.score for r in recs] == pytest.approx(scores)
        keys = [(-r.score, -r.mutual_count, r.member) for r in recs]
        assert keys == sorted(keys)
        for r in recs:
            assert r.mutual_count == len(list(nx.common_neighbors(g, member, r.member)))
        # Nothing left out scores higher than the last suggestion.
        others = [
            c
            for c in nx.single_source_shortest_path_length(g, member, cutoff=2)
            if c != member and c not in g[member] and c not in excluded and c not in got
        ]
        if others and len(got) == 20:
            left = score_pairs(kg, np.full(len(others), member), np.array(others), weights=w)
            best_left = left.max()
            assert best_left <= recs[-1].score + 1e-12


def test_suggest_reasons_and_profile_hook():
    g = nx.Graph([(0, 1), (0, 2), (1, 3), (2, 3), (1, 4), (4, 5), (2, 6), (6, 7)])
    kg = to_kith(g)
    recs = suggest(kg, 0, k=10)
    assert recs[0].member == 3 and recs[0].reasons == ["2 mutual connections"]
    by_id = {r.member: r for r in recs}
    assert by_id[4].reasons == ["1 mutual connection"]
    assert by_id[5].reasons == ["3rd-degree connection"]  # few connections: 3 hops too

    def boost(cands):
        return np.where(cands == 7, 10.0, 0.0), [["Works at Acme"] if c == 7 else [] for c in cands]

    recs = suggest(kg, 0, k=10, profile_score=boost)
    assert recs[0].member == 7 and recs[0].reasons == ["3rd-degree connection", "Works at Acme"]
    array_boost = np.zeros(8)
    array_boost[5] = 10.0
    assert suggest(kg, 0, k=1, profile_score=array_boost)[0].member == 5


@pytest.mark.parametrize("w", WEIGHTINGS)
def test_extra_candidates_get_the_graph_score_and_the_boost(pair, w):
    g, kg = pair
    rng = np.random.default_rng(7)
    for member in [0, 12, 140, 165]:  # 165 has no connections
        extra = rng.choice(kg.n, 40, replace=False)
        boost = rng.random(kg.n)
        recs = suggest(kg, member, k=kg.n, weights=w, extra=extra, profile_score=boost)
        got = np.array([r.member for r in recs])
        assert member not in got and not set(got.tolist()) & set(g[member])
        allowed = {int(x) for x in extra if x != member and x not in g[member]}
        assert allowed <= set(got.tolist()), "every allowed extra candidate is scored"
        three = len(g[member]) < 5  # few connections: three-hop mode, the 3-path term for all
        exact = score_pairs(kg, np.full(len(got), member), got, weights=w)
        shared_only = score_pairs(kg, np.full(len(got), member), got, weights=dataclasses.replace(w, paths3=0.0))
        by_id = {r.member: r for r in recs}
        pool = {r.member for r in suggest(kg, member, k=kg.n, weights=w)}
        for x in allowed:
            i = int(np.flatnonzero(got == x)[0])
            graph = exact[i] if three or x in pool else shared_only[i]
            assert by_id[x].score == pytest.approx(graph + boost[x])
            assert by_id[x].mutual_count == len(list(nx.common_neighbors(g, member, x)))


def test_extra_candidates_reasons_and_exclusions():
    g = nx.Graph([(0, 1), (1, 2), (2, 3)])
    g.add_nodes_from([4, 5])
    kg = to_kith(g)

    def boost(cands):
        return np.full(len(cands), 1.0), [[f"Also at {c}"] for c in cands]

    recs = {r.member: r.reasons for r in suggest(kg, 0, k=10, extra=[1, 3, 4, 5], exclude=[5], profile_score=boost)}
    assert 1 not in recs and 5 not in recs  # a connection, an excluded member
    assert recs[3] == ["3rd-degree connection", "Also at 3"]
    assert recs[4] == ["Also at 4"]  # outside the network: only the profile's reason
    lonely = suggest(kg, 5, k=10, extra=[0, 4], profile_score=boost)
    assert [(r.member, r.mutual_count, r.reasons) for r in lonely] == [(0, 0, ["Also at 0"]), (4, 0, ["Also at 4"])]
    assert suggest(kg, 5, k=10) == []


def test_suggest_for_lonely_member_is_empty():
    kg = Graph.from_edges(3, np.array([0]), np.array([1]))
    assert suggest(kg, 2) == []
    assert suggest(kg, 0) == []


def test_paths_are_shortest_and_real(pair):
    g, kg = pair
    for viewer, target in [(0, 1), (0, 60), (5, 140), (20, 150), (1, 170), (33, 99)]:
        for max_len in (1, 2, 3):
            got = paths(kg, viewer, target, max_len=max_len, k=3)
            try:
                d = nx.shortest_path_length(g, viewer, target)
            except nx.NetworkXNoPath:
                d = None
            if d is None or d > max_len:
                assert got == []
                continue
            n_shortest = sum(1 for _ in nx.all_shortest_paths(g, viewer, target))
            assert len(got) == min(3, n_shortest)
            assert len({tuple(p) for p in got}) == len(got)
            for p in got:
                assert p[0] == viewer and p[-1] == target and len(p) - 1 == d
                assert all(g.has_edge(a, b) for a, b in itertools.pairwise(p))


def test_paths_prefer_intermediaries_with_fewer_connections():
    g = nx.Graph([(0, 1), (0, 2), (1, 9), (2, 9), (1, 5), (1, 6), (1, 7)])
    kg = to_kith(g)
    assert paths(kg, 0, 9) == [[0, 2, 9], [0, 1, 9]]
    assert paths(kg, 0, 9, k=1) == [[0, 2, 9]]
    assert paths(kg, 0, 0) == []


def test_overlay_and_compaction_match_a_rebuilt_graph(pair):
    g, kg = pair
    g = g.copy()
    rng = np.random.default_rng(7)
    n = g.number_of_nodes()
    viewers = [0, 3, 170]
    for v in viewers:
        degrees(kg, v, np.arange(n))  # warm the caches so invalidation is exercised
    for _ in range(60):
        u, v = (int(x) for x in rng.choice(n, 2, replace=False))
        if rng.random() < 0.5 and g.degree(u):
            v = int(rng.choice(list(g[u])))
            assert kg.remove_edge(u, v)
            g.remove_edge(u, v)
        else:
            assert kg.add_edge(u, v) == (not g.has_edge(u, v))
            g.add_edge(u, v)
    assert kg.add_edge(*next(iter(g.edges()))) is False
    assert kg.remove_edge(*next(iter(nx.non_edges(g)))) is False
    rebuilt = to_kith(g)

    def answers(x: Graph):
        return (
            x.num_edges,
            [x.neighbors(u).tolist() for u in range(n)],
            [degrees(x, v, np.arange(n)).tolist() for v in viewers],
            [reach(x, v) for v in viewers],
            [[(r.member, round(r.score, 12)) for r in suggest(x, v, k=15)] for v in viewers],
            [paths(x, 0, t) for t in (50, 100, 150)],
        )

    expected = answers(rebuilt)
    assert answers(kg) == expected
    assert kg.overlay_members > 0
    version = kg.version
    kg.compact()
    assert kg.overlay_members == 0 and kg.version == version
    assert answers(kg) == expected
    assert kg.indices.tolist() == rebuilt.indices.tolist()


def test_cached_badges_follow_changes():
    kg = Graph.from_edges(6, np.array([0, 1, 2, 3]), np.array([1, 2, 3, 4]))
    everyone = np.arange(6)
    assert degrees(kg, 0, everyone).tolist() == [0, 1, 2, 3, 0, 0]
    version = kg.version
    kg.add_edge(1, 4)
    assert kg.version == version + 1
    assert degrees(kg, 0, everyone).tolist() == [0, 1, 2, 3, 2, 0]
    kg.remove_edge(0, 1)
    assert degrees(kg, 0, everyone).tolist() == [0, 0, 0, 0, 0, 0]
    kg.grow(8)
    assert kg.n == 8
    kg.add_edge(0, 7)
    kg.add_edge(7, 2)
    assert degrees(kg, 0, np.arange(8)).tolist() == [0, 3, 2, 3, 0, 0, 0, 1]
    assert degrees(kg, 2, np.arange(8)).tolist() == [2, 1, 0, 1, 2, 0, 0, 1]


def test_a_far_away_change_keeps_the_cache():
    kg = Graph.from_edges(8, np.array([0, 1, 4, 5]), np.array([1, 2, 5, 6]))
    degrees(kg, 0, [1])
    kg.add_edge(5, 7)  # nowhere near member 0
    assert 0 in kg._cache
    kg.add_edge(1, 7)  # next to a connection of 0
    assert 0 not in kg._cache
    assert degrees(kg, 0, [7, 5]).tolist() == [2, 3]


def test_bad_ids_are_refused():
    kg = Graph.from_edges(3, np.array([0]), np.array([1]))
    with pytest.raises(ValueError):
        degrees(kg, 0, [3])
    with pytest.raises(ValueError):
        kg.add_edge(1, 1)
    with pytest.raises(ValueError):
        kg.update(add=[(0, 2), (0, 5)])
    assert not kg.has_edge(0, 2)  # a refused batch changes nothing
    with pytest.raises(ValueError):
        Graph.from_edges(2, np.array([0]), np.array([2]))


@pytest.mark.skipif(not HEP_TH.exists(), reason="shared hep-th graph not available")
def test_real_graph_hep_th():
    lines = HEP_TH.read_text().splitlines()
    n = int(lines[0].split()[0])
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for i, line in enumerate(lines[1 : n + 1]):
        g.add_edges_from((i, int(t) - 1) for t in line.split())
    kg = to_kith(g)
    assert kg.num_edges == g.number_of_edges() == 15751
    rng = np.random.default_rng(0)
    everyone = np.arange(n)
    hubs = sorted(g, key=g.degree)[-2:]
    for viewer in list(rng.choice(n, 4, replace=False)) + hubs:
        assert degrees(kg, viewer, everyone).tolist() == expected_badges(g, viewer).tolist()
        dist = nx.single_source_shortest_path_length(g, viewer, cutoff=3)
        assert reach(kg, viewer) == tuple(
            sum(1 for d in dist.values() if d == k) for k in (1, 2, 3)
        )
    for a, b in list(g.edges())[:200:7]:
        for x in g[a]:
            assert mutual(kg, x, b).tolist() == sorted(nx.common_neighbors(g, x, b))
