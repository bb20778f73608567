"""The reporter is never revealed to the reported member: not on any page or API response they can
reach, not in what they are emailed, not in their data export."""

import pytest
from django.core import mail

from kith.moderation import actions, personal_data
from kith.moderation.models import Report
from kith.network import actions as network
from tests.conftest import login
from tests.factories import make_member

pytestmark = pytest.mark.django_db

REPORTER = "Rhoda Quillfeather"


def _traces(text: str, reporter) -> list[str]:
    return [t for t in (REPORTER, "Quillfeather", reporter.email, reporter.profile.handle) if t.lower() in text.lower()]


def test_nothing_the_reported_member_reaches_names_the_reporter(client, api_as, django_capture_on_commit_callbacks):
    reporter = make_member(REPORTER, email="rhoda@example.com")
    others = [make_member(f"Other Reporter{i}") for i in range(2)]
    target = make_member("Tara Target", email="tara@example.com")
    mod = make_member("Mona Moderator")
    actions.grant_moderator(mod)
    with django_capture_on_commit_callbacks(execute=True):
        report = network.report_member(reporter, target, reason="harassment", text="She wrote to me every day")
        for other in others:
            network.report_member(other, target, reason="spam")  # a third reporter: an automatic hold too
        entry = actions.take_action(report.item, by=mod, action="restrict_invitations", days=7, reason="Unwanted messages")
        actions.file_appeal(target, action_id=entry.pk, text="Who said so?")
    assert Report.objects.filter(reported=target).count() == 3

    login(client, target)
    pages = ["/", "/settings/standing/", "/network/", "/network/invitations/", "/notifications/", "/messaging/"]
    for path in pages:
        body = client.get(path).content.decode()
        assert _traces(body, reporter) == [], path
    api = api_as(target)
    for path in ("/api/v1/me/standing", "/api/v1/notifications", "/api/v1/invitations", "/api/v1/me"):
        body = api.get_json(path).content.decode()
        assert _traces(body, reporter) == [], path
    for message in mail.outbox:
        if target.email in message.to:
            assert _traces(message.subject + message.body, reporter) == []
    exported = str(personal_data.export(target))
    assert _traces(exported, reporter) == [] and "She wrote to me" not in exported
    # the reporter's own export has their report
    assert "She wrote to me every day" in str(personal_data.export(reporter))
