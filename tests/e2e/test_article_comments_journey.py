"""Ada writes an article with comments closed; Grace finds it in her feed and reads that
comments are closed; Ada opens comments to her connections; Grace comments; Ada is told."""

import pytest
from playwright.sync_api import expect

from kith.network import actions as network_actions
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, connect, make_member

CLOSED = "Comments on this article are closed."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_article_with_closed_comments_then_opened_to_connections(new_context):
    ada = make_member("Ada Lovelace", email="ada@example.com", headline="Analyst of engines")
    grace = make_member("Grace Hopper", email="grace@example.com", headline="Compiler pioneer")
    connect(ada, grace)
    network_actions.follow(grace, ada)

    ada_page = new_context().new_page()
    sign_in(ada_page, "ada@example.com", PASSWORD)
    ada_page.goto("/")
    ada_page.get_by_role("link", name="Write an article").click()
    ada_page.get_by_role("radio", name="Article").check()
    ada_page.get_by_label("Title (articles)").fill("Notes on the Analytical Engine")
    ada_page.get_by_label("What do you want to talk about?").fill("## Weaving\n\nIt weaves **algebraic patterns**. <script>alert(1)</script>")
    ada_page.get_by_label("Who can comment").select_option("closed")
    ada_page.get_by_role("button", name="Publish").click()
    expect(ada_page.get_by_role("heading", name="Notes on the Analytical Engine")).to_be_visible()
    expect(ada_page.locator(".article-body strong")).to_have_text("algebraic patterns")
    expect(ada_page.locator(".article-body script")).to_have_count(0)
    article_url = ada_page.url

    grace_page = new_context().new_page()
    sign_in(grace_page, "grace@example.com", PASSWORD)
    grace_page.goto("/")
    card = grace_page.locator("article.post", has_text="Notes on the Analytical Engine")
    expect(card).to_be_visible()
    expect(card.get_by_text(CLOSED)).to_be_visible()
    card.get_by_role("link", name="Notes on the Analytical Engine").click()
    expect(grace_page.get_by_text(CLOSED)).to_be_visible()
    expect(grace_page.get_by_label("Add a comment")).to_have_count(0)

    ada_page.goto(article_url)
    ada_page.locator("#comments-setting").select_option("connections")
    ada_page.get_by_role("button", name="Save").click()
    expect(ada_page.get_by_text(CLOSED)).to_have_count(0)

    grace_page.reload()
    grace_page.get_by_label("Add a comment").fill("Could it compose music too?")
    grace_page.get_by_role("button", name="Comment", exact=True).click()
    expect(grace_page.locator(".comment-body", has_text="Could it compose music too?")).to_be_visible()

    ada_page.goto("/notifications/")
    note = ada_page.get_by_text("Grace Hopper commented on your article")
    expect(note).to_be_visible()
    ada_page.get_by_role("link", name="See it").first.click()
    expect(ada_page.locator(".comment-body", has_text="Could it compose music too?")).to_be_visible()
