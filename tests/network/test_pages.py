"""The network pages, without JavaScript (plain forms) and with htmx (fragments)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kith.members import actions as member_actions
from kith.members.models import Block, Connection
from kith.moderation.models import Report
from kith.network import actions
from kith.network.models import Follow, Invitation
from tests.conftest import login
from tests.factories import connect, make_member

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def text(response) -> str:
    return response.content.decode()


def messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_my_network_lists_connections_with_search_and_sort(client, ada, grace, linus):
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=2)):
        connect(ada, linus)
    with time_machine.travel(start - timedelta(days=1)):
        connect(ada, grace)
    login(client, ada)
    response = client.get("/network/")
    assert response.status_code == 200
    html = text(response)
    assert "2 connections" in html
    assert html.index("Grace Hopper") < html.index("Linus Torvalds")
    assert "degree--1" not in html  # a list of one's connections badges nobody "1st"
    assert response.context["nav_active"] == "network"
    html = text(client.get("/network/", {"q": "linus"}))
    assert "Linus Torvalds" in html and "Grace Hopper" not in html
    response = client.get("/network/", {"q": "grace"}, headers=HTMX)
    assert "<html" not in text(response) and "Grace Hopper" in text(response)
    assert [c.other for c in client.get("/network/", {"sort": "name"}).context["page"]] == [grace, linus]


def test_my_network_needs_sign_in(client):
    response = client.get("/network/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_invite_from_the_connect_form_with_a_note(client, ada, grace):
    login(client, grace)
    response = client.get(f"/network/invite/{ada.profile.handle}/")
    assert response.status_code == 200
    assert 'name="note"' in text(response) and 'name="email"' not in text(response)
    response = client.post(f"/network/invite/{ada.profile.handle}/", {"note": "Hello Ada", "next": "/network/"})
    assert response.status_code == 302 and response["Location"] == "/network/"
    invitation = Invitation.objects.get()
    assert (invitation.sender, invitation.recipient, invitation.note) == (grace, ada, "Hello Ada")
    response = client.get("/network/")
    assert "Invitation sent to Ada Lovelace." in messages(response)


def test_connect_form_asks_for_the_email_when_needed(client, ada, grace):
    member_actions.update_privacy(ada, invite_policy="email")
    login(client, grace)
    assert 'name="email"' in text(client.get(f"/network/invite/{ada.profile.handle}/"))
    response = client.post(f"/network/invite/{ada.profile.handle}/", {"note": "hi"})
    assert response.status_code == 403
    assert "only from people who know their email address" in text(response)
    response = client.post(f"/network/invite/{ada.profile.handle}/", {"note": "hi", "email": "ada@example.com"})
    assert response.status_code == 302
    assert Invitation.objects.get().knows_email


def test_refusals_show_which_limit_and_when_it_lifts(client, ada, grace):
    login(client, grace)
    client.post(f"/network/invite/{ada.profile.handle}/", {"note": ""})
    invitation = Invitation.objects.get()
    client.post(f"/network/invitations/{invitation.pk}/withdraw/")
    assert Invitation.objects.get().status == "withdrawn"
    response = client.post(f"/network/invite/{ada.profile.handle}/", {"note": "again"})
    assert response.status_code == 429
    lifts = Invitation.objects.get().answered_at + timedelta(days=21)
    assert f"you can invite them again 21 days later, from {lifts.day} {lifts:%B %Y}" in text(response)
    response = client.post(f"/network/invite/{ada.profile.handle}/", {"note": "x" * 301})
    assert response.status_code == 400
    assert Invitation.objects.count() == 1


def test_invitations_tabs_and_answers_without_javascript(client, ada, grace, linus):
    first = actions.send_invitation(grace, to=ada, note="From Grace with a note")
    second = actions.send_invitation(linus, to=ada)
    mine = actions.send_invitation(ada, to=make_member("Barbara Liskov"))
    login(client, ada)
    html = text(client.get("/network/invitations/"))
    assert "From Grace with a note" in html and "Linus Torvalds" in html
    assert "Received (2)" in html and "Sent (1)" in html and "Ignored (0)" in html

    response = client.post(f"/network/invitations/{second.pk}/ignore/", {"box": "received"})
    assert response.status_code == 302 and response["Location"] == "/network/invitations/?box=received"
    assert Invitation.objects.get(pk=second.pk).status == "ignored"
    html = text(client.get("/network/invitations/", {"box": "ignored"}))
    assert "Linus Torvalds" in html and "you can still accept them" in html

    response = client.post(f"/network/invitations/{first.pk}/accept/", follow=True)
    assert "You are now connected to Grace Hopper." in messages(response)
    assert Connection.objects.filter(member=ada, other=grace).exists()

    html = text(client.get("/network/invitations/", {"box": "sent"}))
    assert "Barbara Liskov" in html and "Withdraw" in html
    client.post(f"/network/invitations/{mine.pk}/withdraw/")
    assert Invitation.objects.get(pk=mine.pk).status == "withdrawn"


def test_htmx_answers_swap_the_card(client, ada, grace, linus):
    first = actions.send_invitation(grace, to=ada)
    second = actions.send_invitation(linus, to=ada, note="spam spam")
    login(client, ada)
    response = client.post(f"/network/invitations/{first.pk}/dont-know/", headers=HTMX)
    assert response.status_code == 200
    html = text(response)
    assert html.lstrip().startswith('<article class="net-item invitation-card" id="invitation-')
    assert "Grace Hopper can&#x27;t invite you again" in html
    assert Invitation.objects.get(pk=first.pk).status == "declined_unknown"
    response = client.post(f"/network/invitations/{second.pk}/report/", headers=HTMX)
    assert "Reported to the moderators" in text(response)
    assert Report.objects.get().subject == second
    # A second answer is refused with the reason, in place.
    response = client.post(f"/network/invitations/{second.pk}/accept/", headers=HTMX)
    assert response.status_code == 409 and "already reported as spam; it can&#x27;t be accepted" in text(response)
    assert client.post(f"/network/invitations/{second.pk}/nonsense/").status_code == 404


def test_other_members_cannot_answer_or_withdraw(client, ada, grace, linus):
    invitation = actions.send_invitation(grace, to=ada)
    login(client, linus)
    for answer in ("accept", "ignore", "dont-know", "report", "withdraw"):
        client.post(f"/network/invitations/{invitation.pk}/{answer}/")
    assert Invitation.objects.get().status == "pending"


def test_disconnect_follow_block_and_unblock_pages(client, ada, grace):
    connect(ada, grace)
    login(client, ada)
    handle = grace.profile.handle
    response = client.get(f"/network/disconnect/{handle}/")
    assert "Remove Grace Hopper from your connections?" in text(response)
    response = client.post(f"/network/disconnect/{handle}/", {"next": "/network/"}, follow=True)
    assert "You are no longer connected to Grace Hopper." in messages(response)
    assert not Connection.objects.exists()

    client.post(f"/network/follow/{handle}/")
    assert Follow.objects.filter(follower=ada, followed=grace).exists()
    client.post(f"/network/unfollow/{handle}/")
    assert not Follow.objects.exists()

    assert "Block Grace Hopper?" in text(client.get(f"/network/block/{handle}/"))
    assert not Block.objects.exists()  # the GET only asks
    response = client.post(f"/network/block/{handle}/", follow=True)
    assert response.redirect_chain[-1][0] == "/network/blocked/"
    assert "Grace Hopper" in text(response)
    assert Block.objects.filter(blocker=ada, blocked=grace).exists()
    assert client.get(f"/network/invite/{handle}/").status_code == 404
    assert client.get(f"/in/{handle}/").status_code == 404

    response = client.post(f"/network/unblock/{handle}/", follow=True)
    assert "You unblocked Grace Hopper." in messages(response)
    assert not Block.objects.exists()


def test_blocked_members_never_show_on_network_pages(client, ada, grace, linus):
    connect(ada, grace)
    Invitation.objects.create(sender=linus, recipient=ada, note="from linus")
    Block.objects.create(blocker=grace, blocked=ada)
    Block.objects.create(blocker=ada, blocked=linus)
    login(client, ada)
    for path in ("/network/", "/network/invitations/", "/notifications/"):
        html = text(client.get(path))
        assert "Grace Hopper" not in html and "Linus Torvalds" not in html, path
    # The blocked list shows whom Ada blocked, never who blocked her.
    html = text(client.get("/network/blocked/"))
    assert "Linus Torvalds" in html and "Grace Hopper" not in html


def test_report_member_form(client, ada, grace):
    login(client, ada)
    handle = grace.profile.handle
    assert "Report Grace Hopper" in text(client.get(f"/network/report/{handle}/"))
    response = client.post(f"/network/report/{handle}/", {"reason": "other", "text": ""})
    assert response.status_code == 400 and "Tell the moderators what is wrong." in text(response)
    response = client.post(f"/network/report/{handle}/", {"reason": "harassment", "text": "Rude messages"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reported, report.reason) == (ada, grace, "harassment")


def test_profile_page_offers_connect_and_the_rest(client, ada, grace, linus):
    connect(grace, linus)
    login(client, ada)
    html = text(client.get(f"/in/{grace.profile.handle}/"))
    assert f'action="/network/invite/{grace.profile.handle}/"' in html and "Connect</summary>" in html
    assert 'name="note"' in html
    assert f"/network/follow/{grace.profile.handle}/" in html
    assert f"/network/block/{grace.profile.handle}/" in html and f"/network/report/{grace.profile.handle}/" in html
    # Grace takes messages from connections only: no Message button, and why, before Ada writes.
    assert "/messaging/new/?to=grace-hopper" not in html
    assert "only takes messages from their connections" in html
    assert "1 connection" not in html  # Ada is not Grace's connection

    response = client.post(f"/network/invite/{grace.profile.handle}/", {"note": "Hi", "next": f"/in/{grace.profile.handle}/"}, follow=True)
    assert "Invitation pending" in text(response)

    login(client, grace)
    html = text(client.get(f"/in/{ada.profile.handle}/"))
    assert "Ada Lovelace invited you to connect." in html and "Hi" in html
    assert "/messaging/new/?to=ada-lovelace" in html  # Ada invited Grace: Grace may answer her
    invitation = Invitation.objects.get()
    response = client.post(f"/network/invitations/{invitation.pk}/accept/", {"next": f"/in/{ada.profile.handle}/"}, follow=True)
    html = text(response)
    assert "Connected" in html and "Following" in html and "1 connection" in html


def test_profile_connect_asks_for_email_under_that_policy(client, ada, grace):
    member_actions.update_privacy(grace, invite_policy="email")
    login(client, ada)
    html = text(client.get(f"/in/{grace.profile.handle}/"))
    assert 'type="email" name="email"' in html


def test_a_profile_names_mutual_connections_once_and_paths_only_past_them(client, ada, grace, linus):
    """2nd degree: the mutual connections are the paths, so they are said once; 3rd degree: the paths."""
    far = make_member("Mary Somerville", email="mary@example.com")
    connect(ada, grace)
    connect(grace, linus)
    connect(linus, far)
    login(client, ada)
    second = text(client.get(f"/in/{linus.profile.handle}/"))
    assert "1 mutual connection: Grace Hopper" in second and "How you're connected" not in second
    third = text(client.get(f"/in/{far.profile.handle}/"))
    assert "mutual connection" not in third and "How you're connected" in third
    paths = third[third.index("How you're connected"):]
    assert "Grace Hopper" in paths  # the path starts with the connection who can introduce
