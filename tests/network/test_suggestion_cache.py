"""A member's suggestions are ranked once and kept in the shared cache until their own connections
or profile change, or the time kept runs out; answers and dismissals show at once."""

import pytest
from django.core.cache import cache

from kith.graph import adapter
from kith.members import actions as member_actions
from kith.network import actions, graph_selectors
from kith.network.models import Invitation
from tests.factories import connect, make_member


@pytest.fixture
def counted(monkeypatch, settings):
    settings.KITH_SUGGESTION_CACHE_SECONDS = 600
    calls = []
    real = graph_selectors.suggest

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(graph_selectors, "suggest", counting)
    cache.clear()
    yield calls
    cache.clear()


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
    adapter.reset()  # another worker, with its own graph, uses the same ranking
    assert handles(graph_selectors.people_you_may_know(ada)) == handles(first) and counted == [ada.pk]

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
    assert len(counted) == 1  # both filtered out of the kept ranking, not ranked again

    cache.clear()
    assert mary.profile.handle not in handles(graph_selectors.people_you_may_know(ada))  # ranked without her
    actions.withdraw_invitation(Invitation.objects.get(sender=ada, recipient=mary), ada)
    assert mary.profile.handle in handles(graph_selectors.people_you_may_know(ada))  # suggestible again: ranked again
    assert len(counted) == 3


def test_profile_signals_are_kept_for_a_while_and_the_members_own_edit_applies_at_once(people, counted, settings):
    ada, grace, linus, mary, alan = people
    graph_selectors.people_you_may_know(ada)
    newcomer = make_member("Charles Babbage")
    member_actions.add_position(newcomer, company="Analytical Engines", title="Engineer", start="2020-01", is_current=True)
    assert newcomer.profile.handle not in handles(graph_selectors.people_you_may_know(ada))  # within the time kept
    member_actions.add_position(ada, company="Analytical Engines", title="Countess", start="2021-01", is_current=True)
    assert newcomer.profile.handle in handles(graph_selectors.people_you_may_know(ada))  # her own edit: looked up again
    assert len(counted) == 2

    settings.KITH_SUGGESTION_CACHE_SECONDS = 0
    graph_selectors.people_you_may_know(ada)
    assert len(counted) == 3
