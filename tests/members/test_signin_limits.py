"""Limits on password sign-ins (web log-in and POST /api/v1/tokens share them) and on sign-ups."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from kith.core.models import RateCounter
from kith.members.models import ApiToken, User
from tests.factories import PASSWORD, make_member

# The middle of a 15-minute window (and of an hour), so no test straddles two windows.
AT = datetime(2030, 5, 6, 12, 7, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.KITH_RATE_LIMIT_STORE = "database"
    settings.KITH_SIGNIN_FAILURES_PER_EMAIL = 3
    settings.KITH_SIGNIN_FAILURES_PER_ADDRESS = 5
    settings.KITH_SIGNIN_FAILURES_WINDOW = 15 * 60
    settings.KITH_SIGNUPS_PER_ADDRESS = 2
    settings.KITH_SIGNUPS_WINDOW = 60 * 60
    with time_machine.travel(AT, tick=False):
        yield


def web_login(client, email, password="wrong", address="192.0.2.1"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address)


def token_login(client, email, password="wrong", address="192.0.2.1"):
    return client.post(
        "/api/v1/tokens", {"email": email, "password": password}, content_type="application/json", REMOTE_ADDR=address
    )


def test_web_login_locks_an_email_out_with_429_retry_after_and_when_it_lifts(client, ada):
    for _ in range(3):
        assert web_login(client, ada.email).status_code == 200  # the form, "not correct"
    response = web_login(client, ada.email, PASSWORD)  # even the right password, now
    assert response.status_code == 429
    assert response["Retry-After"] == str(7 * 60 + 30)  # the window ends at 12:15
    page = response.content.decode()
    assert "Too many sign-in attempts" in page
    assert "Too many failed sign-ins for this email address: at most 3 every 15 minutes. You can try again at 12:15:00 UTC." in page
    assert 'href="/accounts/password/reset/"' in page
    assert client.get("/api/v1/me").status_code == 401
    # Another member's sign-in from the same address still works.
    grace = make_member("Grace Hopper", email="grace@example.com")
    assert web_login(client, grace.email, PASSWORD).status_code == 302


def test_the_lockout_lifts_when_the_window_ends(client, ada):
    for _ in range(4):
        web_login(client, ada.email)
    with time_machine.travel(AT + timedelta(minutes=8), tick=False):
        assert web_login(client, ada.email, PASSWORD).status_code == 302


def test_right_passwords_do_not_count_as_failures(client, ada):
    for _ in range(2):
        web_login(client, ada.email)
    for _ in range(4):
        assert web_login(client, ada.email, PASSWORD).status_code == 302
        client.post("/accounts/logout/")
    assert web_login(client, ada.email).status_code == 200  # the 3rd failure: still allowed
    assert web_login(client, ada.email, PASSWORD).status_code == 429


def test_one_address_spraying_many_accounts_is_stopped(client, db):
    members = [make_member(f"Member {i}", email=f"m{i}@example.com") for i in range(7)]
    answers = [web_login(client, m.email, address="198.51.100.9").status_code for m in members]
    assert answers == [200] * 5 + [429] * 2
    response = web_login(client, members[6].email, PASSWORD, address="198.51.100.9")
    assert response.status_code == 429
    assert "Too many failed sign-ins from your network address: at most 5 every 15 minutes" in response.content.decode()
    # Every account is still open from elsewhere.
    assert web_login(client, members[0].email, PASSWORD, address="203.0.113.4").status_code == 302


def test_ipv6_neighbours_share_their_64(client, db):
    members = [make_member(f"Member {i}", email=f"m{i}@example.com") for i in range(6)]
    answers = [web_login(client, m.email, address=f"2001:db8:0:1::{i + 1}").status_code for i, m in enumerate(members)]
    assert answers == [200] * 5 + [429]


def test_tokens_answer_429_with_retry_after_in_the_error_shape(api_client, ada):
    for _ in range(3):
        assert token_login(api_client, ada.email).status_code == 401
    response = token_login(api_client, ada.email, PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == str(7 * 60 + 30)
    error = response.json()["error"]
    assert error["code"] == "rate_limited" and error["lifts_at"] == "2030-05-06T12:15:00+00:00"
    assert error["message"].startswith("Too many failed sign-ins for this email address: at most 3 every 15 minutes.")
    assert not ApiToken.objects.exists()


def test_tokens_are_limited_per_address_too(api_client, db):
    members = [make_member(f"Member {i}", email=f"m{i}@example.com") for i in range(6)]
    answers = [token_login(api_client, m.email).status_code for m in members]
    assert answers == [401] * 5 + [429]
    assert token_login(api_client, members[0].email, PASSWORD, address="203.0.113.4").status_code == 201


def test_web_and_api_share_one_budget(client, api_client, ada):
    web_login(client, ada.email)
    token_login(api_client, ada.email)
    web_login(client, ada.email)
    assert token_login(api_client, ada.email, PASSWORD).status_code == 429
    assert web_login(client, ada.email, PASSWORD).status_code == 429


def test_emails_are_counted_case_and_space_insensitively_and_never_stored(client, ada):
    web_login(client, "ADA@example.com")
    web_login(client, " ada@EXAMPLE.com ")
    web_login(client, ada.email)
    assert web_login(client, ada.email, PASSWORD).status_code == 429
    assert not RateCounter.objects.filter(key__contains="ada").exists()
    assert not RateCounter.objects.filter(key__contains="192.0.2").exists()


def sign_up(client, n, address="192.0.2.1"):
    return client.post(
        "/accounts/signup/",
        {"name": f"Joan {n}", "email": f"joan{n}@example.com", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
        REMOTE_ADDR=address,
    )


def test_sign_up_answers_429_with_retry_after_past_the_limit(client, db):
    assert sign_up(client, 1).status_code == 302
    client.logout()
    assert sign_up(client, 2).status_code == 302
    client.logout()
    response = sign_up(client, 3)
    assert response.status_code == 429
    assert response["Retry-After"] == str(52 * 60 + 30)  # the hour ends at 13:00
    page = response.content.decode()
    assert "Too many sign-ups from your network address: at most 2 an hour. You can try again at 13:00:00 UTC." in page
    assert not User.objects.filter(email="joan3@example.com").exists()
    assert sign_up(client, 3, address="203.0.113.4").status_code == 302


def test_sign_up_counts_attempts_not_only_accounts(client, db):
    bad = {"name": "", "email": "not-an-email", "password1": "x", "password2": "y"}
    assert client.post("/accounts/signup/", bad, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.post("/accounts/signup/", bad, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.post("/accounts/signup/", bad, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/accounts/signup/", REMOTE_ADDR="192.0.2.1").status_code == 200  # reading the form is free
