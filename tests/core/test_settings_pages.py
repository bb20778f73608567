"""Every settings page shares one layout: the settings menu, the current page marked, the page's own title."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kith.core.templatetags.kith_core import SETTINGS_NAV
from kith.members import actions
from kith.members.models import TargetMarket

SETTINGS_PAGES = [name for _group, entries in SETTINGS_NAV for _label, name, _aliases in entries]


def _menu_links(html: str) -> list[tuple[str, bool]]:
    menu = html.split('<nav class="settings-nav"', 1)[1].split("</nav>", 1)[0]
    return [(href, "aria-current" in rest) for href, rest in re.findall(r'<a class="settings-nav-link" href="([^"]+)"([^>]*)>', menu)]


@pytest.mark.parametrize("name", SETTINGS_PAGES)
def test_each_settings_page_has_the_menu_with_itself_marked(as_ada, name):
    response = as_ada.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    links = _menu_links(html)
    assert [href for href, _ in links] == [reverse(n) for n in SETTINGS_PAGES]
    assert [href for href, current in links if current] == [reverse(name)]
    assert html.count("<h1") == 1
    assert "· Settings ·" in html.split("<title>", 1)[1].split("</title>", 1)[0]


@pytest.mark.parametrize("name", SETTINGS_PAGES)
def test_settings_pages_need_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_saving_a_section_comes_back_to_its_own_page(as_ada, ada):
    response = as_ada.post(reverse("members:open_to"), {"networking_on": "on", "audience": "members"})
    assert response.status_code == 302 and response["Location"] == reverse("members:open_to")
    page = as_ada.get(response["Location"]).content.decode()
    assert "“Open to” saved." in page
    response = as_ada.post(reverse("members:target_market"), {"industries": ["banking"]})
    assert response.status_code == 302 and response["Location"] == reverse("members:target_market")


def test_target_market_industries_are_ticks_with_the_chosen_first(as_ada, ada):
    actions.update_target_market(ada, industries=["software-development", "banking"])
    html = as_ada.get(reverse("members:target_market")).content.decode()
    assert "<select" not in html and "Ctrl" not in html
    ticks = re.findall(r'<input type="checkbox" name="industries" value="([^"]+)"([^>]*)>', html)
    assert len(ticks) > 40
    assert {value for value, attrs in ticks[:2]} == {"banking", "software-development"}
    assert all("checked" in attrs for _, attrs in ticks[:2]) and not any("checked" in attrs for _, attrs in ticks[2:])
    assert "2 chosen" in html
    # The filter box is for the script to show; without JavaScript the list alone is the control.
    assert re.search(r"data-picker-filter-box hidden", html)
    assert 'src="/static/kith/picker.js"' in html


def test_ticked_industries_are_saved_from_the_page(as_ada, ada):
    response = as_ada.post(reverse("members:target_market"), {"industries": ["banking", "accounting"], "title_keywords": ""})
    assert response.status_code == 302
    assert sorted(TargetMarket.objects.get(profile_id=ada.pk).industries) == ["accounting", "banking"]
