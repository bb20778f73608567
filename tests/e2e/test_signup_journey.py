"""A newcomer signs up, verifies the email from the outbox, fills the profile and sees it."""

import re

import pytest
from playwright.sync_api import expect

from kith.members.models import Position, Profile
from tests.e2e.conftest import sign_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_fill_profile_and_see_it(browser_page, live_server, settings, tmp_path):
    outbox = tmp_path / "outbox"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(outbox)
    page = browser_page

    sign_up(page, live_server, outbox, name="Joan Clarke", email="joan@example.com", password="bletchley-park-1941")

    page.goto("/me/edit/")
    page.get_by_label("Headline").fill("Cryptanalyst at Hut 8")
    page.get_by_label("City").fill("Bletchley")
    page.get_by_role("button", name="Save intro").click()
    expect(page.get_by_text("Cryptanalyst at Hut 8").first).to_be_visible()

    page.get_by_role("link", name=re.compile("Add (a )?position|Add experience", re.I)).first.click()
    page.get_by_label("Company").fill("Government Code and Cypher School")
    page.get_by_label("Title").fill("Cryptanalyst")
    page.get_by_label("Start").fill("1940-06")
    page.get_by_label(re.compile("current", re.I)).check()
    page.get_by_role("button", name=re.compile("Save|Add", re.I)).last.click()
    # Wait for the saved entry itself: leaving the page sooner can abort the POST.
    expect(page.get_by_text("Government Code and Cypher School").first).to_be_visible()

    page.goto("/me/")
    expect(page.get_by_role("heading", name="Joan Clarke")).to_be_visible()
    expect(page.get_by_text("Cryptanalyst at Hut 8").first).to_be_visible()
    expect(page.get_by_text("Government Code and Cypher School").first).to_be_visible()

    profile = Profile.objects.get(handle="joan-clarke")
    assert profile.headline == "Cryptanalyst at Hut 8"
    assert Position.objects.filter(profile=profile, is_current=True, company="Government Code and Cypher School").exists()
