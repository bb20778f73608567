"""The graph API: mutual connections, paths, suggestions, dismiss, reach, and degrees on members."""

import pytest

from kith.members.models import Block
from kith.network.models import SuggestionDismissal
from tests.factories import connect, make_member


@pytest.fixture
def circle(ada, grace, linus):
    margaret = make_member("Margaret Hamilton")
    connect(ada, grace)
    connect(grace, linus)
    connect(linus, margaret)
    return margaret


def test_mutual_connections_and_paths(api_client, ada, grace, linus, circle):
    api_client.force_login(ada)
    mutuals = api_client.get_json("/api/v1/members/linus-torvalds/mutual-connections").json()
    assert [(m["handle"], m["degree"]) for m in mutuals] == [("grace-hopper", 1)]
    paths = api_client.get_json(f"/api/v1/members/{circle.profile.handle}/paths").json()
    assert paths[0]["length"] == 3
    steps = paths[0]["steps"]
    assert steps[0]["handle"] == "ada-lovelace" and steps[1]["handle"] == "grace-hopper"
    assert steps[2] is None  # linus is not ada's connection: hidden
    assert steps[3]["handle"] == circle.profile.handle and steps[3]["degree"] == 3


def test_recommendations_dismiss_and_reach(api_client, ada, grace, linus, circle):
    api_client.force_login(ada)
    items = api_client.get_json("/api/v1/suggestions", {"limit": 5}).json()
    assert items[0]["member"]["handle"] == "linus-torvalds"
    assert items[0]["member"]["degree"] == 2
    assert items[0]["mutual_count"] == 1 and "1 mutual connection" in items[0]["reasons"]
    assert items[0]["score"] > 0
    response = api_client.post_json("/api/v1/suggestions/linus-torvalds/dismiss", {"reason": "unknown"})
    assert response.status_code == 204
    assert SuggestionDismissal.objects.get(member=ada, dismissed=linus).reason == "unknown"
    assert "linus-torvalds" not in [i["member"]["handle"] for i in api_client.get_json("/api/v1/suggestions").json()]
    assert api_client.get_json("/api/v1/me/reach").json() == {"first": 1, "second": 1, "third": 1}


def test_bad_limit_and_blocked_member(api_client, ada, grace, linus, circle):
    api_client.force_login(ada)
    response = api_client.get_json("/api/v1/suggestions", {"limit": 0})
    assert response.status_code == 422 and response.json()["error"]["field"] == "limit"
    Block.objects.create(blocker=linus, blocked=ada)
    assert api_client.get_json("/api/v1/members/linus-torvalds/mutual-connections").status_code == 404
    assert api_client.get_json("/api/v1/members/linus-torvalds/paths").status_code == 404
    assert api_client.post_json("/api/v1/suggestions/linus-torvalds/dismiss").status_code == 404
