"""The member pages: home, the profile as a CV, settings, open-to audiences, tokens."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from kith.members import actions
from kith.members.models import ApiToken, OpenTo, Profile, TargetMarket
from tests.conftest import login
from tests.factories import make_member

HTMX = {"HX-Request": "true"}


def _cv(member) -> None:
    actions.update_profile(member, about="I write programs for engines.", industry="banking")
    actions.add_position(member, company="Analytical Engines Ltd", title="Analyst", start="2021-03", is_current=True, location="London")
    actions.add_position(member, company="Babbage & Co", title="Assistant", start="2019-01", end="2021-02", description="Notes on the engine.")
    actions.add_education(member, school="University of London", degree="BSc", field="Mathematics", start_year=2015, end_year=2018)
    actions.set_skills(member, ["Mathematics", "Poetry of science", "Python"])


@pytest.mark.django_db
def test_anonymous_home_is_a_landing_with_join_and_sign_in(client):
    html = client.get("/").content.decode()
    assert "professional network" in html
    assert reverse("account_signup") in html and reverse("account_login") in html


def test_signed_in_home_shows_own_card_and_next_step(as_ada, ada):
    html = as_ada.get("/").content.decode()
    assert "Ada Lovelace" in html
    # Few connections: the onboarding path leads with the part that finds people first.
    assert "Get started on" in html
    assert "Add where you work now" in html


def test_me_redirects_to_own_profile(as_ada, ada):
    response = as_ada.get(reverse("members:me"))
    assert response.status_code == 302
    assert response["Location"] == reverse("members:profile", args=[ada.profile.handle])


@time_machine.travel(date(2024, 6, 15))
def test_profile_page_renders_the_cv(client, ada, grace):
    _cv(ada)
    login(client, grace)
    response = client.get(reverse("members:profile", args=[ada.profile.handle]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Ada Lovelace", "Analyst of engines", "London", "Banking", "I write programs for engines.",
        "Analyst", "Analytical Engines Ltd", "Mar 2021 – Present", "3 yrs 4 mos",
        "Assistant", "Jan 2019 – Feb 2021", "2 yrs 2 mos", "Notes on the engine.",
        "University of London", "BSc, Mathematics", "2015 – 2018",
        "Poetry of science", "Python",
    ]:
        assert text in html, text
    assert "profile-edit-link" not in html  # only on one's own profile
    assert html.index("Analytical Engines Ltd") < html.index("Babbage &amp; Co")  # current first


def test_own_profile_shows_edit_links_and_completeness(as_ada, ada):
    html = as_ada.get(reverse("members:profile", args=[ada.profile.handle])).content.decode()
    assert "profile-edit-link" in html
    assert reverse("members:edit") + "#experience" in html
    assert "Profile strength" in html
    assert f"{Profile.objects.get(pk=ada.pk).completeness}%" in html


def test_initials_avatar_without_photo(as_ada, ada):
    html = as_ada.get(reverse("members:profile", args=[ada.profile.handle])).content.decode()
    assert ">AL</span>" in html


def test_privacy_settings_are_saved(as_ada, ada):
    response = as_ada.post(reverse("members:settings"), {
        "visibility": "connections", "connections_visibility": "only_me",
        "invite_policy": "second_degree", "message_policy": "anyone",
    })
    assert response.status_code == 302
    profile = Profile.objects.get(pk=ada.pk)
    assert (profile.visibility, profile.connections_visibility, profile.invite_policy, profile.message_policy) == (
        "connections", "only_me", "second_degree", "anyone",
    )
    html = as_ada.get(reverse("members:settings")).content.decode()
    assert re.search(r'name="visibility" value="connections"[^>]*checked', html)


def test_privacy_settings_reject_an_unknown_choice(as_ada, ada):
    response = as_ada.post(reverse("members:settings"), {
        "visibility": "everyone", "connections_visibility": "only_me",
        "invite_policy": "anyone", "message_policy": "anyone",
    })
    assert response.status_code == 422
    assert Profile.objects.get(pk=ada.pk).visibility == "members"


def test_privacy_settings_htmx_answer_is_the_fragment(as_ada, ada):
    response = as_ada.post(reverse("members:settings"), {
        "visibility": "public", "connections_visibility": "connections",
        "invite_policy": "email", "message_policy": "connections",
    }, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="privacy"')
    assert "<html" not in html and "Privacy settings saved." in html
    assert Profile.objects.get(pk=ada.pk).invite_policy == "email"


def test_open_to_signals_are_saved(as_ada, ada):
    response = as_ada.post(reverse("members:open_to"), {
        "job_on": "on", "job_details": "Engine analysis roles", "audience": "recruiters",
        "hide_from_current_company": "on", "mentoring_on": "on", "mentoring_details": "Young mathematicians",
        "advice_details": "ignored while unticked",
    })
    assert response.status_code == 302
    signals = {s.kind: s for s in OpenTo.objects.filter(profile_id=ada.pk)}
    assert set(signals) == {"job", "mentoring"}
    assert signals["job"].audience == "recruiters" and signals["job"].hide_from_current_company
    assert signals["job"].details == "Engine analysis roles"
    assert signals["mentoring"].details == "Young mathematicians"
    # Unticking replaces the set.
    as_ada.post(reverse("members:open_to"), {"networking_on": "on", "audience": "members"})
    assert list(OpenTo.objects.filter(profile_id=ada.pk).values_list("kind", flat=True)) == ["networking"]


def test_target_market_is_saved(as_ada, ada):
    response = as_ada.post(reverse("members:target_market"), {
        "industries": ["banking", "accounting"], "title_keywords": "buyer, procurement, Buyer",
        "locations": "London\nParis", "companies": "Acme",
    })
    assert response.status_code == 302
    market = TargetMarket.objects.get(profile_id=ada.pk)
    assert sorted(market.industries) == ["accounting", "banking"]
    assert market.title_keywords == ["buyer", "procurement"]
    assert market.locations == ["London", "Paris"] and market.companies == ["Acme"]


def test_target_market_rejects_an_unknown_industry(as_ada, ada):
    response = as_ada.post(reverse("members:target_market"), {"industries": ["not-an-industry"]})
    assert response.status_code == 422
    assert TargetMarket.objects.get(profile_id=ada.pk).industries == []


# --- "open to" audiences on the profile page ----------------------------------------------


@pytest.fixture
def job_seeker(ada):
    actions.add_position(ada, company="Acme", title="Analyst", start="2020-01", is_current=True)
    actions.set_open_to(ada, [
        {"kind": "job", "details": "Looking for analyst roles", "audience": "recruiters", "hide_from_current_company": True},
        {"kind": "mentoring", "details": "Happy to mentor"},
    ])
    return ada


def _profile_html(client, member) -> str:
    response = client.get(reverse("members:profile", args=[member.profile.handle]))
    assert response.status_code == 200
    return response.content.decode()


def test_recruiters_only_job_signal_is_hidden_from_a_non_recruiter(client, job_seeker, grace):
    html = _profile_html(login(client, grace), job_seeker)
    assert "Happy to mentor" in html
    assert "Looking for analyst roles" not in html


def test_recruiters_only_job_signal_is_shown_to_a_recruiter(client, job_seeker, grace):
    actions.set_open_to(grace, [{"kind": "hiring", "details": "Compiler engineers"}])
    assert "Looking for analyst roles" not in _profile_html(login(client, grace), job_seeker)
    actions.verify_hiring(grace, by=None)  # a recruiter is one the community's operator verified
    assert "Looking for analyst roles" in _profile_html(login(client, grace), job_seeker)


def test_job_signal_is_hidden_from_a_colleague_even_a_recruiter(client, job_seeker, grace):
    actions.set_open_to(grace, [{"kind": "hiring"}])
    actions.verify_hiring(grace, by=None)
    actions.add_position(grace, company="ACME ", title="Recruiter", start="2022-05", is_current=True)
    html = _profile_html(login(client, grace), job_seeker)
    assert "Looking for analyst roles" not in html
    assert "Happy to mentor" in html


def test_job_signal_shows_to_self_with_its_audience(as_ada, job_seeker):
    html = _profile_html(as_ada, job_seeker)
    assert "Looking for analyst roles" in html
    assert "Recruiters only" in html and "hidden from your company" in html


def test_job_signal_is_never_shown_to_anonymous_visitors(client, job_seeker):
    actions.update_privacy(job_seeker, visibility="public")
    html = _profile_html(client, job_seeker)
    assert "Happy to mentor" in html
    assert "Looking for analyst roles" not in html


# --- tokens --------------------------------------------------------------------------------


def test_token_is_created_shown_once_and_revoked(as_ada, ada, api_client):
    response = as_ada.post(reverse("members:tokens"), {"name": "CRM sync"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=ada)
    secret = response.context["secret"]
    assert secret.startswith("kith_") and secret in response.content.decode()
    assert actions.authenticate_token(secret) == ada
    page = as_ada.get(reverse("members:tokens")).content.decode()
    assert "CRM sync" in page and secret not in page  # never shown again

    response = as_ada.post(reverse("members:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert actions.authenticate_token(secret) is None


def test_token_needs_a_name(as_ada, ada):
    response = as_ada.post(reverse("members:tokens"), {"name": "   "})
    assert response.status_code == 422
    assert "This field is required" in response.content.decode() or "give the token a name" in response.content.decode()
    assert not ApiToken.objects.filter(user=ada).exists()


def test_token_revoke_via_htmx_returns_the_fragment(as_ada, ada):
    token, _ = actions.create_api_token(ada, "script")
    response = as_ada.post(reverse("members:token_revoke", args=[token.pk]), headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="tokens"' in html and "<html" not in html and "Revoked" in html


def test_cannot_revoke_someone_elses_token(as_ada, grace):
    token, _ = actions.create_api_token(grace, "graces")
    assert as_ada.post(reverse("members:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("name", ["members:edit", "members:settings", "members:tokens", "members:me"])
def test_own_pages_need_sign_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_pages_carry_no_inline_scripts_or_styles(as_ada, ada):
    for url in ["/", reverse("members:edit"), reverse("members:settings"), reverse("members:tokens"),
                reverse("members:profile", args=[ada.profile.handle])]:
        html = as_ada.get(url).content.decode()
        assert "style=" not in html and "<style" not in html, url
        assert all("src=" in tag for tag in html.split("<script")[1:]), url


def test_allauth_pages_use_the_site_layout(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert "kith/kith.css" in html and 'class="skip-link"' in html
    assert 'class="auth-form"' in html


def test_other_members_are_named_on_the_page(client, ada):
    grace = make_member("Grace Hopper")
    html = _profile_html(login(client, grace), ada)
    assert "Ada Lovelace" in html
