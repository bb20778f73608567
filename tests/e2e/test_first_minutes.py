"""A newcomer's first minute: sign up, say city, company and industry, and meet people on home."""

import re
import time
from datetime import date

import pytest
from playwright.sync_api import expect

from kith.members import actions as member_actions
from kith.members.models import Position
from kith.network.models import Invitation
from tests.e2e.conftest import sign_up
from tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def community(db):
    """Twelve members: some at Analytical Engines, some in London, some in software."""
    members = []
    for i, (city, company, industry) in enumerate(
        [
            ("London", "Analytical Engines", "software-development"),
            ("Paris", "Analytical Engines", "financial-services"),
            ("London", "Babbage & Co", "software-development"),
            ("London", "Babbage & Co", "financial-services"),
            ("Manchester", "Difference Labs", "software-development"),
            ("Leeds", "Analytical Engines", "software-development"),
            ("London", "Jacquard Looms", "manufacturing"),
            ("Bristol", "Jacquard Looms", "manufacturing"),
        ]
    ):
        member = make_member(f"Member {i} Example", city=city, industry=industry, headline=f"Engineer at {company}")
        member_actions.add_position(member, company=company, title="Engineer", start=date(2020, 1, 1), is_current=True)
        members.append(member)
    return members


def test_a_newcomer_sees_five_suggestions_with_reasons_within_a_minute(browser_page, live_server, settings, tmp_path, community):
    outbox = tmp_path / "outbox"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(outbox)
    page = browser_page
    started = time.monotonic()

    sign_up(page, live_server, outbox, name="Joan Clarke", email="joan@example.com", password="bletchley-park-1941")

    # Home before the profile says anything: the path starts with where you work.
    page.goto("/")
    expect(page.get_by_role("heading", name=re.compile("Get started"))).to_be_visible()
    page.get_by_role("link", name="Add where you work now").click()
    page.get_by_label("Company").fill("Analytical Engines")
    page.get_by_label("Title").fill("Cryptanalyst")
    page.get_by_label("Start").fill("2024-01")
    page.get_by_label(re.compile("current", re.I)).check()
    page.locator("#experience").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Position added.").first).to_be_visible()
    assert Position.objects.filter(profile__user__email="joan@example.com", company="Analytical Engines", is_current=True).exists()
    page.goto("/me/edit/")
    page.get_by_label("City").fill("London")
    page.get_by_label("Industry").select_option("software-development")
    page.get_by_role("button", name="Save intro").click()
    expect(page.get_by_text("Intro saved.").first).to_be_visible()

    page.goto("/")
    cards = page.locator("#onboarding-connect .suggestion-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 5
    for i in range(5):
        reasons = cards.nth(i).locator(".suggestion-reasons li")
        assert reasons.count() >= 1, f"suggestion {i} has no reason"
    expect(cards.first.locator(".suggestion-reasons")).to_contain_text("Also works at Analytical Engines")
    assert time.monotonic() - started < 60, "the newcomer met people within the minute"

    # Connect with a note, in one step, without leaving home.
    first = cards.first
    name = first.locator(".net-member-name").inner_text()
    first.locator("summary", has_text="Connect").click()
    first.get_by_label(re.compile("Add a note")).fill("We both work on the engines; glad to meet you.")
    first.get_by_role("button", name=re.compile("Send invitation")).click()
    expect(page.get_by_text(f"Invitation sent to {name}.")).to_be_visible()
    invitation = Invitation.objects.get(sender__email="joan@example.com")
    assert invitation.recipient.profile.name == name
    assert invitation.note == "We both work on the engines; glad to meet you."
    assert page.url.rstrip("/") == live_server.url  # still home
