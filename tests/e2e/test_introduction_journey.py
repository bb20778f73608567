"""A warm introduction, in three browsers: Linus asks Grace to introduce him to Ada; Grace
forwards it with a note; Ada sees "Introduced by Grace Hopper" and connects.

Each page of the journey is also looked at on a phone (390 px): nothing wider than the screen.
Screenshots go to $KITH_SCREENSHOTS when it is set.
"""

import os
import re
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kith.introductions.models import IntroductionRequest
from kith.members import actions as member_actions
from kith.members.models import Connection
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, connect, make_member

SHOTS = os.environ.get("KITH_SCREENSHOTS")


def look(page, name: str) -> None:
    """The page fits a phone; a screenshot at both sizes when asked for."""
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"{name} is {wide}px wide at {width}px"
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_linus_asks_grace_to_introduce_him_to_ada(new_context):
    ada = make_member("Ada Lovelace", email="ada@example.com", headline="Analyst of engines", city="London")
    grace = make_member("Grace Hopper", email="grace@example.com", headline="Compiler pioneer", city="New York")
    linus = make_member("Linus Torvalds", email="linus@example.com", headline="Kernel maintainer", city="Portland")
    connect(linus, grace)
    connect(grace, ada)
    member_actions.add_position(grace, company="Harvard", title="Programmer", start=date(2010, 1, 1), is_current=True)
    member_actions.update_target_market(linus, industries=[], title_keywords=["engines"], locations=[], companies=[])

    # Linus finds the way to Ada on her profile and asks Grace.
    linus_page = new_context().new_page()
    sign_in(linus_page, "linus@example.com", PASSWORD)
    linus_page.goto(f"/in/{ada.profile.handle}/")
    look(linus_page, "profile-2nd-degree")
    linus_page.get_by_role("link", name="Ask Grace Hopper to introduce you").click()
    expect(linus_page.get_by_role("heading", name="Ask for an introduction to Ada Lovelace")).to_be_visible()
    linus_page.get_by_label("A note to them").fill("Grace, could you introduce me to Ada? I'd love to hear about the engine.")
    linus_page.get_by_label("A note they can pass on").fill("Hello Ada, Grace speaks highly of you.")
    look(linus_page, "ask")
    linus_page.get_by_role("button", name="Ask for the introduction").click()
    expect(linus_page.get_by_text("On its way")).to_be_visible()
    look(linus_page, "box-sent")
    linus_page.goto("/market/")
    expect(linus_page.get_by_text("You asked Grace Hopper for an introduction")).to_be_visible()  # not "Ask" again
    look(linus_page, "market")
    request = IntroductionRequest.objects.get(asker=linus, target=ada)

    # Grace reads it in her inbox and forwards it with her own note.
    grace_page = new_context().new_page()
    sign_in(grace_page, "grace@example.com", PASSWORD)
    grace_page.goto("/introductions/?box=to_forward")
    look(grace_page, "box-to-forward")
    grace_page.get_by_role("link", name="Answer").click()
    expect(grace_page.get_by_text("Grace, could you introduce me to Ada?")).to_be_visible()
    look(grace_page, "introducer")
    grace_page.get_by_label(re.compile("Your words to Ada Lovelace")).fill("Ada, meet Linus: he keeps the kernel going.")
    grace_page.get_by_role("button", name="Introduce them").click()
    expect(grace_page.get_by_text("Forwarded.")).to_be_visible()

    # Ada sees who introduced them, both notes and the insights card, and connects.
    ada_page = new_context().new_page()
    sign_in(ada_page, "ada@example.com", PASSWORD)
    ada_page.goto("/notifications/")
    ada_page.get_by_role("link", name="See the introduction").click()
    expect(ada_page.get_by_role("heading", name="Grace Hopper introduced you to Linus Torvalds")).to_be_visible()
    expect(ada_page.get_by_text("Ada, meet Linus: he keeps the kernel going.")).to_be_visible()
    expect(ada_page.get_by_text("Hello Ada, Grace speaks highly of you.")).to_be_visible()
    expect(ada_page.get_by_text("Introduced by Grace Hopper")).to_be_visible()
    expect(ada_page.get_by_text("Grace, could you introduce me")).to_have_count(0)
    look(ada_page, "target")
    ada_page.get_by_role("button", name="Connect").click()
    expect(ada_page.get_by_text("You are now connected with Linus Torvalds.")).to_be_visible()
    assert Connection.objects.filter(member=ada, other=linus).exists()
    request.refresh_from_db()
    assert request.status == IntroductionRequest.Status.CONNECTED
    ada_page.goto(f"/in/{linus.profile.handle}/")
    expect(ada_page.get_by_text("Introduced by Grace Hopper")).to_be_visible()
    look(ada_page, "profile-connected")
