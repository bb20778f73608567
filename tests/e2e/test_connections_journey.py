"""Grace invites Ada with a note; Ada reads it and accepts; each sees the other in My network."""

import re

import pytest
from playwright.sync_api import expect

from kith.members.models import Connection
from kith.network.models import Invitation
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, make_member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_grace_invites_ada_who_accepts(new_context):
    ada = make_member("Ada Lovelace", email="ada@example.com", headline="Analyst of engines")
    grace = make_member("Grace Hopper", email="grace@example.com", headline="Compiler pioneer")
    csp_violations: list[str] = []

    grace_page = new_context().new_page()
    grace_page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_violations.append(msg.text))
    sign_in(grace_page, "grace@example.com", PASSWORD)
    grace_page.goto(f"/in/{ada.profile.handle}/")
    grace_page.locator("summary", has_text="Connect").click()
    grace_page.get_by_label(re.compile(r"Add a note( to .*)? \(optional\)")).fill("We should compare notes on compilers and engines.")
    grace_page.get_by_role("button", name="Send invitation").click()
    expect(grace_page.get_by_text("Invitation sent to Ada Lovelace.")).to_be_visible()
    expect(grace_page.get_by_text("Invitation pending")).to_be_visible()

    ada_page = new_context().new_page()
    ada_page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_violations.append(msg.text))
    sign_in(ada_page, "ada@example.com", PASSWORD)
    ada_page.goto("/network/invitations/")
    card = ada_page.locator(".invitation-card", has_text="Grace Hopper")
    expect(card.get_by_text("We should compare notes on compilers and engines.")).to_be_visible()
    ada_page.evaluate("window.kithNoReload = true")
    card.get_by_role("button", name="Accept").click()
    # htmx swaps the card in place: no reload, the answer shows where the buttons were.
    expect(ada_page.locator(".net-answered")).to_have_text("You are now connected to Grace Hopper.")
    assert ada_page.evaluate("window.kithNoReload") is True
    assert Invitation.objects.get(sender=grace, recipient=ada).status == "accepted"
    assert Connection.objects.filter(member=ada, other=grace).exists()

    ada_page.goto("/network/")
    expect(ada_page.locator("#connection-list").get_by_role("link", name="Grace Hopper")).to_be_visible()
    grace_page.goto("/network/")
    expect(grace_page.locator("#connection-list").get_by_role("link", name="Ada Lovelace")).to_be_visible()
    assert csp_violations == []
