"""Mutual connections keep the hidden-connection-list rule introductions keep
(kith.members.visibility.connection_shown): a mutual connection whose list is for "only
me" is named or counted only to a viewer who could otherwise see that they know the
member (the member's own list is open to the viewer). On profiles, the API, search cards
and People You May Know alike."""

import pytest

from kith.members.models import Profile
from kith.network import graph_selectors
from tests.conftest import login
from tests.factories import connect, make_member


def hide_list(*members):
    Profile.objects.filter(pk__in=[m.pk for m in members]).update(connections_visibility="only_me")


@pytest.fixture
def scene(ada, grace, linus):
    """Linus – Grace – Ada, and Linus – Barbara – Ada: Ada is Linus's 2nd degree twice over."""
    barbara = make_member("Barbara Liskov", email="barbara@example.com", headline="Abstraction")
    connect(linus, grace)
    connect(grace, ada)
    connect(linus, barbara)
    connect(barbara, ada)
    return ada, grace, linus, barbara


def names(profiles):
    return sorted(p.name for p in profiles)


def test_an_open_list_shows_every_mutual_connection(scene):
    ada, grace, linus, barbara = scene
    assert names(graph_selectors.mutual_connections(linus, ada.pk)) == ["Barbara Liskov", "Grace Hopper"]


def test_a_mutual_who_hides_their_list_is_not_named_to_a_second_degree_viewer(scene):
    ada, grace, linus, barbara = scene
    hide_list(grace)
    assert names(graph_selectors.mutual_connections(linus, ada.pk)) == ["Barbara Liskov"]
    # The member hiding their own list does not hide an open mutual: that one is theirs to show.
    hide_list(ada)
    assert names(graph_selectors.mutual_connections(linus, ada.pk)) == ["Barbara Liskov"]


def test_a_connection_whose_list_is_open_to_me_shows_the_hidden_mutual(scene):
    ada, grace, linus, barbara = scene
    hide_list(grace)
    connect(linus, ada)  # Linus may now see Ada's list, Grace on it
    assert names(graph_selectors.mutual_connections(linus, ada.pk)) == ["Barbara Liskov", "Grace Hopper"]
    hide_list(ada)
    assert names(graph_selectors.mutual_connections(linus, ada.pk)) == ["Barbara Liskov"]


def test_the_door_answers_for_many_members_at_once(scene):
    from kith.members.selectors import visible_mutuals

    ada, grace, linus, barbara = scene
    hide_list(grace)
    shown = visible_mutuals(linus, {ada.pk: [grace.pk, barbara.pk], barbara.pk: [ada.pk]})
    assert shown == {ada.pk: [barbara.pk], barbara.pk: [ada.pk]}


def test_the_profile_page_names_only_the_mutuals_it_may(client, scene):
    ada, grace, linus, barbara = scene
    hide_list(grace, barbara)
    login(client, linus)
    page = client.get(f"/in/{ada.profile.handle}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "mutual connection" not in text and "Grace Hopper" not in text and "Barbara Liskov" not in text


def test_the_api_lists_only_the_mutuals_it_may(api_as, scene):
    ada, grace, linus, barbara = scene
    hide_list(grace)
    answer = api_as(linus).get_json(f"/api/v1/members/{ada.profile.handle}/mutual-connections")
    assert answer.status_code == 200
    assert [m["handle"] for m in answer.json()] == [barbara.profile.handle]


def test_search_cards_count_only_the_mutuals_they_may(client, api_as, scene):
    ada, grace, linus, barbara = scene
    hide_list(grace)
    found = api_as(linus).get_json("/api/v1/search/people", {"q": "Ada"})
    assert found.status_code == 200
    (hit,) = [h for h in found.json()["results"] if h["handle"] == ada.profile.handle]
    assert hit["mutual_count"] == 1
    hide_list(barbara)
    login(client, linus)
    page = client.get("/search/", {"q": "Ada"})
    assert page.status_code == 200 and "mutual connection" not in page.content.decode()


def test_suggestions_count_only_the_mutuals_they_may(api_as, scene):
    ada, grace, linus, barbara = scene
    hide_list(grace)
    answer = api_as(linus).get_json("/api/v1/suggestions")
    assert answer.status_code == 200
    (ada_row,) = [s for s in answer.json() if s["member"]["handle"] == ada.profile.handle]
    assert ada_row["mutual_count"] == 1 and "1 mutual connection" in ada_row["reasons"]
    hide_list(barbara)
    answer = api_as(linus).get_json("/api/v1/suggestions")
    rows = [s for s in answer.json() if s["member"]["handle"] == ada.profile.handle]
    for row in rows:
        assert row["mutual_count"] == 0 and not any("mutual connection" in r for r in row["reasons"])


def test_the_insights_card_counts_and_names_only_the_mutuals_it_may(api_as, scene):
    ada, grace, linus, barbara = scene
    hide_list(grace)
    answer = api_as(linus).get_json(f"/api/v1/members/{ada.profile.handle}/insights")
    assert answer.status_code == 200
    body = answer.json()
    assert body["mutual_count"] == 1
    assert [m["handle"] for m in body["mutual_sample"]] == [barbara.profile.handle]
