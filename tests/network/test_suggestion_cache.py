"""A member's suggestions are ranked once between the graph changes that reach them."""

import pytest

from kith.network import actions, graph_selectors
from tests.factories import connect, make_member


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = graph_selectors.suggest

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(graph_selectors, "suggest", counting)
    graph_selectors._suggestion_cache.clear()
    yield calls
    graph_selectors._suggestion_cache.clear()


@pytest.fixture
def people(db):
    ada, grace, linus, mary, alan = (make_member(n) for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Mary Somerville", "Alan Turing"))
    connect(ada, grace)
    connect(grace, linus)
    connect(grace, mary)
    return ada, grace, linus, mary, alan


def handles(suggestions):
    return [s.profile.handle for s in suggestions]


def test_suggestions_are_ranked_once_until_something_near_the_member_changes(people, counted):
    ada, grace, linus, mary, alan = people
    first = graph_selectors.people_you_may_know(ada)
    assert graph_selectors.people_you_may_know(ada) and handles(graph_selectors.people_you_may_know(ada)) == handles(first)
    assert counted == [ada.pk]  # ranked once for three pages

    connect(alan, linus)  # alan is now ada's 3rd degree: not her 1st or 2nd, the cache holds
    graph_selectors.people_you_may_know(ada)
    connect(ada, linus)  # her own connection: ranked again, and linus is no longer suggested
    again = graph_selectors.people_you_may_know(ada)
    assert counted == [ada.pk, ada.pk]
    assert linus.profile.handle not in handles(again)


def test_a_dismissal_or_an_invitation_is_seen_at_once(people, counted):
    ada, grace, linus, mary, alan = people
    assert {linus.profile.handle, mary.profile.handle} <= set(handles(graph_selectors.people_you_may_know(ada)))
    actions.dismiss_suggestion(ada, linus)
    assert linus.profile.handle not in handles(graph_selectors.people_you_may_know(ada))
    actions.send_invitation(ada, to=mary.profile, note="")
    assert mary.profile.handle not in handles(graph_selectors.people_you_may_know(ada))
    assert len(counted) == 3
