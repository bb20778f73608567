"""Home's onboarding path for a member with few connections, and Connect in one step."""

from datetime import date

import pytest

from kith.members import actions as member_actions
from kith.network import actions
from kith.network.models import Invitation
from kith.network.onboarding import CONNECT_GOAL, FEW_CONNECTIONS, onboarding_for
from tests.conftest import login
from tests.factories import connect, make_member


@pytest.fixture
def colleagues(db):
    """Three members at Acme in London."""
    out = []
    for name in ("Grace Hopper", "Linus Torvalds", "Margaret Hamilton"):
        member = make_member(name, city="London")
        member_actions.add_position(member, company="Acme", title="Engineer", start=date(2020, 1, 1), is_current=True)
        out.append(member)
    return out


def test_a_newcomer_starts_with_where_they_work(client, ada, colleagues):
    html = login(client, ada).get("/").content.decode()
    assert "Get started on" in html
    assert "Add where you work now" in html
    assert "Profile strength" not in html  # the path's first step says it, once
    assert 'href="/settings/import/">Import from LinkedIn</a>' in html  # kith.portability's page


def test_each_step_goes_away_when_done(client, ada, colleagues):
    path = onboarding_for(ada)
    assert [s.label for s in path.profile_steps][:3] == ["Add where you work now", "Choose your industry", "Add where you studied"]
    member_actions.add_position(ada, company="ACME", title="Analyst", start=date(2023, 1, 1), is_current=True)
    member_actions.update_profile(ada, industry="software-development", headline="Analyst")
    member_actions.add_education(ada, school="University of London")
    path = onboarding_for(ada)
    assert path.profile_steps == []  # ada's city came with her account
    assert [c.company for c in path.colleagues] == ["ACME"] and path.colleagues[0].count == 3
    assert path.needs_open_to and path.needs_target_market
    member_actions.set_open_to(ada, [{"kind": "networking"}])
    member_actions.update_target_market(ada, industries=["software-development"])
    path = onboarding_for(ada)
    assert not path.needs_open_to and not path.needs_target_market
    assert path.connect and path.connect_left == CONNECT_GOAL
    actions.send_invitation(ada, to=colleagues[0])
    path = onboarding_for(ada)
    assert path.connect_left == CONNECT_GOAL - 1
    assert path.colleagues == []  # she found one of them
    html = login(client, ada).get("/").content.decode()
    assert "Find your colleagues" not in html and "Set what you are open to" not in html


def test_the_path_ends_with_enough_connections(client, ada, colleagues):
    for i in range(FEW_CONNECTIONS):
        connect(ada, make_member(f"Friend {i}"))
    assert not onboarding_for(ada)
    html = login(client, ada).get("/").content.decode()
    assert "Get started on" not in html and "Profile strength" in html


def test_colleagues_behind_a_connections_only_profile_are_not_counted(ada, colleagues):
    member_actions.add_position(ada, company="Acme", title="Analyst", start=date(2023, 1, 1), is_current=True)
    member_actions.update_privacy(colleagues[0], visibility="connections")
    actions.block(colleagues[1], ada)
    assert onboarding_for(ada).colleagues[0].count == 1


def test_connect_with_a_note_from_a_suggestion_card(client, ada, colleagues):
    member_actions.add_position(ada, company="Acme", title="Analyst", start=date(2023, 1, 1), is_current=True)
    login(client, ada)
    html = client.get("/").content.decode()
    assert 'id="invite-form-grace-hopper"' in html and 'hx-target="#suggestion-grace-hopper"' in html
    response = client.post(
        "/network/invite/grace-hopper/",
        {"note": "We both work at Acme.", "next": "/"},
        headers={"HX-Request": "true", "HX-Target": "suggestion-grace-hopper"},
    )
    assert response.status_code == 200
    assert 'id="suggestion-grace-hopper"' in response.content.decode()
    assert "Invitation sent to Grace Hopper." in response.content.decode()
    assert Invitation.objects.get(sender=ada, recipient=colleagues[0]).note == "We both work at Acme."
    # A refusal comes back as the form, in place.
    again = client.post("/network/invite/grace-hopper/", {"note": ""}, headers={"HX-Request": "true", "HX-Target": "suggestion-grace-hopper"})
    assert again["HX-Retarget"] == "#invite-form-grace-hopper"
    assert "already invited" in again.content.decode()
    # Without JavaScript: the same form posts and comes back home.
    plain = client.post("/network/invite/linus-torvalds/", {"note": "", "next": "/"})
    assert plain.status_code == 302 and plain["Location"] == "/"


def test_suggestions_offer_only_what_the_policy_allows(ada, colleagues):
    member_actions.add_position(ada, company="Acme", title="Analyst", start=date(2023, 1, 1), is_current=True)
    member_actions.update_privacy(colleagues[0], invite_policy="second_degree")
    member_actions.update_privacy(colleagues[1], invite_policy="email")
    from kith.network.graph_selectors import people_you_may_know

    got = {s.profile.pk: s for s in people_you_may_know(ada)}
    assert colleagues[0].pk not in got  # out of her network: Connect would be refused
    assert got[colleagues[1].pk].needs_email and not got[colleagues[2].pk].needs_email
