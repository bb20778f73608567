"""People search on a phone (390 px): results first, the filters behind a "Filters" button
that opens without JavaScript; on a wide screen the filters are a column beside the results."""

import pytest
from playwright.sync_api import expect

from kith.members import actions
from tests.e2e.conftest import sign_in
from tests.factories import PASSWORD, make_member

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}


def engineers() -> None:
    make_member("Ada Lovelace", email="ada@example.com", headline="Analyst of engines", city="London")
    for name, city in [("Sam Okafor", "London"), ("Mei Nowak", "London"), ("Lars Berg", "Oslo")]:
        member = make_member(name, headline="Software Engineer at Kappa Systems", city=city)
        actions.add_position(member, company="Kappa Systems", title="Software Engineer", start="2020-01", is_current=True)


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def make(viewport: dict, *, javascript: bool = True):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, java_script_enabled=javascript)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, "ada@example.com", PASSWORD)
        return page

    yield make
    for context in contexts:
        context.close()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_on_a_phone_results_come_first_and_filters_open_from_a_button(open_page, javascript):
    engineers()
    page = open_page(PHONE, javascript=javascript)
    page.goto("/search/?q=engineer")
    filters = page.locator("summary", has_text="Filters")
    first_hit = page.locator(".search-hit").first
    expect(first_hit).to_be_visible()
    expect(filters).to_be_visible()
    location = page.locator(".search-facet-value", has_text="London")
    expect(location).to_be_hidden()  # behind the button
    assert first_hit.bounding_box()["y"] < PHONE["height"] / 2  # results are on the first screen
    assert page_width(page) <= PHONE["width"]

    filters.click()
    expect(location).to_be_visible()
    assert page_width(page) <= PHONE["width"]
    location.click()
    expect(page.locator(".search-count")).to_have_text("2 results")
    expect(page.locator("summary", has_text="Filters")).to_contain_text("1")
    expect(page.get_by_role("link", name="Lars Berg", exact=True)).to_have_count(0)
    expect(page.locator(".search-facet-value", has_text="London")).to_be_hidden()  # closed again: the results show
    assert "location=London" in page.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_wide_screen_the_filters_are_a_column_beside_the_results(open_page):
    engineers()
    page = open_page(WIDE)
    page.goto("/search/?q=engineer")
    expect(page.locator("summary", has_text="Filters")).to_be_hidden()
    location = page.locator(".search-facet-value", has_text="London")
    expect(location).to_be_visible()
    hit = page.locator(".search-hit").first.bounding_box()
    assert location.bounding_box()["x"] + location.bounding_box()["width"] <= hit["x"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_empty_search_page_on_a_phone_offers_filters_and_did_you_mean_fits(open_page):
    engineers()
    make_member("Katharina Weiss", headline="Architect")
    page = open_page(PHONE)
    page.goto("/search/")
    expect(page.get_by_text("Search by name, title, company, skill or school, or choose filters.")).to_be_visible()
    page.locator("summary", has_text="Filters").click()
    page.locator(".search-facet-value", has_text="London").click()
    expect(page.locator(".search-count")).to_have_text("3 results")
    page.goto("/search/?q=Katarina")
    page.get_by_role("link", name="Katharina").click()
    expect(page.get_by_role("link", name="Katharina Weiss", exact=True)).to_be_visible()
    expect(page.locator("#search-q")).to_have_value("Katharina")
    assert page_width(page) <= PHONE["width"]
