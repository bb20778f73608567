"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

Chromium is required on CI (CI=true): a missing browser fails the run instead of
skipping it. Elsewhere the browser tests skip with a reason.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls tests make
# between page steps are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KITH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path() -> str | None:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: browser tests must run in CI")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    # Shared two-core machines are slow at times: wait longer before calling a step failed.
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Make isolated browser contexts (one per person in the test), closed at the end."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def browser_page(new_context):
    """One page in a fresh context, its base_url the live server."""
    return new_context().new_page()


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the real login form."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def read_outbox(path) -> str:
    """Every email the file backend wrote under ``path``."""
    files = sorted(path.glob("*.log"))
    assert files, "no email was written to the outbox"
    return "\n".join(f.read_text() for f in files)


def sign_up(page, live_server, outbox, *, name: str, email: str, password: str) -> None:
    """Sign up through the real form and confirm the address from the emailed link
    (the file email backend writing to ``outbox``); the member is then signed in."""
    import re

    from playwright.sync_api import expect

    page.goto("/accounts/signup/")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email").fill(email)
    page.locator("#id_password1").fill(password)
    page.locator("#id_password2").fill(password)
    page.get_by_role("button", name=re.compile("Sign up", re.I)).click()
    expect(page.get_by_text(re.compile("verify your email|confirm", re.I)).first).to_be_visible()
    link = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+", read_outbox(outbox))[0]
    page.goto(link.replace("http://testserver", live_server.url))
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    page.wait_for_load_state()
