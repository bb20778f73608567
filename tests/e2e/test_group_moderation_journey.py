"""A moderated group, in three browsers: the owner turns on post approval; a new member posts and
is told it waits; a manager rejects it with a reason; the author reads the reason."""

import re

import pytest
from playwright.sync_api import expect

from kith.groups import actions
from kith.groups.models import GroupPost
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, make_member


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_owner_turns_on_approval_member_posts_manager_rejects_author_reads_why(new_context):
    ada = make_member("Ada Lovelace", email="ada@example.com")
    grace = make_member("Grace Hopper", email="grace@example.com")
    linus = make_member("Linus Torvalds", email="linus@example.com")
    group = actions.create_group(ada, name="Steam Engines", description="Boilers, pistons and governors.")
    actions.join(grace, group)
    actions.appoint_manager(ada, group, grace)

    # Ada, the owner, turns on post approval in the settings.
    ada_page = new_context().new_page()
    sign_in(ada_page, "ada@example.com", PASSWORD)
    ada_page.goto(f"/groups/{group.slug}/settings/")
    ada_page.get_by_label(re.compile("Every post waits for a manager's approval")).check()
    ada_page.get_by_role("button", name="Save").click()
    expect(ada_page.get_by_text("Settings saved.")).to_be_visible()
    group.refresh_from_db()
    assert group.post_approval

    # Linus joins and posts: he is told it waits for a manager.
    linus_page = new_context().new_page()
    sign_in(linus_page, "linus@example.com", PASSWORD)
    linus_page.goto(f"/groups/{group.slug}/")
    linus_page.get_by_role("button", name="Join", exact=True).click()
    expect(linus_page.get_by_text("Welcome to Steam Engines.")).to_be_visible()
    linus_page.get_by_label("Post to the group").fill("Buy my cheap boilers, link in bio")
    linus_page.get_by_role("button", name="Post", exact=True).click()
    expect(linus_page.get_by_text("Your post is waiting for a manager's approval.")).to_be_visible()
    held = GroupPost.objects.get(group=group, author=linus)
    assert held.status == "pending"

    # Grace, a manager, rejects it from the queue with a reason.
    grace_page = new_context().new_page()
    sign_in(grace_page, "grace@example.com", PASSWORD)
    grace_page.goto(f"/groups/{group.slug}/")
    grace_page.get_by_role("link", name="1 post waiting for approval").click()
    item = grace_page.locator(f"#pending-{held.pk}")
    expect(item.get_by_text("Buy my cheap boilers, link in bio")).to_be_visible()
    item.get_by_label("Reason (the author is told)").fill("Adverts belong in the monthly marketplace thread.")
    item.get_by_role("button", name="Reject").click()
    expect(grace_page.get_by_text("Rejected; the author is told your reason.")).to_be_visible()
    held.refresh_from_db()
    assert held.status == "rejected"

    # Linus is notified and reads the reason, on the group page beside his post.
    linus_page.goto("/notifications/")
    notice = linus_page.get_by_text(re.compile("rejected your post in"))
    expect(notice).to_contain_text("Adverts belong in the monthly marketplace thread.")
    linus_page.goto(f"/groups/{group.slug}/")
    mine = linus_page.locator("#my-posts")
    expect(mine).to_contain_text("Rejected")
    expect(mine).to_contain_text("Adverts belong in the monthly marketplace thread.")
    expect(mine).to_contain_text("Buy my cheap boilers")
    for page, name in ((ada_page, "owner"), (grace_page, "manager"), (linus_page, "author")):
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"/groups/{group.slug}/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the group page is {width}px wide for the {name} on a phone"
