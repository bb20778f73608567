"""Two people, two browsers: Ada's message appears on Grace's open conversation without a reload."""

import pytest
from playwright.sync_api import expect

from kith.messaging import actions
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, connect, make_member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_message_appears_live_on_the_other_side(new_context):
    ada = make_member("Ada Lovelace", email="ada@example.com", headline="Analyst of engines")
    grace = make_member("Grace Hopper", email="grace@example.com", headline="Compiler pioneer")
    connect(ada, grace)
    conversation = actions.start_conversation(ada, handles=[grace.profile.handle], text="Hello Grace")

    grace_page = new_context().new_page()
    csp_violations = []
    grace_page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_violations.append(msg.text))
    sign_in(grace_page, "grace@example.com", PASSWORD)
    grace_page.goto(f"/messaging/{conversation.pk}/")
    expect(grace_page.get_by_text("Hello Grace")).to_be_visible()
    # A marker that a reload would wipe out.
    grace_page.evaluate("window.kithNoReload = true")

    ada_page = new_context().new_page()
    sign_in(ada_page, "ada@example.com", PASSWORD)
    ada_page.goto(f"/messaging/{conversation.pk}/")
    ada_page.get_by_label("Write a message").fill("Are you free Thursday? <b>not bold</b> https://x.test/?a=1&b=2")
    ada_page.get_by_role("button", name="Send").click()
    # Ada's own page shows it too, and the form is ready for the next one.
    expect(ada_page.locator(".msg-thread").get_by_text("Are you free Thursday?")).to_be_visible()
    expect(ada_page.get_by_label("Write a message")).to_have_value("")

    sent = grace_page.locator(".msg-thread").get_by_text("Are you free Thursday?")
    expect(sent).to_be_visible(timeout=8_000)
    assert grace_page.evaluate("window.kithNoReload") is True
    expect(grace_page.locator(".msg-thread b")).to_have_count(0)
    expect(grace_page.locator('.msg-thread a[href="https://x.test/?a=1&b=2"]')).to_have_count(1)
    # Exactly once, though both the poller and the send could have fetched it.
    expect(ada_page.locator(".msg-thread").get_by_text("Are you free Thursday?")).to_have_count(1)
    expect(sent).to_have_count(1)
    assert csp_violations == []
