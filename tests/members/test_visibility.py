"""Who sees what on a profile page: every visibility setting against every kind of viewer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kith.members import actions
from kith.members.models import Block
from tests.conftest import login
from tests.factories import connect

FULL = "I design compilers."  # in Grace's about: only a full profile shows it
LIMITED = "Only Grace Hopper's connections see the whole profile"


@pytest.fixture
def scene(ada, grace, linus):
    """Grace owns the profile; Linus is her connection; Ada is a member who is not."""
    actions.update_profile(grace, about=FULL)
    actions.add_position(grace, company="US Navy", title="Rear admiral", start="1943-01", is_current=True)
    connect(grace, linus)
    return {"owner": grace, "member": ada, "connection": linus}


def _get(client, viewer, scene):
    if viewer != "anonymous":
        login(client, scene["owner" if viewer == "self" else viewer])
    return client.get(reverse("members:profile", args=[scene["owner"].profile.handle]))


# (visibility, viewer) -> "full" | "limited" | "login"
EXPECTED = {
    ("public", "anonymous"): "full",
    ("public", "member"): "full",
    ("public", "connection"): "full",
    ("public", "self"): "full",
    ("members", "anonymous"): "login",
    ("members", "member"): "full",
    ("members", "connection"): "full",
    ("members", "self"): "full",
    ("connections", "anonymous"): "login",
    ("connections", "member"): "limited",
    ("connections", "connection"): "full",
    ("connections", "self"): "full",
}


@pytest.mark.parametrize(("visibility", "viewer"), list(EXPECTED))
def test_visibility_rule(client, scene, visibility, viewer):
    actions.update_privacy(scene["owner"], visibility=visibility)
    response = _get(client, viewer, scene)
    outcome = EXPECTED[(visibility, viewer)]
    if outcome == "login":
        assert response.status_code == 302
        path = reverse("members:profile", args=[scene["owner"].profile.handle])
        assert response["Location"] == f"{reverse('account_login')}?next={path}"
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grace Hopper" in html and "Compiler pioneer" in html  # name and headline always
    if outcome == "full":
        assert FULL in html and "Rear admiral" in html and LIMITED not in html
    else:
        assert LIMITED in html
        assert FULL not in html and "Rear admiral" not in html and "US Navy" not in html and "New York" not in html


@pytest.mark.parametrize("visibility", ["public", "members", "connections"])
@pytest.mark.parametrize("direction", ["owner_blocked_viewer", "viewer_blocked_owner"])
@pytest.mark.parametrize("viewer", ["member", "connection"])
def test_blocked_either_way_is_a_404(client, scene, visibility, direction, viewer):
    actions.update_privacy(scene["owner"], visibility=visibility)
    owner, other = scene["owner"], scene[viewer]
    if direction == "owner_blocked_viewer":
        Block.objects.create(blocker=owner, blocked=other)
    else:
        Block.objects.create(blocker=other, blocked=owner)
    response = _get(client, viewer, scene)
    assert response.status_code == 404
    assert "Grace Hopper" not in response.content.decode()


def test_unknown_handle_is_a_404_for_members_and_a_login_for_anonymous(client, ada):
    assert client.get(reverse("members:profile", args=["nobody-here"])).status_code == 302
    login(client, ada)
    assert client.get(reverse("members:profile", args=["nobody-here"])).status_code == 404


def test_deactivated_member_is_a_404(client, scene):
    owner = scene["owner"]
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    login(client, scene["member"])
    assert client.get(reverse("members:profile", args=[owner.profile.handle])).status_code == 404


def test_limited_profile_shows_no_open_to_signals(client, scene):
    owner = scene["owner"]
    actions.update_privacy(owner, visibility="connections")
    actions.set_open_to(owner, [{"kind": "advice", "details": "Ask me about COBOL"}])
    assert "Ask me about COBOL" not in _get(client, "member", scene).content.decode()
    client.logout()
    assert "Ask me about COBOL" in _get(client, "connection", scene).content.decode()
