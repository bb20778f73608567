"""The members API: tokens, me, my profile, and the one error shape."""

import pytest
from django.utils import timezone

from kith.members.models import ApiToken, Block, Position, Profile
from tests.factories import PASSWORD, connect


def token_for(api_client, user):
    response = api_client.post_json("/api/v1/tokens", {"email": user.email, "password": PASSWORD, "name": "script"})
    assert response.status_code == 201, response.content
    return response.json()["token"]


def test_token_exchange_and_bearer_auth(api_client, ada):
    api_client.token = token_for(api_client, ada)
    response = api_client.get_json("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "ada@example.com"
    assert response.json()["handle"] == "ada-lovelace"
    assert ApiToken.objects.get(user=ada).last_used_at is not None


def test_wrong_password_is_401_with_error_shape(api_client, ada):
    response = api_client.post_json("/api/v1/tokens", {"email": ada.email, "password": "nope"})
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "invalid_credentials", "message": "Wrong email or password.", "field": "password"}}
    assert not ApiToken.objects.exists()


def test_repeated_wrong_passwords_are_rate_limited(api_client, ada):
    for _ in range(10):
        api_client.post_json("/api/v1/tokens", {"email": ada.email, "password": "nope"})
    response = api_client.post_json("/api/v1/tokens", {"email": ada.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "rate_limited"


def test_revoked_token_no_longer_works(api_client, ada):
    from kith.members.actions import revoke_api_token

    api_client.token = token_for(api_client, ada)
    revoke_api_token(ada, ApiToken.objects.get(user=ada).pk)
    response = api_client.get_json("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_unauthenticated_and_garbage_token(api_client, db):
    assert api_client.get_json("/api/v1/me").status_code == 401
    api_client.token = "kith_not-a-real-token"
    assert api_client.get_json("/api/v1/me").status_code == 401


def test_session_auth_requires_csrf_for_writes(ada):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(ada)
    assert client.get("/api/v1/me").status_code == 200
    response = client.patch("/api/v1/me/profile", {"headline": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"


def test_patch_profile_with_everything(api_client, ada):
    api_client.force_login(ada)
    response = api_client.patch_json(
        "/api/v1/me/profile",
        {
            "headline": "Head of Analysis at Engines Ltd",
            "industry": "software-development",
            "positions": [
                {"company": "Engines Ltd", "title": "Head of Analysis", "start": "2020-03", "is_current": True},
                {"company": "Babbage & Co", "title": "Analyst", "start": "2015-01", "end": "2020-02"},
            ],
            "education": [{"school": "University of London", "degree": "BSc", "field": "Mathematics", "start_year": 2011, "end_year": 2014}],
            "skills": ["Python", " python ", "Supply Chain"],
            "open_to": [{"kind": "job", "audience": "recruiters", "hide_from_current_company": True}, {"kind": "mentoring", "details": "Women in tech"}],
            "privacy": {"visibility": "connections", "invite_policy": "email"},
            "target_market": {"industries": ["logistics-supply-chain"], "locations": ["London"]},
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["skills"] == ["Python", "Supply Chain"]
    assert [p["company"] for p in body["positions"]] == ["Engines Ltd", "Babbage & Co"]
    assert body["privacy"]["visibility"] == "connections"
    assert body["privacy"]["connections_visibility"] == "connections"
    assert body["target_market"]["locations"] == ["London"]
    profile = Profile.objects.get(pk=ada.pk)
    assert profile.industry == "software-development"
    assert profile.completeness == 65  # everything but a photo, about and a third skill
    assert Position.objects.filter(profile=profile, is_current=True).count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"headline": "x" * 221}, "headline"),
        ({"industry": "basket-weaving"}, "industry"),
        ({"positions": [{"company": "A", "title": "B", "start": "2020-05", "end": "2019-01"}]}, "positions.0.end"),
        ({"positions": [{"company": "A", "title": "B", "start": "May 2020", "is_current": True}]}, "positions.0.start"),
        ({"positions": [{"company": "", "title": "B", "start": "2020-05", "is_current": True}]}, "positions.0.company"),
        ({"education": [{"school": "X", "start_year": 2010, "end_year": 2001}]}, "education.0.end_year"),
        ({"open_to": [{"kind": "hiring", "audience": "recruiters"}]}, "open_to.0.audience"),
        ({"open_to": [{"kind": "astrology"}]}, "open_to.0.kind"),
        ({"privacy": {"visibility": "everyone"}}, "privacy.visibility"),
        ({"target_market": {"industries": ["nope"]}}, "target_market.industries"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
        ({"handle": "A B"}, "handle"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field_and_writes_nothing(api_client, ada, payload, field):
    api_client.force_login(ada)
    api_client.patch_json("/api/v1/me/profile", {"headline": "Before", "skills": ["Engines"]})
    before = Profile.objects.get(pk=ada.pk)
    response = api_client.patch_json("/api/v1/me/profile", {"headline": "After", **payload})
    assert 400 <= response.status_code < 500, response.content
    error = response.json()["error"]
    assert error["field"] == field
    assert error["message"]
    after = Profile.objects.get(pk=ada.pk)
    assert after.headline == "Before"
    assert after.updated_at == before.updated_at
    assert not Position.objects.filter(profile=after).exists()


def test_malformed_json_is_a_4xx(api_client, ada):
    api_client.force_login(ada)
    response = api_client.patch("/api/v1/me/profile", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500
    assert "error" in response.json()


def test_member_profile_visibility_and_blocks(api_client, ada, grace, linus):
    Profile.objects.filter(pk=grace.pk).update(visibility="connections", about="Secret plans")
    api_client.force_login(ada)
    limited = api_client.get_json("/api/v1/members/grace-hopper").json()
    assert limited["full"] is False and limited["about"] == "" and limited["name"] == "Grace Hopper"
    connect(ada, grace)
    full = api_client.get_json("/api/v1/members/grace-hopper").json()
    assert full["full"] is True and full["about"] == "Secret plans"
    Block.objects.create(blocker=grace, blocked=ada)
    response = api_client.get_json("/api/v1/members/grace-hopper")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    api_client.force_login(linus)
    assert api_client.get_json("/api/v1/members/nobody-here").status_code == 404


def test_recruiter_only_job_signal_in_api(api_client, ada, grace, linus):
    api_client.force_login(grace)
    api_client.patch_json("/api/v1/me/profile", {"open_to": [{"kind": "job", "audience": "recruiters"}, {"kind": "advice"}]})
    api_client.force_login(ada)
    kinds = [s["kind"] for s in api_client.get_json("/api/v1/members/grace-hopper").json()["open_to"]]
    assert kinds == ["advice"]
    api_client.force_login(linus)
    api_client.patch_json("/api/v1/me/profile", {"open_to": [{"kind": "hiring"}]})
    kinds = [s["kind"] for s in api_client.get_json("/api/v1/members/grace-hopper").json()["open_to"]]
    assert kinds == ["advice"]  # saying "hiring" oneself is not enough: an operator verifies recruiters
    from kith.members.actions import verify_hiring

    verify_hiring(linus, by=None)
    kinds = [s["kind"] for s in api_client.get_json("/api/v1/members/grace-hopper").json()["open_to"]]
    assert sorted(kinds) == ["advice", "job"]


def test_token_created_at_is_recent(ada):
    from kith.members.actions import authenticate_token, create_api_token

    token, secret = create_api_token(ada, "cron")
    assert (timezone.now() - token.created_at).total_seconds() < 60
    assert authenticate_token(secret) == ada
    assert secret not in {t.digest for t in ApiToken.objects.all()}


def test_skills_keep_the_members_order(api_client, ada, grace):
    api_client.force_login(ada)
    api_client.patch_json("/api/v1/me/profile", {"skills": ["Zebra care", "Analysis", "Mathematics"]})
    api_client.force_login(grace)
    assert api_client.get_json("/api/v1/members/ada-lovelace").json()["skills"] == ["Zebra care", "Analysis", "Mathematics"]
    api_client.force_login(ada)
    api_client.patch_json("/api/v1/me/profile", {"skills": ["Mathematics", "Zebra care"]})
    assert api_client.get_json("/api/v1/me/profile").json()["skills"] == ["Mathematics", "Zebra care"]


def test_member_profile_carries_degree(api_client, ada, grace, linus):
    connect(ada, grace)
    connect(grace, linus)
    api_client.force_login(ada)
    assert api_client.get_json("/api/v1/members/grace-hopper").json()["degree"] == 1
    assert api_client.get_json("/api/v1/members/linus-torvalds").json()["degree"] == 2
    assert api_client.get_json("/api/v1/members/ada-lovelace").json()["degree"] is None
