"""Groups on profiles: a member's listed groups for whoever sees their profile whole; an unlisted
group only for a viewer who is in it too (and for the member themselves); nothing a banned
member's unlisted group, a block or a connections-only profile would give away."""

from __future__ import annotations

import pytest

from kith.groups import actions
from kith.members.models import Visibility
from kith.network import actions as network_actions
from tests.factories import connect, make_member
from tests.groups.helpers import client_for

pytestmark = pytest.mark.django_db



def on_profile(viewer, member) -> str:
    response = client_for(viewer).get(f"/in/{member.profile.handle}/")
    assert response.status_code == 200
    return response.content.decode()


def api_names(viewer, member) -> list[str]:
    response = client_for(viewer).get("/api/v1/groups", {"member": member.profile.handle})
    assert response.status_code == 200, response.content
    return [g["name"] for g in response.json()]


@pytest.fixture
def scene():
    ada, grace, linus = make_member("Ada Lovelace"), make_member("Grace Hopper"), make_member("Linus Torvalds")
    listed = actions.create_group(ada, name="Steam Engines")
    hidden = actions.create_group(ada, name="Board Room", listed=False)
    actions.join(grace, listed)
    return ada, grace, linus, listed, hidden


def test_a_profile_shows_listed_groups_and_unlisted_ones_only_to_their_members(scene):
    ada, grace, linus, listed, hidden = scene
    # linus sees ada's listed group only; grace (in neither unlisted group) the same.
    assert api_names(linus, ada) == ["Steam Engines"]
    page = on_profile(linus, ada)
    assert "Steam Engines" in page and "Board Room" not in page
    # ada sees all her own, the unlisted one marked.
    assert api_names(ada, ada) == ["Board Room", "Steam Engines"]
    assert "Unlisted: only its members see it here" in on_profile(ada, ada)
    # Once grace is in the unlisted group too, she sees it on ada's profile (they are both in it).
    connect(ada, grace)
    actions.invite(ada, hidden, to=grace)
    actions.join(grace, hidden)
    assert api_names(grace, ada) == ["Board Room", "Steam Engines"]
    assert "you're both in it" in on_profile(grace, ada)
    assert api_names(linus, grace) == ["Steam Engines"]


def test_a_ban_takes_the_group_off_the_profile_of_the_banned_and_from_their_view(scene):
    ada, grace, linus, listed, hidden = scene
    actions.ban_member(ada, listed, grace, content="keep")
    assert api_names(linus, grace) == []
    assert "Steam Engines" not in on_profile(linus, grace)


def test_blocked_and_connections_only_profiles_show_no_groups(scene):
    ada, grace, linus, listed, hidden = scene
    network_actions.block(ada, linus)
    assert client_for(linus).get("/api/v1/groups", {"member": ada.profile.handle}).status_code == 404
    assert client_for(linus).get(f"/in/{ada.profile.handle}/").status_code == 404
    grace.profile.visibility = Visibility.CONNECTIONS
    grace.profile.save(update_fields=["visibility"])
    stranger = make_member("Alan Turing")
    assert api_names(stranger, grace) == []
    assert "Steam Engines" not in on_profile(stranger, grace)
    connect(grace, stranger)
    assert api_names(stranger, grace) == ["Steam Engines"]


def test_no_such_member_is_a_404_naming_nothing(scene):
    ada, *_ = scene
    response = client_for(ada).get("/api/v1/groups", {"member": "nobody-here"})
    assert response.status_code == 404
