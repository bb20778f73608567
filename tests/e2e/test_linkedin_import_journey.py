"""A new member uploads the sample LinkedIn export, previews it, applies it, sees the CV filled
and three matched contacts, and invites one."""

import re

import pytest
from playwright.sync_api import expect

from kith.members.models import Position, Profile
from kith.network.models import Invitation
from tests.e2e.conftest import sign_up
from tests.factories import make_member
from tests.portability.exports import sample_zip

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALREADY_HERE = [
    ("Charles Babbage", "charles.babbage@example.com"),
    ("Mary Somerville", "mary.somerville@example.com"),
    ("Michael Faraday", "michael.faraday@example.com"),
]


def test_import_the_sample_export_and_invite_a_contact(browser_page, live_server, settings, tmp_path):
    outbox = tmp_path / "outbox"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(outbox)
    members = {name: make_member(name, email=email) for name, email in ALREADY_HERE}  # verified addresses
    export = tmp_path / "Complete_LinkedInDataExport.zip"
    export.write_bytes(sample_zip().read())
    page = browser_page

    sign_up(page, live_server, outbox, name="Ada King", email="ada.king@example.com", password="analytical-engine-1843")

    page.goto("/settings/import/")
    page.get_by_label("Your LinkedIn export").set_input_files(str(export))
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", name="Preview your import")).to_be_visible()
    experience = page.locator("section", has=page.get_by_role("heading", name="Experience"))
    expect(experience.get_by_text("11 new")).to_be_visible()
    expect(experience.get_by_text("Staff Engineer at Cyberdyne Systems")).to_be_visible()
    expect(page.get_by_text("Company Follows.csv")).to_be_visible()
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    page.get_by_role("button", name="Apply").click()

    expect(page.get_by_text(re.compile(r"Imported\. Profile fields: \d+ updated; positions: 11 added"))).to_be_visible()
    expect(page.get_by_text("3 on Kith already")).to_be_visible()
    page.get_by_role("link", name="See your profile").click()
    expect(page.get_by_text("Analytical Engineer · Bernoulli number automation").first).to_be_visible()
    expect(page.get_by_text("Cyberdyne Systems").first).to_be_visible()
    expect(page.get_by_text("Hogwarts School of Witchcraft and Wizardry").first).to_be_visible()

    page.goto("/contacts/")
    contacts = page.locator(".port-contact")
    expect(contacts).to_have_count(3)
    for name, _ in ALREADY_HERE:
        expect(page.get_by_role("link", name=name, exact=True)).to_be_visible()
    page.screenshot(path=str(tmp_path / "contacts.png"), full_page=True)
    page.get_by_role("link", name="Connect with Mary Somerville").click()
    note = page.get_by_label("Note")
    expect(note).to_have_value("Hi Mary, we're connected on LinkedIn. Let's connect on Kith too.")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to Mary Somerville.")).to_be_visible()
    row = page.locator(".port-contact", has=page.get_by_role("link", name="Mary Somerville", exact=True))
    expect(row.get_by_text("Invited")).to_be_visible()

    ada = Profile.objects.get(name="Ada King")
    assert Position.objects.filter(profile=ada).count() == 11
    invitation = Invitation.objects.get(sender_id=ada.pk)
    assert invitation.recipient == members["Mary Somerville"]
    assert invitation.note == "Hi Mary, we're connected on LinkedIn. Let's connect on Kith too."
