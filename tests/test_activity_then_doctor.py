"""A small demo community lives a while through the pages and the API; `kith doctor` then finds nothing.

Transactional: every request commits as it would on a server, so what runs after commit
(search indexing) runs too.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.test import Client

from kith.members.models import Profile, User
from kith.messaging.models import MessageRequest
from kith.network.models import Invitation
from kith.notifications.models import Notification
from tests.factories import make_member

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


class Member:
    """One member's browser (pages) and script (API), both signed in."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.handle = Profile.objects.get(pk=user.pk).handle
        self.web = Client()
        self.web.force_login(user)
        self.api = Client()
        self.api.force_login(user)

    def call(self, method: str, path: str, body: dict | None = None, *, expect: int):
        response = self.api.generic(method, f"/api/v1{path}", json.dumps(body or {}), content_type="application/json")
        assert response.status_code == expect, (method, path, response.status_code, response.content[:300])
        return response.json() if response.content else None

    def page(self, path: str, data: dict | None = None, *, expect: int = 302):
        response = self.web.post(path, data or {}) if data is not None else self.web.get(path)
        assert response.status_code == expect, (path, response.status_code)
        return response


def test_a_community_lives_through_pages_and_api_and_stays_sound(capsys):
    call_command("demo", members=60, seed=11)
    call_command("doctor")  # the demo itself is sound
    ada, grace, linus, mary, alan, edsger, barbara, ken = (
        Member(make_member(name)) for name in
        ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Mary Somerville", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov", "Ken Thompson")
    )
    local = Member(User.objects.filter(email__endswith="@demo.kith.localhost").order_by("pk").first())

    # Invitations: sent and accepted through the API, through the pages, and crossed.
    sent = ada.call("POST", "/invitations", {"to": grace.handle, "note": "We met at the guild dinner"}, expect=201)
    grace.call("POST", f"/invitations/{sent['id']}/accept", expect=200)
    linus.page(f"/network/invite/{ada.handle}/", {"note": "Hello"})
    received = Invitation.objects.get(sender=linus.user, recipient=ada.user, status="pending")
    ada.page(f"/network/invitations/{received.pk}/accept/", {})
    mary.call("POST", "/invitations", {"to": alan.handle}, expect=201)
    alan.call("POST", "/invitations", {"to": mary.handle}, expect=200)  # crossed: now connected
    withdrawn = ken.call("POST", "/invitations", {"to": local.handle}, expect=201)
    ken.call("POST", f"/invitations/{withdrawn['id']}/withdraw", expect=200)
    ada.call("DELETE", f"/connections/{grace.handle}", expect=204)
    grace.page(f"/network/invite/{ada.handle}/", {"note": "Again?"})
    again = Invitation.objects.get(sender=grace.user, recipient=ada.user, status="pending")
    ada.call("POST", f"/invitations/{again.pk}/accept", expect=200)

    # The demo's own pending invitations get every answer.
    pending = Invitation.objects.filter(status="pending", recipient__email__endswith="@demo.kith.localhost").order_by("pk")
    for invitation, answer in zip(list(pending[:4]), ("accept", "ignore", "dont-know", "report"), strict=True):
        Member(invitation.recipient).call("POST", f"/invitations/{invitation.pk}/{answer}", expect=200)

    # Profiles: edited through the API (lists replaced whole) and the pages.
    ada.call("PATCH", "/me/profile", {
        "headline": "Analyst of engines",
        "positions": [{"company": "Analytical Engines", "title": "Analyst", "start": "2015-01", "is_current": True}],
        "skills": ["Mathematics", "Poetry", "Engines"],
        "privacy": {"message_policy": "anyone"},
    }, expect=200)
    grace.page("/me/edit/", {"name": "Grace Hopper", "headline": "Compiler pioneer", "city": "Arlington"})
    grace.page("/me/edit/skills/", {"skills": "COBOL, Compilers, Navy"})
    grace.page("/me/edit/positions/add/", {"title": "Rear admiral", "company": "US Navy", "start": "2016-02", "is_current": "on"})
    linus.page("/settings/", {"visibility": "connections", "connections_visibility": "only_me", "invite_policy": "anyone",
                              "message_policy": "anyone"})

    # Messages: a conversation, a group, a message request accepted and one declined.
    chat = ada.call("POST", "/conversations", {"with": [grace.handle], "text": "Hello Grace"}, expect=201)
    for text in ("Hello Ada", "How are the engines?"):
        grace.call("POST", f"/conversations/{chat['id']}/messages", {"text": text}, expect=201)
    ada.page(f"/messaging/{chat['id']}/", expect=200)  # reading marks it read
    mine = ada.call("POST", f"/conversations/{chat['id']}/messages", {"text": "Oops"}, expect=201)
    ada.call("DELETE", f"/conversations/{chat['id']}/messages/{mine['id']}", expect=204)
    grace.call("POST", f"/conversations/{chat['id']}/archive", expect=200)
    ada.page(f"/messaging/{chat['id']}/", {"text": "Back to your inbox"})
    group = ada.call("POST", "/conversations", {"with": [grace.handle, linus.handle], "text": "All of us"}, expect=201)
    linus.call("POST", f"/conversations/{group['id']}/messages", {"text": "Hi both"}, expect=201)
    grace.call("POST", f"/conversations/{group['id']}/read", expect=200)
    for stranger, answer in ((edsger, "accept"), (barbara, "decline")):
        started = stranger.call("POST", "/conversations", {"with": [ada.handle], "text": "May I ask you something?"}, expect=201)
        request = MessageRequest.objects.get(conversation_id=started["id"])
        ada.page(f"/messaging/requests/{request.pk}/{answer}/", {})
    edsger.call("POST", f"/conversations/{MessageRequest.objects.get(sender=edsger.user).conversation_id}/messages",
                {"text": "Thank you"}, expect=201)

    # Follows, disconnects, blocks and unblocks, reports, suggestions, notifications.
    mary.page(f"/network/follow/{ada.handle}/", {})
    mary.call("DELETE", f"/follows/{ada.handle}", expect=204)
    alan.page(f"/network/disconnect/{mary.handle}/", {})
    ada.page(f"/network/block/{linus.handle}/", {})  # a connection, in a group with her
    ada.call("DELETE", f"/blocks/{linus.handle}", expect=204)
    grace.page(f"/messaging/{chat['id']}/block/", {})  # Grace blocks Ada from their conversation
    ken.call("POST", "/reports", {"handle": edsger.handle, "reason": "spam", "text": "Sells courses"}, expect=201)
    for suggestion in local.call("GET", "/suggestions?limit=2", expect=200):
        local.call("POST", f"/suggestions/{suggestion['member']['handle']}/dismiss", expect=204)
    ada.page("/notifications/read/", {})
    assert not Notification.objects.filter(recipient=ada.user, read_at__isnull=True).exists()

    capsys.readouterr()
    call_command("doctor")
    out = capsys.readouterr().out
    assert "FAIL" not in out and re.search(r"All \d+ checks passed\.", out), out
