"""Typed-email invitations are no oracle for members' addresses (issue 11).

A wrong address is answered exactly like the right one; the invitation it makes is held:
the sender sees it pending, the recipient never sees it, nobody is notified. Typed
addresses have their own daily budget, counted whether or not they matched.
"""

from __future__ import annotations

import pytest
from django.test import Client

from kith.members import actions as member_actions
from kith.network import actions
from kith.network.models import Invitation
from kith.notifications.models import Notification
from tests.conftest import login
from tests.factories import make_member


def invite(client, to, **extra):
    return client.post_json("/api/v1/invitations", {"to": to.profile.handle, **extra})


def shape(response):
    """The answer without what differs between any two invitations (id, time)."""
    body = response.json()
    body.pop("id", None)
    body.pop("created_at", None)
    return response.status_code, body


@pytest.mark.parametrize("policy", ["email", "anyone"])
def test_a_wrong_address_is_answered_like_the_right_one(api_as, ada, grace, linus, policy):
    for member in (ada, linus):
        member_actions.update_privacy(member, invite_policy=policy)
    right = invite(api_as(grace), ada, email="ada@example.com")
    wrong = invite(api_as(grace), linus, email="not-linus@example.com")
    assert right.status_code == wrong.status_code == 201
    right_body, wrong_body = shape(right)[1], shape(wrong)[1]
    right_body["member"], wrong_body["member"] = None, None  # the member objects differ by person, not by answer
    assert wrong_body == right_body

    held = Invitation.objects.get(recipient=linus)
    assert held.status == Invitation.Status.HELD and held.knows_email is False
    # The sender sees it pending, in the API and on the page …
    sent = api_as(grace).get_json("/api/v1/invitations", {"box": "sent"}).json()
    statuses = {item["member"]["handle"]: item["status"] for item in sent}
    assert statuses == {"ada-lovelace": "pending", "linus-torvalds": "pending"}
    # … the recipient never does, and is not notified.
    received = api_as(linus).get_json("/api/v1/invitations", {"box": "received"}).json()
    assert received == []
    assert not Notification.objects.filter(recipient=linus).exists()
    assert Notification.objects.filter(recipient=ada).exists()


def test_a_retry_after_a_wrong_address_says_already_invited_as_after_a_right_one(api_as, ada, grace, linus):
    invite(api_as(grace), ada, email="ada@example.com")
    invite(api_as(grace), linus, email="nope@example.com")
    again_right = invite(api_as(grace), ada, email="ada@example.com")
    again_wrong = invite(api_as(grace), linus, email="linus@example.com")
    assert again_right.status_code == again_wrong.status_code == 409
    assert again_right.json()["error"]["code"] == again_wrong.json()["error"]["code"] == "already_invited"


def test_a_held_invitation_can_be_withdrawn_and_expires(grace, linus):
    held = actions.send_invitation(grace, to=linus, email_typed="wrong@example.com")
    assert held.status == Invitation.Status.HELD
    actions.withdraw_invitation(held, by=grace)
    held.refresh_from_db()
    assert held.status == Invitation.Status.WITHDRAWN


def test_held_invitations_expire_with_the_others(grace, linus):
    from datetime import timedelta

    from django.utils import timezone

    held = actions.send_invitation(grace, to=linus, email_typed="wrong@example.com")
    assert actions.expire_invitations(now=timezone.now() + timedelta(days=400)) == 1
    held.refresh_from_db()
    assert held.status == Invitation.Status.EXPIRED


def test_a_restricted_sender_typing_a_wrong_address_gets_a_held_invitation_not_a_refusal(grace, linus, settings):
    from datetime import timedelta

    from django.utils import timezone

    from kith.moderation.actions import restrict_for_standing

    restrict_for_standing(grace, declined=5, answered=10, window_days=30, days=7, now=timezone.now() - timedelta(minutes=1))
    invitation = actions.send_invitation(grace, to=linus, email_typed="guess@example.com")
    assert invitation.status == Invitation.Status.HELD


def test_typed_addresses_have_a_daily_budget_matched_or_not(api_as, grace, settings):
    settings.KITH_TYPED_EMAIL_INVITATIONS_PER_DAY = 3
    people = [make_member(f"Person {i}", email=f"p{i}@example.com") for i in range(4)]
    client = api_as(grace)
    assert invite(client, people[0], email="p0@example.com").status_code == 201
    assert invite(client, people[1], email="wrong1@example.com").status_code == 201
    assert invite(client, people[2], email="wrong2@example.com").status_code == 201
    refused = invite(client, people[3], email="p3@example.com")
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    error = refused.json()["error"]
    assert error["code"] == "typed_email_limit" and error["field"] == "email"
    assert "at most 3 a day" in error["message"]
    # Without a typed address the ordinary limits apply, not this one.
    assert invite(client, people[3]).status_code == 201


def test_the_invite_page_answers_a_wrong_address_like_a_right_one(ada, grace, linus):
    for member in (ada, linus):
        member_actions.update_privacy(member, invite_policy="email")
    client = login(Client(), grace)
    right = client.post(f"/network/invite/{ada.profile.handle}/", {"email": "ada@example.com", "note": ""}, follow=True)
    wrong = client.post(f"/network/invite/{linus.profile.handle}/", {"email": "x@example.com", "note": ""}, follow=True)
    assert right.status_code == wrong.status_code == 200
    right_text = right.content.decode().replace("Ada Lovelace", "NAME").replace("ada-lovelace", "HANDLE")
    wrong_text = wrong.content.decode().replace("Linus Torvalds", "NAME").replace("linus-torvalds", "HANDLE")
    assert "Invitation sent to NAME." in right_text and "Invitation sent to NAME." in wrong_text
    assert "Invitation pending" in right_text and "Invitation pending" in wrong_text


def test_connecting_ends_a_held_invitation_between_the_pair(grace, linus):
    held = actions.send_invitation(grace, to=linus, email_typed="wrong@example.com")
    theirs = actions.send_invitation(linus, to=grace)
    actions.accept_invitation(theirs, by=grace)
    held.refresh_from_db()
    assert held.status == Invitation.Status.EXPIRED
