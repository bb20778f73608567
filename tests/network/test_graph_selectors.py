"""Graph-backed reads with privacy: badges, mutuals, paths, reach, People You May Know."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kith.members import actions as member_actions
from kith.members.models import Block, Profile, User
from kith.members.selectors import forget_blocks
from kith.network import actions
from kith.network.graph_selectors import (
    degree_badges,
    introduction_paths,
    mutual_connections,
    people_you_may_know,
    reach_for,
    reach_gain_for,
)
from tests.factories import connect, make_member


@pytest.fixture
def town(ada, grace, linus):
    """ada - grace - linus - margaret, ada - barbara - linus, and alan far away."""
    margaret = make_member("Margaret Hamilton")
    barbara = make_member("Barbara Liskov")
    alan = make_member("Alan Turing")
    connect(ada, grace)
    connect(grace, linus)
    connect(linus, margaret)
    connect(ada, barbara)
    connect(barbara, linus)
    return {"ada": ada, "grace": grace, "linus": linus, "margaret": margaret, "barbara": barbara, "alan": alan}


def test_degree_badges(town):
    t = town
    badges = degree_badges(t["ada"], [t["ada"].pk, t["grace"].pk, t["linus"].pk, t["margaret"].pk, t["alan"].pk])
    assert badges == {t["ada"].pk: None, t["grace"].pk: 1, t["linus"].pk: 2, t["margaret"].pk: 3, t["alan"].pk: None}


def test_mutual_connections_skip_blocked_members(town):
    t = town
    assert [p.name for p in mutual_connections(t["ada"], t["linus"].pk)] == ["Barbara Liskov", "Grace Hopper"]
    Block.objects.create(blocker=t["barbara"], blocked=t["ada"])
    forget_blocks(t["ada"])
    assert [p.name for p in mutual_connections(t["ada"], t["linus"].pk)] == ["Grace Hopper"]


def test_mutuals_shown_even_when_the_other_hides_connections(town):
    t = town
    Profile.objects.filter(pk=t["linus"].pk).update(connections_visibility="only_me")
    assert len(mutual_connections(t["ada"], t["linus"].pk)) == 2


def test_paths_name_your_connection_and_hide_the_stranger_in_the_middle(town):
    t = town
    margaret = Profile.objects.get(pk=t["margaret"].pk)
    paths = introduction_paths(t["ada"], margaret)
    assert paths, "a 3rd-degree member has an introduction path"
    for path in paths:
        assert path[0].is_viewer and path[-1].profile == margaret
        assert path[1].profile.pk in {t["grace"].pk, t["barbara"].pk}
        assert path[2].hidden  # linus is not ada's connection: shown as "someone in their network"
    linus = Profile.objects.get(pk=t["linus"].pk)
    two_hop = introduction_paths(t["ada"], linus)
    assert {p[1].profile.pk for p in two_hop} == {t["grace"].pk, t["barbara"].pk}


def test_reach_and_reach_gain(town):
    t = town
    assert reach_for(t["ada"]) == type(reach_for(t["ada"]))(2, 1, 1)
    member_actions.update_target_market(t["ada"], industries=["software-development"])
    Profile.objects.filter(pk=t["margaret"].pk).update(industry="software-development")
    # Connecting to linus would make margaret 2nd degree (grace and barbara already are 1st).
    assert reach_gain_for(t["ada"], t["linus"].pk) == (1, 1)


def test_people_you_may_know_with_reasons_and_exclusions(town):
    t = town
    suggestions = people_you_may_know(t["ada"])
    assert [s.profile.pk for s in suggestions][0] == t["linus"].pk
    assert "2 mutual connections" in suggestions[0].reasons
    ids = {s.profile.pk for s in suggestions}
    assert not ids & {t["ada"].pk, t["grace"].pk, t["barbara"].pk}

    actions.dismiss_suggestion(t["ada"], t["linus"])
    assert t["linus"].pk not in {s.profile.pk for s in people_you_may_know(t["ada"])}


def test_people_you_may_know_skips_pending_blocked_and_unknown(town):
    t = town
    actions.send_invitation(t["ada"], to=t["linus"])
    assert t["linus"].pk not in {s.profile.pk for s in people_you_may_know(t["ada"])}
    invitation = actions.send_invitation(t["margaret"], to=t["grace"])
    actions.mark_unknown(invitation, t["grace"])
    assert t["margaret"].pk not in {s.profile.pk for s in people_you_may_know(t["grace"])}
    actions.block(t["barbara"], t["margaret"])
    assert t["margaret"].pk not in {s.profile.pk for s in people_you_may_know(t["barbara"])}


def test_people_you_may_know_leaves_out_closed_accounts_and_still_fills_the_list(town):
    """Linus, the best suggestion for Ada (two mutual connections), closes his account: he is no
    longer suggested, and the next best move up (a closed account is dropped from the ranking,
    not read with every other closed account on each visit)."""
    t = town
    assert people_you_may_know(t["ada"])[0].profile.pk == t["linus"].pk
    User.objects.filter(pk=t["linus"].pk).update(is_active=False)
    with CaptureQueriesContext(connection) as queries:
        ids = [s.profile.pk for s in people_you_may_know(t["ada"])]
    assert t["linus"].pk not in ids
    assert t["margaret"].pk in ids or t["alan"].pk in ids
    bounded = (" IN ", " = ANY(")  # a query for the ranking's own ids (kith.core.lookups on PostgreSQL)
    every_closed = [q["sql"] for q in queries if 'NOT "members_user"."is_active"' in q["sql"] and not any(b in q["sql"] for b in bounded)]
    assert every_closed == []


def test_profile_signals_add_reasons(town):
    t = town
    for who in (t["ada"], t["linus"]):
        member_actions.add_position(who, company="Analytical Engines", title="Engineer", start=date(2020, 1, 1), is_current=True)
    suggestion = next(s for s in people_you_may_know(t["ada"]) if s.profile.pk == t["linus"].pk)
    assert suggestion.reasons == ["2 mutual connections", "Also works at Analytical Engines"]


def test_a_connections_only_strangers_history_is_neither_a_reason_nor_a_boost(town):
    """Issue 11: linus (2nd degree) shows only his name and headline to ada, so his
    employer, school, city and industry must not surface in her suggestions."""
    t = town
    member_actions.update_privacy(t["linus"], visibility="connections")
    before = next(s for s in people_you_may_know(t["ada"]) if s.profile.pk == t["linus"].pk)
    for who in (t["ada"], t["linus"]):
        member_actions.add_position(who, company="Analytical Engines", title="Engineer", start=date(2020, 1, 1), is_current=True)
        member_actions.add_education(who, school="University of Oxford")
        member_actions.update_profile(who, city="London", industry="software-development")
    after = next(s for s in people_you_may_know(t["ada"]) if s.profile.pk == t["linus"].pk)
    assert after.reasons == ["2 mutual connections"]
    assert after.score == pytest.approx(before.score)
    # Seen by his connection, the same history counts.
    member_actions.update_profile(t["grace"], city="London")
    connected = [s for s in people_you_may_know(t["grace"]) if s.profile.pk == t["ada"].pk]
    assert connected == []  # grace and ada are connected: never suggested


def test_a_connections_only_profile_is_not_found_by_its_company(db):
    ada = make_member("Ada Lovelace")
    joan = make_member("Joan Clarke")
    alan = make_member("Alan Turing")
    for who in (ada, joan, alan):
        member_actions.add_position(who, company="Bletchley Park", title="Cryptanalyst", start=date(2020, 1, 1), is_current=True)
    member_actions.update_privacy(alan, visibility="connections")
    names = [s.profile.name for s in people_you_may_know(ada)]
    assert names[0] == "Joan Clarke"
    suggestion = next(s for s in people_you_may_know(ada) if s.profile.name == "Joan Clarke")
    assert suggestion.reasons == ["Also works at Bletchley Park"]
    assert all("Bletchley" not in " ".join(s.reasons) for s in people_you_may_know(ada) if s.profile.pk == alan.pk)
