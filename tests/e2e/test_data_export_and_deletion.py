"""A member exports their data and downloads the zip; another asks for their account to be
deleted, is signed out and told when, and signing in again within the grace period keeps it.
Both pages are looked at on a desktop and a phone (screenshots in KITH_SCREENSHOTS or tmp)."""

import io
import json
import os
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kith.members.models import User
from kith.portability import actions
from kith.portability.models import AccountDeletion
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, connect, make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("KITH_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def test_export_my_data_and_download_it(browser_page, new_context, tmp_path):
    ada = make_member("Ada Lovelace", email="ada@example.com", headline="Analyst of engines")
    connect(ada, make_member("Grace Hopper", email="grace@example.com"))
    page = browser_page
    sign_in(page, "ada@example.com", PASSWORD)
    page.goto("/settings/")
    page.get_by_role("link", name="Export your data").click()
    expect(page.get_by_role("heading", name="Export your data")).to_be_visible()
    page.get_by_role("button", name="Export my data").click()
    expect(page.get_by_text("Your data export is ready")).to_be_visible()  # built inline in the embedded default
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    document = json.loads(archive.read("data.json"))
    assert document["sections"]["members"]["profile"][0]["name"] == "Ada Lovelace"
    assert [c["name"] for c in document["sections"]["network"]["connections"]] == ["Grace Hopper"]
    assert "README.txt" in archive.namelist()
    page.goto("/notifications/")
    expect(page.get_by_text("Your data export is ready")).to_be_visible()
    folder = shots(tmp_path)
    page.goto("/settings/data/")
    page.screenshot(path=str(folder / "export-desktop.png"), full_page=True)
    phone = new_context().new_page()
    phone.set_viewport_size(PHONE)
    sign_in(phone, "ada@example.com", PASSWORD)
    phone.goto("/settings/data/")
    fits(phone)
    phone.screenshot(path=str(folder / "export-phone.png"), full_page=True)


def test_delete_my_account_then_sign_in_within_the_grace_period(browser_page, new_context, tmp_path):
    make_member("Ada Lovelace", email="ada@example.com")
    page = browser_page
    sign_in(page, "ada@example.com", PASSWORD)
    page.goto("/settings/delete/")
    folder = shots(tmp_path)
    page.screenshot(path=str(folder / "delete-desktop.png"), full_page=True)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("that is not your password")).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Your account will be deleted")).to_be_visible()
    expect(page.get_by_text(re.compile(r"14 days from now"))).to_be_visible()
    page.screenshot(path=str(folder / "deletion-scheduled-desktop.png"), full_page=True)
    assert AccountDeletion.objects.get().status == AccountDeletion.Status.SCHEDULED
    page.goto("/settings/")
    expect(page).to_have_url(re.compile("/accounts/login/"))  # signed out

    sign_in(page, "ada@example.com", PASSWORD)
    expect(page.get_by_text("Welcome back: your account will not be deleted.")).to_be_visible()
    assert AccountDeletion.objects.get().status == AccountDeletion.Status.CANCELLED
    assert actions.erase_due(now=timezone.now() + timedelta(days=15)) == 0

    phone = new_context().new_page()
    phone.set_viewport_size(PHONE)
    sign_in(phone, "ada@example.com", PASSWORD)
    phone.goto("/settings/delete/")
    fits(phone)
    phone.screenshot(path=str(folder / "delete-phone.png"), full_page=True)
    phone.get_by_label("Your password").fill(PASSWORD)
    phone.get_by_role("button", name="Delete my account").click()
    expect(phone.get_by_role("heading", name="Your account will be deleted")).to_be_visible()
    fits(phone)
    phone.screenshot(path=str(folder / "deletion-scheduled-phone.png"), full_page=True)

    # Past the grace period the periodic task erases it: signing in no longer works.
    assert actions.erase_due(now=timezone.now() + timedelta(days=15)) == 1
    assert User.objects.get().erased_at is not None
    sign_in(page, "ada@example.com", PASSWORD)
    expect(page).to_have_url(re.compile("/accounts/login/"))
