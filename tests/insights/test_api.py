"""GET /api/v1/members/{handle}/insights: the object, exactly, for crafted members."""

import pytest

from kith.moderation.models import Report
from kith.network import actions as network
from tests.factories import make_member
from tests.insights.conftest import invite

URL = "/api/v1/members/{}/insights"

TRUST_KEYS = {"account_age_days", "profile_completeness", "invitations_30d", "acceptance_rate_30d", "reports", "restricted"}


def get(api_client, viewer, member):
    api_client.force_login(viewer)
    response = api_client.get_json(URL.format(member.profile.handle))
    assert response.status_code == 200, response.content
    return response.json()


def test_object_shape_for_a_stranger_worth_accepting(api_client, ada_market, stranger_in_market):
    invite(stranger_in_market, ada_market, "We met at the London Python meetup.")
    body = get(api_client, ada_market, stranger_in_market)
    assert set(body) == {
        "recommendation", "reasons", "mutual_count", "mutual_sample", "reach_gain", "target_market_match", "trust",
    }
    assert body["recommendation"] == "accept"
    assert body["mutual_count"] == 3
    assert [m["name"] for m in body["mutual_sample"]] == ["Friend A", "Friend B", "Friend C"]
    assert set(body["mutual_sample"][0]) >= {"handle", "name", "headline", "degree"}  # network.member_out
    assert body["mutual_sample"][0]["degree"] == 1
    assert body["reach_gain"] == {"second_degree": 0, "target_market": 0}
    assert body["target_market_match"] == ["industry", "location"]
    assert set(body["trust"]) == TRUST_KEYS
    assert body["trust"] == {
        "account_age_days": 800,
        "profile_completeness": body["trust"]["profile_completeness"],
        "invitations_30d": 1,
        "acceptance_rate_30d": None,
        "reports": "none",
        "restricted": False,
    }
    assert body["trust"]["profile_completeness"] >= 50
    assert "3 mutual connections" in body["reasons"]
    assert "In your target market (industry, location)" in body["reasons"]
    assert "Wrote you a note" in body["reasons"]


def test_stranger_outside_the_market_without_mutuals_is_talk_first(api_client, ada_market, stranger_outside):
    invite(stranger_outside, ada_market, "Hello Ada, I enjoyed your talk on data.")
    body = get(api_client, ada_market, stranger_outside)
    assert body["recommendation"] == "talk_first"
    assert body["mutual_count"] == 0 and body["mutual_sample"] == []
    assert body["target_market_match"] == []
    assert "No mutual connections" in body["reasons"]


def test_day_old_empty_account_with_200_invitations_is_spam(api_client, ada_market, spammer):
    body = get(api_client, ada_market, spammer)
    assert body["recommendation"] == "spam"
    assert body["trust"]["account_age_days"] == 1
    assert body["trust"]["invitations_30d"] == 200
    assert "Sent 200 invitations in the last 30 days" in body["reasons"]
    assert "The note reads like spam (money or sales pitch)" in body["reasons"]


def test_reach_gain_counts_new_second_degree_and_those_in_my_market(api_client, ada_market, stranger_in_market):
    from kith.members import actions as members
    from tests.factories import connect

    londoner = make_member("Lon Don", city="London")
    members.update_profile(londoner, city="London")
    elsewhere = make_member("Far Away", city="Oslo")
    connect(stranger_in_market, londoner)
    connect(stranger_in_market, elsewhere)
    body = get(api_client, ada_market, stranger_in_market)
    assert body["reach_gain"] == {"second_degree": 2, "target_market": 1}


def test_acceptance_rate_and_report_band(api_client, ada_market, stranger_outside, grace, linus):
    for i, status in enumerate(["accepted", "accepted", "ignored", "declined_unknown"]):
        invite(stranger_outside, make_member(f"Target {i}"), status=status, days_ago=3)
    network.report_member(grace, stranger_outside, reason="spam", text="Kept pitching")
    body = get(api_client, ada_market, stranger_outside)
    assert body["trust"]["invitations_30d"] == 4
    assert body["trust"]["acceptance_rate_30d"] == 0.5
    assert body["trust"]["reports"] == "some"
    for reporter in (linus, make_member("Third Reporter")):
        network.report_member(reporter, stranger_outside, reason="fake")
    assert get(api_client, ada_market, stranger_outside)["trust"]["reports"] == "many"
    assert Report.objects.filter(reported=stranger_outside).count() == 3


def test_restricted_sender(api_client, ada_market, stranger_outside):
    from datetime import timedelta

    from django.utils import timezone

    from kith.moderation.actions import restrict_for_standing

    restrict_for_standing(stranger_outside, declined=6, answered=10, window_days=30, days=10, now=timezone.now() - timedelta(minutes=1))
    body = get(api_client, ada_market, stranger_outside)
    assert body["trust"]["restricted"] is True
    assert body["recommendation"] != "accept"


def test_errors(api_client, ada_market, grace):
    api_client.force_login(ada_market)
    me = api_client.get_json(URL.format(ada_market.profile.handle))
    assert me.status_code == 400 and me.json()["error"]["code"] == "insights_self"
    missing = api_client.get_json(URL.format("nobody-here"))
    assert missing.status_code == 404
    api_client.logout()
    assert api_client.get_json(URL.format(grace.profile.handle)).status_code == 401


@pytest.mark.parametrize("blocker", ["viewer", "member"])
def test_blocked_either_way_is_not_found(api_client, ada_market, grace, blocker):
    if blocker == "viewer":
        network.block(ada_market, grace)
    else:
        network.block(grace, ada_market)
    api_client.force_login(ada_market)
    assert api_client.get_json(URL.format(grace.profile.handle)).status_code == 404
