"""Accounts through allauth's real pages: sign-up, verification, login, reset, change email."""

import re

from allauth.account.models import EmailAddress
from django.core import mail

from kith.members.models import Profile, TargetMarket, User
from tests.factories import PASSWORD


def link_in(message) -> str:
    return re.search(r"https?://[^\s]+", message.body)[0].replace("http://testserver", "")


def sign_up(client, email="joan@example.com", name="Joan Clarke"):
    return client.post(
        "/accounts/signup/",
        {"name": name, "email": email, "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"},
    )


def test_sign_up_creates_account_and_profile_then_asks_for_verification(client, db):
    response = sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="joan@example.com")
    profile = Profile.objects.get(pk=user.pk)
    assert (profile.name, profile.handle) == ("Joan Clarke", "joan-clarke")
    assert TargetMarket.objects.filter(profile=profile).exists()
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["joan@example.com"]
    assert client.get("/api/v1/me").status_code == 401  # not signed in until verified


def test_verification_link_verifies_and_signs_in(client, db):
    sign_up(client)
    confirm = link_in(mail.outbox[0])
    assert client.get(confirm).status_code == 200  # a page with a button: no state change on GET
    assert not EmailAddress.objects.get(email="joan@example.com").verified
    response = client.post(confirm)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="joan@example.com").verified
    assert client.get("/api/v1/me").json()["email_verified"] is True


def test_sign_up_refuses_duplicate_email_and_missing_name(client, ada):
    # Sign-up does not reveal who is a member: it answers as usual and tells the
    # address's owner by email instead of creating a second account.
    response = sign_up(client, email="ADA@example.com")
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="ada@example.com").count() == 1
    assert mail.outbox[-1].to == ["ada@example.com"]
    response = sign_up(client, email="new@example.com", name="  ")
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.com").exists()


def test_login_and_logout(client, ada):
    response = client.post("/accounts/login/", {"login": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/api/v1/me").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/api/v1/me").status_code == 401


def test_wrong_password_shows_an_error(client, ada):
    response = client.post("/accounts/login/", {"login": "ada@example.com", "password": "wrong"})
    assert response.status_code == 200
    assert b"not correct" in response.content or b"incorrect" in response.content.lower()


def test_unverified_member_cannot_log_in_until_verified(client, db):
    from tests.factories import make_member

    make_member("Alan Turing", email="alan@example.com", verified=False)
    response = client.post("/accounts/login/", {"login": "alan@example.com", "password": PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert client.get("/api/v1/me").status_code == 401


def test_password_reset(client, ada):
    client.post("/accounts/password/reset/", {"email": "ada@example.com"})
    assert len(mail.outbox) == 1
    reset = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = reset.redirect_chain[-1][0] if reset.redirect_chain else link_in(mail.outbox[0])
    response = client.post(form_url, {"password1": "brand-new-phrase-9", "password2": "brand-new-phrase-9"})
    assert response.status_code == 302
    assert client.login(email="ada@example.com", password="brand-new-phrase-9")


def test_change_email_needs_verification_of_the_new_address(client, ada):
    client.force_login(ada)
    response = client.post("/accounts/email/", {"action_add": "", "email": "ada@engines.example"})
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["ada@engines.example"]
    client.post(link_in(mail.outbox[-1]))
    assert EmailAddress.objects.get(email="ada@engines.example").verified
    ada.refresh_from_db()
    assert ada.email == "ada@engines.example"


def test_sign_up_that_fails_half_way_leaves_no_account(client, db, monkeypatch):
    """The user row, the profile and the email address are written together or not at all."""
    import pytest

    from kith.members import actions

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(actions, "recompute_completeness", broken)  # inside create_profile, after the profile row
    with pytest.raises(RuntimeError):
        sign_up(client)
    assert not User.objects.filter(email="joan@example.com").exists()
    assert not Profile.objects.exists() and not EmailAddress.objects.exists()
