"""Limits that explain themselves: which limit, the numbers, and when it lifts."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from kith.members import actions as member_actions
from kith.moderation.models import Restriction
from kith.network import actions
from kith.network.models import Invitation
from kith.network.selectors import invitation_restriction
from tests.factories import connect, make_member

pytestmark = pytest.mark.django_db


def invite(client, to, **extra):
    return client.post_json("/api/v1/invitations", {"to": to.profile.handle, **extra})


def test_the_defaults_are_the_issues():
    assert django_settings.KITH_INVITATIONS_PER_WINDOW == 100
    assert django_settings.KITH_INVITATIONS_WINDOW_DAYS == 7
    assert django_settings.KITH_PENDING_INVITATIONS_MAX == 500
    assert django_settings.KITH_REINVITE_COOLDOWN_DAYS == 21
    assert django_settings.KITH_STANDING_WINDOW_DAYS == 30
    assert django_settings.KITH_STANDING_MIN_DECLINED == 5
    assert django_settings.KITH_STANDING_MIN_SHARE == 0.2
    assert django_settings.KITH_STANDING_RESTRICTION_DAYS == 14
    assert django_settings.KITH_MAX_CONNECTIONS == 30000


def test_invitations_per_rolling_window(api_as, grace, members, settings):
    settings.KITH_INVITATIONS_PER_WINDOW = 3
    people = members(5)
    start = timezone.now()
    client = api_as(grace)
    for day, person in enumerate(people[:3]):
        with time_machine.travel(start + timedelta(days=day), tick=False):
            assert invite(client, person).status_code == 201
    # A withdrawn invitation still counted as sent.
    Invitation.objects.filter(recipient=people[2]).update(status="withdrawn")
    first_leaves = start + timedelta(days=7)
    with time_machine.travel(start + timedelta(days=6), tick=False):
        response = invite(client, people[3])
        assert response.status_code == 429
        error = response.json()["error"]
        assert error["code"] == "invitation_rate_limit"
        assert "You have sent 3 invitations in the last 7 days; the limit is 3 per 7 days." in error["message"]
        assert f"{first_leaves.day} {first_leaves:%B %Y} at {first_leaves:%H:%M}" in error["message"]
        assert int(response["Retry-After"]) == 24 * 3600
    with time_machine.travel(first_leaves + timedelta(seconds=1), tick=False):
        assert invite(client, people[3]).status_code == 201
        assert invite(client, people[4]).status_code == 429
    assert Invitation.objects.filter(sender=grace).count() == 4


def test_pending_cap(api_as, grace, members, settings):
    settings.KITH_PENDING_INVITATIONS_MAX = 2
    people = members(3)
    client = api_as(grace)
    ids = [invite(client, p).json()["id"] for p in people[:2]]
    response = invite(client, people[2])
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "pending_invitation_limit"
    assert error["message"].startswith("You have 2 pending invitations; the limit is 2. Withdraw some")
    assert "the oldest expires on" in error["message"]
    assert response["Retry-After"]
    # Silent answers still look pending to the sender, so they still count.
    api_as(people[0]).post_json(f"/api/v1/invitations/{ids[0]}/ignore")
    assert invite(api_as(grace), people[2]).status_code == 429
    # Withdrawing frees a place.
    api_as(grace).post_json(f"/api/v1/invitations/{ids[1]}/withdraw")
    assert invite(api_as(grace), people[2]).status_code == 201


def decline_many(sender, recipients, how):
    for person in recipients:
        invitation = actions.send_invitation(sender, to=person)
        how(invitation, person)


def test_standing_restriction_for_14_days(api_as, grace, linus, members):
    people = members(6)
    decline_many(grace, people[:1], actions.accept_invitation)
    decline_many(grace, people[1:5], actions.mark_unknown)
    assert invitation_restriction(grace) is None  # 4 declined: under the bar
    crossed_at = timezone.now()
    with time_machine.travel(crossed_at, tick=False):
        decline_many(grace, people[5:6], actions.report_invitation)
    restriction = invitation_restriction(grace)
    assert restriction is not None
    assert (restriction.declined_count, restriction.answered_count) == (5, 6)
    assert restriction.ends_at == crossed_at + timedelta(days=14)

    client = api_as(grace)
    response = invite(client, linus)
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "standing_restricted" and error["field"] == "email"
    assert "5 of your 6 answered invitations were answered \"I don't know this person\" or reported as spam" in error["message"]
    ends = restriction.ends_at
    assert f"Until {ends.day} {ends:%B %Y} at {ends:%H:%M}" in error["message"]
    assert "only invite members whose email address you type" in error["message"]
    # Typing the email address is allowed.
    assert invite(client, linus, email="LINUS@example.com").status_code == 201
    assert Invitation.objects.get(recipient=linus).knows_email is True

    other = make_member("Barbara Liskov")
    with time_machine.travel(ends - timedelta(minutes=1)):
        assert invite(api_as(grace), other).status_code == 429
    with time_machine.travel(ends + timedelta(minutes=1)):
        assert invitation_restriction(grace) is None
        assert invite(api_as(grace), other).status_code == 201
    assert Restriction.objects.filter(member=grace, kind=Restriction.Kind.STANDING).count() == 1


def test_standing_needs_twenty_percent_of_answers(grace, members):
    people = members(26)
    decline_many(grace, people[:21], actions.accept_invitation)
    decline_many(grace, people[21:], actions.mark_unknown)  # 5 of 26 = 19%
    assert invitation_restriction(grace) is None


def test_standing_counts_only_the_last_30_days(grace, members):
    people = members(5)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        decline_many(grace, people[:1], actions.mark_unknown)
    with time_machine.travel(start + timedelta(days=31), tick=False):
        decline_many(grace, people[1:], actions.mark_unknown)
        assert invitation_restriction(grace) is None


def test_invite_policy_email(api_as, ada, grace):
    member_actions.update_privacy(ada, invite_policy="email")
    client = api_as(grace)
    response = invite(client, ada)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "email_required" and response.json()["error"]["field"] == "email"
    assert "only from people who know their email address" in response.json()["error"]["message"]
    response = invite(client, ada, email="ada@example.com")
    assert response.status_code == 201
    assert Invitation.objects.get().knows_email is True


def test_invite_policy_second_degree(api_as, ada, grace, linus):
    member_actions.update_privacy(ada, invite_policy="second_degree")
    response = invite(api_as(grace), ada)
    assert response.status_code == 403 and response.json()["error"]["code"] == "invite_policy"
    assert "2nd-degree" in response.json()["error"]["message"]
    connect(ada, linus)
    connect(linus, grace)
    assert invite(api_as(grace), ada).status_code == 201


def test_connection_cap_leaves_following(api_as, ada, grace, linus, settings):
    settings.KITH_MAX_CONNECTIONS = 1
    connect(ada, linus)
    response = invite(api_as(grace), ada)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "connection_limit"
    assert response.json()["error"]["message"] == "Ada Lovelace has 1 connections, the most a member can have. You can follow them instead."
    response = invite(api_as(ada), grace)
    assert response.status_code == 409 and response.json()["error"]["message"].startswith("You have 1 connections")
    assert api_as(grace).post_json("/api/v1/follows", {"handle": ada.profile.handle}).status_code == 201


def test_accepting_past_the_cap_is_refused(api_as, ada, grace, linus, settings):
    invitation_id = invite(api_as(grace), ada).json()["id"]
    connect(ada, linus)
    settings.KITH_MAX_CONNECTIONS = 1
    response = api_as(ada).post_json(f"/api/v1/invitations/{invitation_id}/accept")
    assert response.status_code == 409 and response.json()["error"]["code"] == "connection_limit"
    assert Invitation.objects.get(pk=invitation_id).status == "pending"
