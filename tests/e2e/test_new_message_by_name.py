"""New message: Ada types part of a name, picks Grace from the typeahead and writes."""

import re

import pytest
from playwright.sync_api import expect

from kith.messaging.models import Message
from kith.search.actions import rebuild_index
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, connect, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pick_a_recipient_by_name(browser_page):
    ada = make_member("Ada Lovelace", email="ada@example.com")
    grace = make_member("Grace Hopper", email="grace@example.com", headline="Compiler pioneer")
    make_member("Grace Brewster", email="brewster@example.com", headline="Mathematician")
    connect(ada, grace)
    rebuild_index()
    page = browser_page
    sign_in(page, "ada@example.com", PASSWORD)

    page.goto("/messaging/new/")
    page.get_by_label("Name").press_sequentially("Gra", delay=60)
    options = page.locator("#recipient-options .msg-option")
    expect(options.filter(has_text="Grace Hopper")).to_be_visible()
    expect(options.filter(has_text="Grace Brewster")).to_contain_text("Takes messages from connections only")
    options.filter(has_text="Grace Hopper").get_by_role("button", name=re.compile("Choose")).click()
    expect(page.locator(".msg-chosen")).to_contain_text("Grace Hopper")
    page.get_by_label("Write a message").fill("Shall we compare compilers?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Shall we compare compilers?").first).to_be_visible()
    message = Message.objects.get()
    assert message.sender == ada and message.text == "Shall we compare compilers?"
    assert set(message.conversation.participants.values_list("member_id", flat=True)) == {ada.pk, grace.pk}
