"""Connections, follows, blocks and reports through the API."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kith.members import actions as member_actions
from kith.members.models import Block, Connection, ConnectionEvent
from kith.moderation.models import Report
from kith.network import actions
from kith.network.models import Follow, Invitation
from kith.network.selectors import connection_count
from kith.notifications.models import Notification
from tests.factories import connect, make_member

pytestmark = pytest.mark.django_db


def handles(response):
    assert response.status_code == 200, response.content
    return [item["member"]["handle"] for item in response.json()["items"]]


def test_connections_list_search_sort_and_pages(api_as, ada, grace, linus, monkeypatch):
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=2)):
        connect(ada, linus)
    with time_machine.travel(start - timedelta(days=1)):
        connect(ada, grace)
    client = api_as(ada)
    response = client.get_json("/api/v1/connections")
    assert handles(response) == ["grace-hopper", "linus-torvalds"]
    item = response.json()["items"][0]
    member = item["member"]
    assert (member["handle"], member["name"], member["headline"]) == ("grace-hopper", "Grace Hopper", "Compiler pioneer")
    assert member["degree"] == 1
    assert handles(client.get_json("/api/v1/connections", {"sort": "name"})) == ["grace-hopper", "linus-torvalds"]
    assert handles(client.get_json("/api/v1/connections", {"q": "torv"})) == ["linus-torvalds"]

    monkeypatch.setattr("kith.network.api.PAGE_SIZE", 1)
    first = client.get_json("/api/v1/connections", {"sort": "name"}).json()
    assert (first["count"], first["pages"], first["next_page"]) == (2, 2, 2)
    second = client.get_json("/api/v1/connections", {"sort": "name", "page": 2}).json()
    assert [i["member"]["handle"] for i in second["items"]] == ["linus-torvalds"] and second["next_page"] is None


def test_disconnect_is_silent_from_either_side(api_as, ada, grace, django_capture_on_commit_callbacks):
    invitation = actions.send_invitation(grace, to=ada)
    actions.accept_invitation(invitation, ada)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(ada).delete_json(f"/api/v1/connections/{grace.profile.handle}")
    assert response.status_code == 204
    assert not Connection.objects.exists()
    assert not Follow.objects.exists()
    assert list(ConnectionEvent.objects.order_by("id").values_list("kind", flat=True)) == ["added", "removed"]
    assert not Notification.objects.exists()
    response = api_as(grace).delete_json(f"/api/v1/connections/{ada.profile.handle}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_connected"


def test_follow_and_unfollow(api_as, ada, grace):
    client = api_as(grace)
    response = client.post_json("/api/v1/follows", {"handle": ada.profile.handle})
    assert response.status_code == 201 and response.json()["following"] is True
    assert client.post_json("/api/v1/follows", {"handle": ada.profile.handle}).status_code == 201  # idempotent
    assert Follow.objects.filter(follower=grace, followed=ada).count() == 1
    assert not Follow.objects.filter(follower=ada).exists()  # one-way
    assert client.delete_json(f"/api/v1/follows/{ada.profile.handle}").status_code == 204
    assert not Follow.objects.exists()
    assert client.post_json("/api/v1/follows", {"handle": grace.profile.handle}).status_code == 400


def test_follow_needs_a_visible_profile(api_as, ada, grace):
    member_actions.update_privacy(ada, visibility="connections")
    response = api_as(grace).post_json("/api/v1/follows", {"handle": ada.profile.handle})
    assert response.status_code == 403 and response.json()["error"]["code"] == "profile_hidden"
    assert not Follow.objects.exists()


def test_unfollowing_a_connection_keeps_the_connection(api_as, ada, grace):
    actions.accept_invitation(actions.send_invitation(grace, to=ada), ada)
    assert api_as(ada).delete_json(f"/api/v1/follows/{grace.profile.handle}").status_code == 204
    assert Connection.objects.count() == 2
    assert list(Follow.objects.values_list("follower", "followed")) == [(grace.pk, ada.pk)]


def test_block_cuts_every_tie_both_ways(api_as, ada, grace, linus):
    actions.accept_invitation(actions.send_invitation(grace, to=ada), ada)
    actions.disconnect(ada, grace)
    actions.follow(grace, ada)
    actions.follow(ada, grace)
    pending = actions.send_invitation(grace, to=ada)
    connect(ada, grace)
    client = api_as(ada)
    response = client.post_json("/api/v1/blocks", {"handle": grace.profile.handle})
    assert response.status_code == 201, response.content
    assert response.json()["member"]["handle"] == grace.profile.handle
    assert not Connection.objects.exists()
    assert ConnectionEvent.objects.order_by("-id").first().kind == "removed"
    assert not Follow.objects.exists()
    assert Invitation.objects.get(pk=pending.pk).status == "expired"
    assert Block.objects.filter(blocker=ada, blocked=grace).exists()
    assert [b["member"]["handle"] for b in client.get_json("/api/v1/blocks").json()] == [grace.profile.handle]
    assert api_as(grace).get_json("/api/v1/blocks").json() == []


@pytest.mark.parametrize("who_blocks", ["ada", "grace"])
def test_after_a_block_neither_can_reach_the_other(api_as, ada, grace, who_blocks):
    blocker, other = (ada, grace) if who_blocks == "ada" else (grace, ada)
    actions.block(blocker, other)
    for me, them in ((ada, grace), (grace, ada)):
        client = api_as(me)
        handle = them.profile.handle
        assert client.post_json("/api/v1/invitations", {"to": handle}).status_code == 404
        assert client.post_json("/api/v1/follows", {"handle": handle}).status_code == 404
        assert client.delete_json(f"/api/v1/connections/{handle}").status_code == 404
        assert client.post_json("/api/v1/reports", {"handle": handle, "reason": "spam"}).status_code == 404
        assert client.get_json(f"/api/v1/members/{handle}").status_code == 404
    assert not Invitation.objects.exists() and not Follow.objects.exists()


def test_lists_leave_out_members_blocked_either_way(api_as, ada, grace, linus):
    """Even rows that predate a block (or slipped past it) never show."""
    connect(ada, grace)
    connect(ada, linus)
    actions.send_invitation(grace, to=linus)
    Invitation.objects.create(sender=linus, recipient=grace)
    Block.objects.create(blocker=grace, blocked=ada)
    Block.objects.create(blocker=linus, blocked=grace)
    client = api_as(ada)
    assert handles(client.get_json("/api/v1/connections")) == [linus.profile.handle]
    client = api_as(grace)
    assert handles(client.get_json("/api/v1/connections")) == []
    assert client.get_json("/api/v1/invitations", {"box": "received"}).json() == []
    assert client.get_json("/api/v1/invitations", {"box": "sent"}).json() == []
    assert api_as(linus).get_json("/api/v1/invitations", {"box": "received"}).json() == []
    assert connection_count(linus, linus) == 1  # ada only: grace is blocked with linus
    assert connection_count(ada, ada) == 1


def test_unblock(api_as, ada, grace):
    actions.block(ada, grace)
    client = api_as(ada)
    assert client.delete_json(f"/api/v1/blocks/{grace.profile.handle}").status_code == 204
    assert not Block.objects.exists()
    assert client.get_json(f"/api/v1/members/{grace.profile.handle}").status_code == 200
    assert client.delete_json(f"/api/v1/blocks/{grace.profile.handle}").status_code == 404
    # Only the blocker can unblock.
    actions.block(grace, ada)
    assert client.delete_json(f"/api/v1/blocks/{grace.profile.handle}").status_code == 404


def test_report_a_member(api_as, ada, grace):
    client = api_as(ada)
    response = client.post_json("/api/v1/reports", {"handle": grace.profile.handle, "reason": "fake", "text": "Not a real person"})
    assert response.status_code == 201
    assert response.json()["reason"] == "fake" and response.json()["status"] == "open"
    report = Report.objects.get()
    assert (report.reporter, report.reported, report.reason, report.text, report.subject) == (ada, grace, "fake", "Not a real person", None)
    response = client.post_json("/api/v1/reports", {"handle": grace.profile.handle, "reason": "rude"})
    assert response.status_code == 400 and response.json()["error"]["field"] == "reason"
    response = client.post_json("/api/v1/reports", {"handle": grace.profile.handle, "reason": "other"})
    assert response.status_code == 400 and response.json()["error"]["field"] == "text"
    assert client.post_json("/api/v1/reports", {"handle": ada.profile.handle, "reason": "spam"}).status_code == 400
    assert Report.objects.count() == 1
    # Grace sees nothing of it anywhere.
    assert api_as(grace).get_json("/api/v1/notifications").json()["items"] == []


def test_connection_count_respects_who_can_see_connections(ada, grace, linus):
    connect(ada, grace)
    connect(ada, linus)
    assert connection_count(ada, ada) == 2
    assert connection_count(grace, ada) == 2  # a connection
    outsider = make_member("Barbara Liskov")
    assert connection_count(outsider, ada) is None
    assert connection_count(None, ada) is None
    member_actions.update_privacy(ada, connections_visibility="only_me")
    ada.profile.refresh_from_db()
    assert connection_count(grace, ada.profile) is None
    assert connection_count(ada, ada) == 2
