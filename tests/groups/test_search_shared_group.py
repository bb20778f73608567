"""People search's "shared group" facet: members who share a group with the viewer, counted and
filtered through kith.members.contexts (search sits below groups), with the group's rules: an
unlisted group counts only between its members, a banned member is in no group, and blocks and
deactivated accounts never appear."""

from __future__ import annotations

import pytest

from kith.groups import actions
from kith.members.models import User
from kith.network import actions as network_actions
from kith.search.actions import rebuild_index
from tests.factories import connect, make_member
from tests.groups.helpers import client_for

pytestmark = pytest.mark.django_db

API = "/api/v1/search/people"



def search(viewer, **params) -> dict:
    response = client_for(viewer).get(API, params)
    assert response.status_code == 200, response.content
    return response.json()


def names(body: dict) -> list[str]:
    return sorted(r["name"] for r in body["results"])


@pytest.fixture
def scene():
    """Ada owns Steam Engines (grace and linus in it) and an unlisted Board Room (with alan);
    kay is in a group ada is not in; every one of them a 'shipbroker'."""
    people = {n: make_member(n, headline="Shipbroker") for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Alan Turing", "Kay Nielsen", "Mary Somerville")}
    ada, grace, linus, alan, kay = (people[n] for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Alan Turing", "Kay Nielsen"))
    engines = actions.create_group(ada, name="Steam Engines")
    for m in (grace, linus):
        actions.join(m, engines)
    board = actions.create_group(ada, name="Board Room", listed=False)
    connect(ada, alan)
    actions.invite(ada, board, to=alan)
    actions.join(alan, board)
    elsewhere = actions.create_group(kay, name="Elsewhere", listed=False)
    actions.join(grace, elsewhere)
    rebuild_index()
    return people, engines, board


def test_the_facet_counts_and_filters_members_who_share_a_group(scene):
    people, engines, board = scene
    ada = people["Ada Lovelace"]
    body = search(ada, q="shipbroker")
    assert {v["value"]: v["count"] for v in body["facets"]["shared_group"]} == {"1": 3}  # grace, linus, alan
    only = search(ada, q="shipbroker", shared_group="1")
    assert names(only) == ["Alan Turing", "Grace Hopper", "Linus Torvalds"]
    # Without words: the filter alone finds them; with a degree, both apply.
    assert names(search(ada, shared_group="1")) == ["Alan Turing", "Grace Hopper", "Linus Torvalds"]
    assert names(search(ada, shared_group="1", degree="1")) == ["Alan Turing"]


def test_an_unlisted_group_counts_only_between_its_members(scene):
    people, engines, board = scene
    # Mary is in none of kay's groups; kay's unlisted Elsewhere tells her nothing.
    assert names(search(people["Mary Somerville"], q="shipbroker", shared_group="1")) == []
    assert "shared_group" not in search(people["Mary Somerville"], q="shipbroker")["facets"]
    # Grace and kay are both in it: it counts for them.
    assert names(search(people["Kay Nielsen"], shared_group="1")) == ["Grace Hopper"]


def test_banned_blocked_and_deactivated_members_drop_out(scene):
    people, engines, board = scene
    ada, grace, linus, alan = (people[n] for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Alan Turing"))
    actions.ban_member(ada, engines, linus, content="keep")
    network_actions.block(grace, ada)
    User.objects.filter(pk=alan.pk).update(is_active=False)
    assert names(search(ada, q="shipbroker", shared_group="1")) == []
    assert names(search(linus, shared_group="1")) == []


def test_the_search_page_offers_and_toggles_the_filter(scene):
    people, engines, board = scene
    client = client_for(people["Ada Lovelace"])
    start = client.get("/search/").content.decode()
    assert "In your groups" in start and "shared_group=1" in start
    page = client.get("/search/", {"q": "shipbroker", "shared_group": "1"}).content.decode()
    assert "Grace Hopper" in page and "Mary Somerville" not in page and 'aria-current="true"' in page


def test_a_bad_value_is_a_400_naming_the_field(scene):
    people, *_ = scene
    response = client_for(people["Ada Lovelace"]).get(API, {"shared_group": "maybe"})
    assert response.status_code == 400 and response.json()["error"]["field"] == "shared_group"
