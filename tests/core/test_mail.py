"""Emails speak for the community (KITH_SITE_NAME): subject prefix, greeting by name, sign-off — allauth's and Kith's own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from tests.factories import connect

KITH = str(Path(sys.executable).with_name("kith"))
SITE = "Leeds Chamber"
URL = "https://leeds-chamber.example.org"


@pytest.fixture
def community(settings):
    settings.SITE_NAME = SITE
    settings.KITH_SITE_URL = URL
    settings.ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE}] "  # as settings.py derives it from KITH_SITE_NAME


def _framed(message, greeting: str) -> None:
    assert message.subject.startswith(f"[{SITE}] "), message.subject
    assert message.body.startswith(f"{greeting},\n"), message.body
    assert message.body.rstrip().endswith(f"— {SITE}\n{URL}"), message.body
    assert "testserver" not in message.body.split("http", 1)[0]  # no "Hello from <host>!"
    assert "Hello from" not in message.body and "Thank you for using" not in message.body


def test_sign_up_confirmation_email(client, db, community):
    response = client.post("/accounts/signup/", {
        "name": "Joan Clarke", "email": "joan@example.com", "password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase",
    })
    assert response.status_code == 302
    [message] = mail.outbox
    _framed(message, "Hi Joan")
    assert re.search(r"http://testserver/accounts/confirm-email/\S+", message.body)


def test_password_reset_email(client, ada, community):
    client.post("/accounts/password/reset/", {"email": "ada@example.com"})
    [message] = mail.outbox
    _framed(message, "Hi Ada")
    assert "/accounts/password/reset/key/" in message.body


def test_password_reset_for_an_unknown_address_greets_no_one(client, db, community):
    client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    for message in mail.outbox:  # allauth may tell the address it has no account
        _framed(message, "Hi")


def test_notification_email(api_as, ada, grace, community, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(grace).post_json("/api/v1/invitations", {"to": ada.profile.handle, "note": "We met at the Navy dinner"})
    assert response.status_code == 201
    [message] = mail.outbox
    _framed(message, "Hi Ada")
    assert message.subject == f"[{SITE}] Grace Hopper invites you to connect"
    assert f"invites you to connect on {SITE}" in message.body
    assert f"{URL}/network/invitations/" in message.body


def test_unread_messages_email(ada, grace, community, django_capture_on_commit_callbacks):
    from kith.messaging.tasks import deliver_unread_email

    connect(ada, grace)
    deliver_unread_email(grace.pk, 1, "Ada Lovelace", 2)
    [message] = mail.outbox
    _framed(message, "Hi Grace")
    assert message.subject == f"[{SITE}] Ada Lovelace sent you 2 messages"
    assert f"on {SITE} that you haven't read yet" in message.body


def test_the_site_name_setting_names_the_subject_prefix_and_the_sender(tmp_path):
    result = subprocess.run(
        [KITH, "shell", "-c", "from django.conf import settings as s; print(s.ACCOUNT_EMAIL_SUBJECT_PREFIX); print(s.DEFAULT_FROM_EMAIL)"],
        capture_output=True, text=True, cwd=tmp_path,
        env={"KITH_VAR_DIR": str(tmp_path), "KITH_SITE_NAME": SITE, "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [f"[{SITE}] ", f"{SITE} <no-reply@kith.localhost>"]
