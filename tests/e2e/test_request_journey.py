"""A stranger's request, judged and talked through before accepting, in two browsers.

Linus (a stranger) invites Ada with a note; Ada reads the insights card in her
triage inbox, replies "where did we meet?" without accepting, Linus answers, and
Ada accepts from the conversation.
"""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from kith.members.models import Connection
from kith.network.models import Invitation
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, make_member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_stranger_invites_ada_they_talk_then_she_accepts(new_context):
    ada = make_member("Ada Lovelace", email="ada@example.com", headline="Analyst of engines", city="London")
    linus = make_member("Linus Torvalds", email="linus@example.com", headline="Kernel maintainer", city="Portland")
    csp_violations: list[str] = []

    def watch(page):
        page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_violations.append(msg.text))
        return page

    # Linus invites Ada with a note, from her profile.
    linus_page = watch(new_context().new_page())
    sign_in(linus_page, "linus@example.com", PASSWORD)
    linus_page.goto(f"/network/invite/{ada.profile.handle}/")
    linus_page.get_by_label(re.compile(r"Add a note( to .*)? \(optional\)")).fill("Hi Ada, I liked your notes on the engine.")
    linus_page.get_by_role("button", name="Send invitation").click()
    invitation = Invitation.objects.get(sender=linus, recipient=ada)
    assert invitation.status == Invitation.Status.PENDING

    # Ada reads the card in her triage inbox.
    ada_page = watch(new_context().new_page())
    sign_in(ada_page, "ada@example.com", PASSWORD)
    ada_page.goto("/network/invitations/")
    card = ada_page.locator(f"#invitation-{invitation.pk}")
    expect(card.get_by_text("Talk first", exact=True)).to_be_visible()
    expect(card.get_by_text("No mutual connections").first).to_be_visible()
    expect(card.get_by_text("Hi Ada, I liked your notes on the engine.")).to_be_visible()
    expect(card.get_by_text("Kernel maintainer")).to_be_visible()
    expect(card.locator(".ins-trust")).to_contain_text("invitation sent in 30 days")

    # She replies before accepting: the composer is prefilled, she writes her own question.
    card.get_by_role("link", name="Reply before accepting").click()
    composer = ada_page.get_by_label("Your message")
    expect(composer).to_have_value("Thanks for reaching out — where might we have met?")
    composer.fill("Where did we meet?")
    ada_page.get_by_role("button", name="Send").click()
    expect(ada_page).to_have_url(re.compile(r"/messaging/\d+/"))
    expect(ada_page.locator(".msg-thread").get_by_text("Where did we meet?")).to_be_visible()
    conversation_url = ada_page.url.split("#")[0]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING

    # Linus answers from his messages.
    linus_page.goto(urlparse(conversation_url).path)
    expect(linus_page.locator(".msg-thread").get_by_text("Where did we meet?")).to_be_visible()
    linus_page.get_by_label("Write a message").fill("At the Analytical Society dinner in London.")
    linus_page.get_by_role("button", name="Send").click()
    expect(linus_page.locator(".msg-thread").get_by_text("At the Analytical Society dinner in London.")).to_be_visible()

    # Ada sees the answer, and the pending invitation right there; she accepts.
    ada_page.goto(conversation_url)
    expect(ada_page.locator(".msg-thread").get_by_text("At the Analytical Society dinner in London.")).to_be_visible()
    pending = ada_page.get_by_role("region", name="Pending invitation")
    expect(pending).to_contain_text("Linus Torvalds invited you to connect")
    pending.get_by_role("button", name="Accept invitation").click()
    expect(ada_page.get_by_text("You are now connected to Linus Torvalds.")).to_be_visible()
    expect(ada_page.get_by_role("region", name="Pending invitation")).to_have_count(0)

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert Connection.objects.filter(member=ada, other=linus).exists()
    assert csp_violations == []
