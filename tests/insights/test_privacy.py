"""Insights show nothing about third parties beyond what the viewer may already see."""

from kith.insights.selectors import insights_for
from kith.members import actions as members
from kith.network import actions as network
from tests.factories import connect, make_member
from tests.insights.conftest import invite

URL = "/api/v1/members/{}/insights"


def test_no_reporter_identities(api_client, ada_market, stranger_outside, grace):
    network.report_member(grace, stranger_outside, reason="harassment", text="Grace was harassed")
    api_client.force_login(ada_market)
    response = api_client.get_json(URL.format(stranger_outside.profile.handle))
    text = response.content.decode()
    assert response.json()["trust"]["reports"] == "some"
    for leak in ("Grace", grace.profile.handle, "grace@example.com", "harass"):
        assert leak not in text
    card = api_client.get(f"/insights/{stranger_outside.profile.handle}/card/").content.decode()
    assert "Some members have reported them" in card
    assert "Grace" not in card and grace.profile.handle not in card


def test_blocked_members_are_not_mutual_connections(api_client, ada_market, stranger_in_market):
    friend_a = ada_market.connections.get(other__profile__name="Friend A").other
    friend_b = ada_market.connections.get(other__profile__name="Friend B").other
    network.block(ada_market, friend_a)  # Ada blocked A (which also disconnects them)
    connect(ada_market, friend_a)  # even were they still connected, A stays hidden
    network.block(friend_b, ada_market)  # B blocked Ada
    connect(ada_market, friend_b)
    api_client.force_login(ada_market)
    body = api_client.get_json(URL.format(stranger_in_market.profile.handle)).json()
    assert body["mutual_count"] == 1
    assert [m["name"] for m in body["mutual_sample"]] == ["Friend C"]
    assert "Friend A" not in str(body) and "Friend B" not in str(body)
    assert "1 mutual connection" in body["reasons"]


def test_hidden_connection_list_shows_only_mutuals(api_client, ada_market, stranger_in_market):
    members.update_privacy(stranger_in_market, connections_visibility="only_me")
    zed = make_member("Zed Private")
    connect(stranger_in_market, zed)
    invite(stranger_in_market, ada_market, "Hello Ada")
    api_client.force_login(ada_market)
    body = api_client.get_json(URL.format(stranger_in_market.profile.handle)).json()
    assert body["mutual_count"] == 3  # Ada's own connections: shown, as on LinkedIn
    assert body["reach_gain"]["second_degree"] == 1  # a count, never who
    assert "Zed" not in str(body)
    card = api_client.get(f"/insights/{stranger_in_market.profile.handle}/card/").content.decode()
    assert "Zed" not in card and zed.profile.handle not in card
    assert "Friend A" in card


def test_connections_only_profile_shows_no_cv_to_a_stranger(ada_market, stranger_in_market):
    members.update_privacy(stranger_in_market, visibility="connections")
    insights = insights_for(ada_market, stranger_in_market)
    assert insights.full is False
    assert insights.current_position is None
    assert insights.top_skills == [] and insights.open_to == [] and insights.experience_summary == ""
    assert insights.target_market_match == [] and insights.shared == []
    assert insights.mutual_count == 3  # the viewer's own connections


def test_deactivated_mutuals_are_left_out(ada_market, stranger_in_market):
    friend = ada_market.connections.get(other__profile__name="Friend C").other
    friend.is_active = False
    friend.save()
    insights = insights_for(ada_market, stranger_in_market)
    assert insights.mutual_count == 2
    assert [p.name for p in insights.mutual_sample] == ["Friend A", "Friend B"]
