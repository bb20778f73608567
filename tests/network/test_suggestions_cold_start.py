"""People You May Know for a member with no connections: from the profile's first words."""

from datetime import date

import pytest

from kith.graph import adapter
from kith.members import actions as member_actions
from kith.network import actions
from kith.network.graph_selectors import people_you_may_know
from tests.factories import connect, make_member


@pytest.fixture
def community(db):
    """Members at Acme (now and before), in London, in fintech, and a well-connected hub."""
    acme_now = make_member("Grace Hopper", city="Paris")
    member_actions.add_position(acme_now, company="Acme", title="Engineer", start=date(2021, 1, 1), is_current=True)
    acme_then = make_member("Linus Torvalds", city="Portland")
    member_actions.add_position(acme_then, company="ACME ", title="Engineer", start=date(2010, 1, 1), end=date(2012, 1, 1))
    londoner = make_member("Margaret Hamilton", city="London")
    fintech = make_member("Barbara Liskov", city="Boston", industry="financial-services")
    both = make_member("Katherine Johnson", city="london", industry="financial-services")
    oxford = make_member("Dorothy Vaughan", city="Hampton")
    member_actions.add_education(oxford, school="University of Oxford")
    stranger = make_member("Alan Turing", city="Manchester")
    hub = make_member("Frances Allen", city="Albany")
    for other in (make_member(f"Friend {i}") for i in range(3)):
        connect(hub, other)
    return {
        "acme_now": acme_now, "acme_then": acme_then, "londoner": londoner, "fintech": fintech,
        "both": both, "oxford": oxford, "stranger": stranger, "hub": hub,
    }


def newcomer(**profile):
    adapter.graph()  # loaded before the newcomer signs up: they have no place in it yet
    member = make_member("Joan Clarke", **profile)
    return member


def by_name(suggestions):
    return {s.profile.name: s for s in suggestions}


def test_a_newcomer_is_suggested_people_from_city_company_and_industry(community):
    joan = newcomer()
    member_actions.update_profile(joan, city="London", industry="financial-services")
    member_actions.add_position(joan, company="Acme", title="Analyst", start=date(2022, 3, 1), is_current=True)
    suggestions = people_you_may_know(joan, k=10)
    got = by_name(suggestions)
    assert got["Grace Hopper"].reasons == ["Also works at Acme"]
    assert got["Linus Torvalds"].reasons == ["Worked at Acme, where you work now"]
    assert got["Katherine Johnson"].reasons == ["Also in Financial Services", "Also in London"]
    assert got["Margaret Hamilton"].reasons == ["Also in London"]
    assert got["Barbara Liskov"].reasons == ["Also in Financial Services"]
    names = [s.profile.name for s in suggestions]
    # Ranked: a colleague now, one before, both city and industry, then one of them.
    assert names[:3] == ["Grace Hopper", "Linus Torvalds", "Katherine Johnson"]
    assert all(s.mutual_count == 0 and s.degree is None for s in suggestions)


def test_school_and_target_markets_either_way(community):
    t = community
    joan = newcomer(city="Bletchley")
    member_actions.add_education(joan, school="university of oxford")
    member_actions.update_target_market(t["stranger"], locations=["Bletchley"])
    member_actions.update_target_market(joan, industries=["financial-services"])
    got = by_name(people_you_may_know(joan, k=20))
    assert got["Dorothy Vaughan"].reasons == ["Also studied at university of oxford"]
    assert got["Alan Turing"].reasons == ["You are in their target market"]
    assert got["Barbara Liskov"].reasons == ["In your target market (industry)"]


def test_blocked_dismissed_and_invited_members_are_left_out(community):
    t = community
    joan = newcomer(city="London")
    member_actions.update_profile(joan, industry="financial-services")
    actions.block(joan, t["both"])
    actions.dismiss_suggestion(joan, t["londoner"])
    actions.send_invitation(t["fintech"], to=joan)
    names = set(by_name(people_you_may_know(joan, k=20)))
    assert not names & {"Katherine Johnson", "Margaret Hamilton", "Barbara Liskov"}


def test_a_profile_that_says_nothing_still_gets_the_best_connected(community):
    joan = newcomer()
    suggestions = people_you_may_know(joan, k=3)
    assert suggestions, "a community with members never gives a newcomer nothing"
    assert suggestions[0].profile.name == "Frances Allen"
    assert suggestions[0].reasons == ["Connecting would add 3 members to your 2nd degree"]


def test_open_to_networking_is_a_reason(community):
    t = community
    member_actions.set_open_to(t["stranger"], [{"kind": "networking"}])
    joan = newcomer(city="Bletchley")
    assert by_name(people_you_may_know(joan, k=20))["Alan Turing"].reasons == ["Open to networking"]
