"""Error pages in the site's layout: 404, 403 (and an expired form), 429, 500."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client


def test_404_is_a_page_of_the_site(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page isn't here" in html and 'class="site-header"' in html and "kith/kith.css" in html
    assert "Search people</a>" not in html  # signed out: no search to offer


def test_404_signed_in_offers_search(as_ada):
    html = as_ada.get("/no/such/page/").content.decode()
    assert "This page isn't here" in html and "Search people</a>" in html


def test_expired_form_is_explained(ada):
    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    response = client.post("/settings/", {"visibility": "public"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_too_many_password_resets_get_the_429_page(client, db, settings):
    """allauth's own limits (password reset, email sending) answer with templates/429.html."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/ip"}
    for _ in range(3):
        response = client.post("/accounts/password/reset/", {"email": "x@example.com"})
    assert response.status_code == 429
    assert "Too many tries in a row" in response.content.decode()


@pytest.mark.parametrize("template", ["500.html"])
def test_500_renders_without_a_request(template):
    html = render_to_string(template)
    assert "Something went wrong on our side" in html and "kith/kith.css" in html
