"""The graph in the product: badges, reach, People You May Know, mutuals and paths on profiles."""

import pytest

from kith.members.models import Block, Profile
from kith.network.models import SuggestionDismissal
from tests.conftest import login
from tests.factories import connect, make_member


@pytest.fixture
def circle(ada, grace, linus):
    margaret = make_member("Margaret Hamilton", headline="Flight software lead")
    connect(ada, grace)
    connect(grace, linus)
    connect(linus, margaret)
    return margaret


def test_my_network_shows_reach_and_badges(client, ada, grace, linus, circle):
    login(client, ada)
    html = client.get("/network/").content.decode()
    assert "Your reach" in html
    assert "Grace Hopper" in html and "degree--1" not in html  # a list of connections badges nobody "1st" (issue 12)
    page = client.get("/network/")
    assert page.context["reach"] == type(page.context["reach"])(1, 1, 1)


def test_people_you_may_know_page_and_dismiss(client, ada, grace, linus, circle):
    login(client, ada)
    page = client.get("/network/suggestions/")
    names = [s.profile.name for s in page.context["suggestions"]]
    assert names[0] == "Linus Torvalds"
    assert "1 mutual connection" in page.content.decode()
    response = client.post("/network/suggestions/linus-torvalds/dismiss/", {"reason": "unknown"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.content == b""
    assert SuggestionDismissal.objects.get(member=ada, dismissed=linus).reason == "unknown"
    assert "Linus Torvalds" not in [s.profile.name for s in client.get("/network/suggestions/").context["suggestions"]]


def test_home_widget_suggests(client, ada, grace, linus, circle):
    login(client, ada)
    html = client.get("/").content.decode()
    assert "People you may know" in html and "Linus Torvalds" in html


def test_profile_shows_mutuals_and_paths_but_not_through_blocked(client, ada, grace, linus, circle):
    login(client, ada)
    page = client.get("/in/linus-torvalds/")
    html = page.content.decode()
    assert "1 mutual connection" in html and "Grace Hopper" in html
    assert "How you're connected" not in html  # at 2nd degree the paths are the mutual connections, said once
    third = client.get(f"/in/{Profile.objects.get(pk=circle.pk).handle}/").content.decode()
    assert "How you're connected" in third
    assert "someone in Grace Hopper&#x27;s network" in third or "someone in Grace Hopper's network" in third
    Block.objects.create(blocker=grace, blocked=ada)
    html = client.get("/in/linus-torvalds/").content.decode()
    assert "Grace Hopper" not in html
    assert "mutual connection" not in html


def test_hidden_connection_list_still_shows_what_you_share(client, ada, grace, linus, circle):
    Profile.objects.filter(pk=linus.pk).update(connections_visibility="only_me")
    login(client, ada)
    assert "1 mutual connection" in client.get("/in/linus-torvalds/").content.decode()
