"""Reach my market and the introduction boxes on a phone (390×844) and a desk (1280×900):
a row's name keeps its degree badge beside it, the sentence reads as one, and the button
does not squeeze the text into a word a line."""

import pytest

from kith.introductions import actions
from kith.members import actions as member_actions
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, connect, make_member

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def _scene():
    linus = make_member("Linus Torvalds", email="linus@example.com", headline="Kernel maintainer")
    grace = make_member("Grace Hopper", email="grace@example.com", headline="Compiler pioneer")
    ada = make_member("Ada Lovelace", email="ada@example.com", headline="Head of engines at Analytical Engines")
    charles = make_member("Charles Babbage", email="charles@example.com", headline="Engines, difference and analytical")
    connect(linus, grace)
    connect(grace, ada)
    connect(grace, charles)
    member_actions.update_target_market(linus, industries=[], title_keywords=["engines"], locations=[], companies=[])
    request = actions.ask_introduction(linus, to=charles.profile.handle, via=grace.profile.handle, note_to_introducer="Please, Grace")
    return linus, grace, ada, request


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_market_rows_keep_the_badge_beside_the_name(browser, live_server, viewport):
    linus, grace, ada, request = _scene()
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    grace_context = browser.new_context(base_url=live_server.url, viewport=viewport)
    try:
        page = context.new_page()
        sign_in(page, linus.email, PASSWORD)
        page.goto("/market/")
        row = page.locator(".intro-row", has_text="Ada Lovelace")
        name, badge = row.locator(".intro-row-name a").bounding_box(), row.locator(".degree").bounding_box()
        assert abs(badge["y"] + badge["height"] / 2 - (name["y"] + name["height"] / 2)) < 8, (name, badge)
        assert badge["x"] > name["x"] + name["width"] - 1
        # The text keeps most of the row; the button sits beside it (desk) or under it (phone).
        text = row.locator(".intro-row-text").bounding_box()
        button = row.locator(".button").bounding_box()
        assert text["width"] > (200 if viewport is PHONE else 400)
        if viewport is PHONE:
            assert button["y"] >= text["y"] + text["height"] - 1
        else:
            assert button["x"] >= text["x"] + text["width"] - 1
        asked = page.locator(".intro-row", has_text="Charles Babbage")
        assert "You asked Grace Hopper for an introduction" in asked.inner_text() and "On its way" in asked.inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        # The introducer's box: one sentence, not a line for each part of it.
        page = grace_context.new_page()
        sign_in(page, grace.email, PASSWORD)
        page.goto("/introductions/")
        line = page.locator(".intro-row-text > span").first
        assert "Linus Torvalds asks you to introduce them to Charles Babbage" in line.inner_text().replace("\n", " ")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()
        grace_context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["phone", "desk"])
def test_a_search_card_s_ask_button_does_not_squeeze_the_name(browser, live_server, viewport):
    from kith.search.actions import rebuild_index

    linus, grace, ada, request = _scene()
    rebuild_index()
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    try:
        page = context.new_page()
        sign_in(page, linus.email, PASSWORD)
        page.goto("/search/?q=Ada")
        hit = page.locator(".search-hit", has_text="Ada Lovelace")
        assert "Ask Grace Hopper to introduce you" in hit.inner_text()
        name = hit.locator(".search-hit-name a").bounding_box()
        assert name["width"] > 80 and name["height"] < 40, name  # "Ada Lovelace" on one line, not a letter a line
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()
