"""Hidden connection lists and blocks, everywhere an introducer can appear."""

import pytest

from kith.introductions import actions, selectors
from kith.introductions.market import market_for
from kith.members import actions as member_actions
from kith.members.models import Profile
from kith.network.actions import block
from tests.factories import connect, make_member


def hide_list(member):
    Profile.objects.filter(pk=member.pk).update(connections_visibility="only_me")


def test_grace_is_offered_while_her_list_is_open(scene):
    ada, grace, linus = scene
    assert [i.profile.pk for i in selectors.best_introducers(linus, ada)] == [grace.pk]


def test_an_introducer_who_hides_their_list_is_never_offered(scene):
    ada, grace, linus = scene
    hide_list(grace)
    assert selectors.best_introducers(linus, ada) == []
    assert selectors.route_to(linus, ada).introducers == []
    with pytest.raises(Exception) as refused:
        actions.ask_introduction(linus, to=ada.profile.handle, via=grace.profile.handle)
    assert getattr(refused.value, "code", "") == "not_an_introducer"


def test_a_hidden_introducer_is_left_out_and_the_others_stay(scene):
    ada, grace, linus = scene
    barbara = make_member("Barbara Liskov")
    connect(linus, barbara)
    connect(barbara, ada)
    hide_list(grace)
    assert [i.profile.pk for i in selectors.best_introducers(linus, ada)] == [barbara.pk]


def test_the_target_hiding_their_list_does_not_hide_an_open_introducer(scene):
    ada, grace, linus = scene
    hide_list(ada)
    assert [i.profile.pk for i in selectors.best_introducers(linus, ada)] == [grace.pk]


@pytest.mark.parametrize("who", ["first", "second"])
def test_a_chain_needs_each_hop_visible_to_the_one_before(chain, who):
    ada, grace, linus, margaret = chain
    hide_list(grace if who == "first" else margaret)
    assert selectors.best_chains(linus, ada) == []


@pytest.mark.parametrize("pair", [("linus", "ada"), ("grace", "ada"), ("ada", "grace"), ("linus", "grace")])
def test_blocks_on_the_path_remove_the_introducer(scene, pair):
    ada, grace, linus = scene
    people = {"ada": ada, "grace": grace, "linus": linus}
    block(people[pair[0]], people[pair[1]])
    for member in (ada, grace, linus):
        member.__dict__.pop("_kith_blocked_ids", None)
    assert selectors.best_introducers(linus, ada) == []


@pytest.mark.parametrize("pair", [("grace", "margaret"), ("margaret", "linus"), ("ada", "grace"), ("ada", "linus")])
def test_blocks_anywhere_on_a_chain_remove_it(chain, pair):
    ada, grace, linus, margaret = chain
    people = {"ada": ada, "grace": grace, "linus": linus, "margaret": margaret}
    block(people[pair[0]], people[pair[1]])
    for member in people.values():
        member.__dict__.pop("_kith_blocked_ids", None)
    assert selectors.best_chains(linus, ada) == []


def test_market_page_never_shows_a_hidden_introducer(scene):
    ada, grace, linus = scene
    member_actions.update_target_market(linus, industries=[], title_keywords=["engines"], locations=[], companies=[])
    page = market_for(linus)
    (entry,) = [e for e in page.entries if e.profile.pk == ada.pk]
    assert entry.introducer.profile.pk == grace.pk
    hide_list(grace)
    (entry,) = [e for e in market_for(linus).entries if e.profile.pk == ada.pk]
    assert entry.introducer is None and entry.degree == 2


def test_the_path_strength_prefers_who_knows_both_sides(scene):
    """Barbara worked with Linus and Ada for years; Grace only clicked accept."""
    from datetime import date

    ada, grace, linus = scene
    barbara = make_member("Barbara Liskov")
    connect(linus, barbara)
    connect(barbara, ada)
    for member in (barbara, linus, ada):
        member_actions.add_position(member, company="Analytical Engines", title="Engineer", start=date(2015, 1, 1), is_current=True)
    ranked = selectors.best_introducers(linus, ada)
    assert [i.profile.pk for i in ranked] == [barbara.pk, grace.pk]
    assert ranked[0].strength > ranked[1].strength
