"""A reported invitation, in two browsers: a moderator opens it in the queue, reads the sender's
history beside it, restricts their invitations for 7 days with a reason; the sender tries to invite
someone and is told which restriction, why and until when."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kith.moderation import actions, gates
from kith.moderation.models import AuditEntry, QueueItem, Restriction
from kith.network import actions as network
from kith.network.models import Invitation
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, make_member

SHOTS = Path("/tmp/safety-shots")


def _fits(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{what} is {width}px wide at {page.viewport_size['width']}px"


@pytest.mark.browser
@pytest.mark.moderation_rules  # trust levels on: the history says Sam is a new member
@pytest.mark.django_db(transaction=True)
def test_moderator_restricts_a_reported_sender_who_is_told_why_and_until_when(new_context):
    mona = make_member("Mona Moderator", email="mona@example.com")
    actions.grant_moderator(mona)
    ada = make_member("Ada Lovelace", email="ada@example.com")
    grace = make_member("Grace Hopper", email="grace@example.com")
    linus = make_member("Linus Torvalds", email="linus@example.com")
    sam = make_member("Sam Seller", email="sam@example.com", headline="Growth partner")
    # Sam's history: one invitation accepted, one pending, one reported.
    accepted = network.send_invitation(sam, to=grace, note="Good to meet you at the meetup.")
    network.accept_invitation(accepted, grace)
    network.send_invitation(sam, to=linus, note="Hi Linus, let's connect.")
    spam = network.send_invitation(sam, to=ada, note="Cheap watches, 90% off, reply for the catalogue")
    network.report_invitation(spam, ada)
    item = QueueItem.objects.get(member=sam, kind=QueueItem.Kind.INVITATION)
    newcomer = make_member("Nina Newcomer", email="nina@example.com")

    # Mona opens the queue, then the reported invitation.
    mod_page = new_context().new_page()
    sign_in(mod_page, "mona@example.com", PASSWORD)
    mod_page.get_by_role("navigation", name="Main").get_by_role("link", name="Moderation").click()
    expect(mod_page.get_by_role("heading", name="Moderation queue")).to_be_visible()
    row = mod_page.locator(".mod-list li", has_text="Sam Seller")
    expect(row).to_contain_text("Invitation")
    row.get_by_role("link", name=re.compile("Sam Seller")).click()
    expect(mod_page.get_by_role("heading", name=re.compile("Invitation: Sam Seller"))).to_be_visible()
    # The reported note, and the sender's history: account age, trust level, invitations and answers.
    expect(mod_page.get_by_text("Cheap watches, 90% off, reply for the catalogue").first).to_be_visible()
    facts = mod_page.locator(".mod-facts")
    expect(facts).to_contain_text("0 days")
    expect(facts).to_contain_text("new")
    history = mod_page.locator("section", has=mod_page.get_by_role("heading", name="Recent invitations"))
    expect(history).to_contain_text("Grace Hopper")
    expect(history).to_contain_text("Accepted")
    expect(history).to_contain_text("Linus Torvalds")
    expect(history).to_contain_text("Pending")
    expect(history).to_contain_text("Reported as spam")
    SHOTS.mkdir(exist_ok=True)
    mod_page.screenshot(path=str(SHOTS / "e2e-item-1280.png"), full_page=True)

    # She restricts Sam's invitations for 7 days, with a reason.
    form = mod_page.locator("form.mod-form")
    form.get_by_label("Action").select_option(label="Restrict invitations for N days")
    form.get_by_label("Days").fill("7")
    form.get_by_label("Reason").fill("Selling watches to members he does not know.")
    form.get_by_role("button", name="Record the action").click()
    expect(mod_page.get_by_text("Restricted invitations. The action is in the audit log.")).to_be_visible()
    restriction = Restriction.objects.get(member=sam, kind=Restriction.Kind.INVITATIONS, lifted_at__isnull=True)
    entry = AuditEntry.objects.get(member_id=sam.pk, action="restrict_invitations")
    assert restriction.ends_at == entry.created_at + timedelta(days=7)
    assert entry.moderator_id == mona.pk and entry.reason == "Selling watches to members he does not know."
    expect(mod_page.locator(".mod-facts")).to_contain_text("No invitations until")
    item.refresh_from_db()
    assert item.status == QueueItem.Status.RESOLVED

    # Sam tries to invite Nina: he is told which restriction, why and until when.
    sam_page = new_context().new_page()
    sign_in(sam_page, "sam@example.com", PASSWORD)
    sam_page.goto(f"/in/{newcomer.profile.handle}/")
    sam_page.locator("summary", has_text="Connect").click()
    sam_page.get_by_role("button", name="Send invitation").click()
    until = gates.format_moment(restriction.ends_at)
    told = sam_page.get_by_role("alert").filter(has_text="A moderator has restricted your invitations")
    expect(told).to_have_text(
        f"A moderator has restricted your invitations: you can't send invitations until {until}. "
        "Why: Selling watches to members he does not know."
    )
    assert not Invitation.objects.filter(sender=sam, recipient=newcomer).exists()
    sam_page.screenshot(path=str(SHOTS / "e2e-refused-1280.png"), full_page=True)

    # His standing page says the same, and names the restriction; it never names Ada.
    sam_page.goto("/settings/standing/")
    standing = sam_page.locator("main")
    expect(standing).to_contain_text("No invitations")
    expect(standing).to_contain_text("Selling watches to members he does not know.")
    expect(standing).to_contain_text(until)
    expect(standing).not_to_contain_text("Ada")

    for page, what in ((mod_page, "the queue item"), (sam_page, "the standing page")):
        page.set_viewport_size({"width": 390, "height": 844})
        page.reload()
        _fits(page, what)
    mod_page.screenshot(path=str(SHOTS / "e2e-item-390.png"), full_page=True)
    sam_page.screenshot(path=str(SHOTS / "e2e-standing-390.png"), full_page=True)
