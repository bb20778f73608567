"""The target-market index answers exactly as the database query (target_market_match's rule)."""

from datetime import date

import numpy as np
import pytest

from kith.members import actions
from kith.members.models import TargetMarket
from kith.network import graph_selectors, market_index
from kith.network.graph_selectors import _target_market_query
from tests.factories import make_member

MARKETS = [
    {"title_keywords": ["engineer"]},
    {"title_keywords": ["Data Scientist"]},
    {"title_keywords": ["ta sci"]},  # a keyword spanning two words, cut inside both
    {"title_keywords": [" cto"]},
    {"title_keywords": ["founder at"]},  # not across the title and the headline
    {"industries": ["software-development"], "locations": ["lisbon"]},
    {"locations": ["Portugal", "BERLIN"]},
    {"companies": ["  Acme Logistics "]},
    {"companies": ["acme logistics"], "title_keywords": ["nobody has this"]},
    {"title_keywords": ["zzz"]},
    {"title_keywords": ["kernel  engineer"]},  # two spaces: only Linus's irregular headline has them
    {"title_keywords": ["kernel engineer"]},
    {"title_keywords": ["senior data scientist", "nior data sc", "engineer, retired"]},
    {"title_keywords": ["founder software engineer"]},  # across a title and the next title
    {"title_keywords": ["cto and founder", "and founder x"]},
    {"title_keywords": ["ware engineer mathematician"]},  # across a title and the headline: no
    {"title_keywords": ["athematician and cod"]},  # three words, the first and last cut
    {"title_keywords": ["mathematician and code breaker"]},  # four words: runs of three, then the text
    {"title_keywords": ["hematician and code brea", "mathematician and code breaker extra"]},
    {"title_keywords": ["kernel  engineer, retired"]},
    {"title_keywords": ["hematician and code breaker at bletch"]},  # six words: runs of four, then the text
    {"title_keywords": ["code breaker at bletchley park nope", "and code breaker at bletchley park"]},  # irregular spaces in a keyword of three words
]


@pytest.fixture
def community(db):
    people = [
        make_member("Ada Lovelace", headline="Senior Data Scientist", city="Lisbon", country="Portugal"),
        make_member("Grace Hopper", headline="CTO and founder", city="Berlin", industry="software-development"),
        make_member("Linus Torvalds", headline="Kernel  engineer", city="Lisbon"),
        make_member("Ken Thompson", headline="Kernel engineer, retired", city="Murray Hill"),
        make_member("Mary Somerville", headline="", region="Bavaria", country="Germany"),
        make_member("Alan Turing", headline="Mathematician and code breaker at Bletchley Park", city="Manchester", industry="software-development"),
    ]
    actions.add_position(people[4], title="Founder", company="Acme Logistics", start=date(2020, 1, 1), is_current=True)
    actions.add_position(people[5], title="Software Engineer", company="Bletchley", start=date(2019, 1, 1), is_current=True)
    actions.add_position(people[5], title="Cryptanalyst", company="Acme logistics", start=date(2010, 1, 1), end=date(2012, 1, 1))
    return people


@pytest.mark.parametrize("criteria", MARKETS, ids=lambda c: repr(c))
def test_the_index_answers_as_the_query(community, settings, criteria):
    viewer = make_member("Viewer One")
    market = actions.update_target_market(viewer, **criteria)
    n = max(u.pk for u in community) + 2
    expected = _target_market_query(viewer, market, np.zeros(n, dtype=bool), n)
    index = market_index.build()
    got = index.mask(n, **{k: getattr(market, k) for k in ("industries", "title_keywords", "locations", "companies")})
    got[viewer.pk] = False
    assert np.flatnonzero(got).tolist() == np.flatnonzero(expected).tolist()


def test_target_market_ids_uses_the_index_once_built(community, settings, monkeypatch):
    settings.KITH_MARKET_INDEX = True
    viewer = make_member("Viewer Two", headline="engineer too")
    actions.update_target_market(viewer, title_keywords=["engineer"])
    market_index.use(None)
    # The background build is asked for, not run: a thread left querying the test database
    # after the test would lock its tables under the next one.
    asked = []
    monkeypatch.setattr(market_index, "start_rebuild", lambda: asked.append(True) or True)
    try:
        # Not built yet: the query answers (and a build is started in the background).
        first = graph_selectors.target_market_ids(viewer)
        assert asked
        market_index.use(market_index.build())
        second = graph_selectors.target_market_ids(viewer)
    finally:
        market_index.use(None)
    linus, ken, alan = community[2], community[3], community[5]
    assert np.flatnonzero(first).tolist() == np.flatnonzero(second).tolist() == sorted([linus.pk, ken.pk, alan.pk])
    assert not second[viewer.pk]  # never oneself


def test_an_empty_market_is_nobody(community):
    viewer = make_member("Viewer Three")
    assert not graph_selectors.target_market_ids(viewer).any()
    assert TargetMarket.objects.filter(profile_id=viewer.pk).count() <= 1


def test_a_rebuild_keeps_the_index_while_no_profile_changed(community, monkeypatch):
    index = market_index.build()
    built = []
    real_build_from = market_index.build_from
    monkeypatch.setattr(market_index, "build_from", lambda *a: built.append(True) or real_build_from(*a))
    index.built_at = 0.0
    kept = market_index.refresh(index)
    assert kept is index and kept.built_at > 0 and not built  # nothing changed: no build
    actions.add_position(community[0], title="Harbour Pilot", company="Port of Lisbon", start=date(2024, 1, 1), is_current=True)
    rebuilt = market_index.refresh(index)
    assert rebuilt is not index and built == [True]
    assert community[0].pk in rebuilt.grams[2]["harbour pilot"].tolist()
    make_member("Newcomer Nell", headline="Harbour pilot")  # a new profile changes the stamp too
    assert market_index.refresh(rebuilt) is not rebuilt
