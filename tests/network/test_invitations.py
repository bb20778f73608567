"""Invitations through the API: sending, every answer, withdraw, crossed, expiry."""

from datetime import timedelta

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone

from kith.members.models import Connection, ConnectionEvent
from kith.moderation.models import Report
from kith.network import actions
from kith.network.models import Follow, Invitation
from kith.network.tasks import expire_invitations
from kith.notifications.models import Notification
from tests.factories import connect

pytestmark = pytest.mark.django_db


def invite(client, to, note="", **extra):
    return client.post_json("/api/v1/invitations", {"to": to.profile.handle, "note": note, **extra})


def box(client, name):
    response = client.get_json("/api/v1/invitations", {"box": name})
    assert response.status_code == 200, response.content
    return response.json()


def answer(client, invitation_id, what):
    return client.post_json(f"/api/v1/invitations/{invitation_id}/{what}")


def assert_connected(a, b):
    assert Connection.objects.filter(member=a, other=b).exists()
    assert Connection.objects.filter(member=b, other=a).exists()


def test_send_with_a_note_then_accept(api_as, ada, grace, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(api_as(grace), ada, note="We met at the Analytical Society.")
    assert response.status_code == 201, response.content
    body = response.json()
    member = body["member"]
    assert (member["handle"], member["name"], member["headline"]) == (ada.profile.handle, "Ada Lovelace", "Analyst of engines")
    assert member["degree"] is None  # not connected, no shared connection
    assert body["status"] == "pending" and body["direction"] == "sent"
    invitation = Invitation.objects.get(sender=grace, recipient=ada)
    assert invitation.note == "We met at the Analytical Society."

    received = box(api_as(ada), "received")
    assert [(i["id"], i["note"], i["member"]["handle"]) for i in received] == [
        (invitation.pk, "We met at the Analytical Society.", grace.profile.handle)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(api_as(ada), invitation.pk, "accept")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted" and response.json()["connected"] is True
    assert_connected(ada, grace)
    assert Follow.objects.filter(follower=ada, followed=grace).exists()
    assert Follow.objects.filter(follower=grace, followed=ada).exists()
    assert list(ConnectionEvent.objects.values_list("member_a", "member_b", "kind")) == [(grace.pk, ada.pk, "added")]
    assert box(api_as(ada), "received") == [] and box(api_as(grace), "sent") == []


def test_accepting_twice_connects_once(api_as, ada, grace):
    invitation_id = invite(api_as(grace), ada).json()["id"]
    client = api_as(ada)
    assert answer(client, invitation_id, "accept").status_code == 200
    assert answer(client, invitation_id, "accept").status_code == 200  # the same answer again
    invitation = Invitation.objects.get(pk=invitation_id)
    assert actions.accept_invitation(invitation, ada).status == "accepted"
    assert Connection.objects.count() == 2
    assert ConnectionEvent.objects.count() == 1
    assert Notification.objects.filter(kind="invitation_accepted").count() == 1


def test_refusals_are_clear_4xx(api_as, ada, grace, linus):
    client = api_as(grace)
    response = invite(client, grace)
    assert response.status_code == 400 and response.json()["error"]["code"] == "self"
    response = client.post_json("/api/v1/invitations", {"to": "nobody-here"})
    assert response.status_code == 404
    response = invite(client, ada, note="x" * 301)
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "too_long", "field": "note", "message": "Note: at most 300 characters (this one has 301)."}

    connect(grace, linus)
    response = invite(client, linus)
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_connected"

    assert invite(client, ada).status_code == 201
    response = invite(client, ada)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "already_invited"
    assert "You already invited Ada Lovelace on" in response.json()["error"]["message"]
    assert Invitation.objects.count() == 1


def test_crossed_invitations_accept_the_first(api_as, ada, grace, django_capture_on_commit_callbacks):
    first = invite(api_as(grace), ada, note="Hello Ada").json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(api_as(ada), grace, note="Hello Grace")
    assert response.status_code == 200, response.content
    assert response.json()["id"] == first and response.json()["connected"] is True
    assert Invitation.objects.count() == 1
    assert Invitation.objects.get().status == "accepted"
    assert_connected(ada, grace)
    assert ConnectionEvent.objects.count() == 1
    # Grace learns Ada accepted (crossing is Ada's answer).
    assert Notification.objects.filter(recipient=grace, kind="invitation_accepted", actor=ada).exists()


def test_crossed_with_an_ignored_invitation_also_connects(api_as, ada, grace):
    first = invite(api_as(grace), ada).json()["id"]
    assert answer(api_as(ada), first, "ignore").status_code == 200
    assert invite(api_as(ada), grace).status_code == 200
    assert_connected(ada, grace)


def test_ignore_is_silent_and_kept_for_30_days(api_as, ada, grace, django_capture_on_commit_callbacks):
    invitation_id = invite(api_as(grace), ada).json()["id"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(api_as(ada), invitation_id, "ignore")
    assert response.status_code == 200
    assert Invitation.objects.get(pk=invitation_id).status == "ignored"
    assert mail.outbox == []
    assert not Notification.objects.filter(recipient=grace).exists()
    # The sender still sees it as sent and pending.
    assert [(i["id"], i["status"]) for i in box(api_as(grace), "sent")] == [(invitation_id, "pending")]
    client = api_as(ada)
    assert box(client, "received") == []
    assert [i["id"] for i in box(client, "ignored")] == [invitation_id]

    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert [i["id"] for i in box(client, "ignored")] == [invitation_id]
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        assert box(client, "ignored") == []
        assert answer(client, invitation_id, "accept").status_code == 404


def test_an_ignored_invitation_can_still_be_accepted(api_as, ada, grace):
    invitation_id = invite(api_as(grace), ada).json()["id"]
    client = api_as(ada)
    answer(client, invitation_id, "ignore")
    with time_machine.travel(timezone.now() + timedelta(days=20)):
        assert answer(client, invitation_id, "accept").status_code == 200
    assert_connected(ada, grace)


def test_dont_know_is_silent_and_final(api_as, ada, grace, django_capture_on_commit_callbacks):
    invitation_id = invite(api_as(grace), ada).json()["id"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert answer(api_as(ada), invitation_id, "dont-know").status_code == 200
    assert Invitation.objects.get(pk=invitation_id).status == "declined_unknown"
    assert mail.outbox == [] and not Notification.objects.filter(recipient=grace).exists()
    client = api_as(grace)
    assert [(i["id"], i["status"]) for i in box(client, "sent")] == [(invitation_id, "pending")]
    # Grace still sees it pending: inviting again says so, without revealing the answer.
    response = invite(client, ada)
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_invited"
    # Withdrawing it only clears it from her Sent box; she can never invite Ada again.
    assert answer(client, invitation_id, "withdraw").status_code == 200
    assert Invitation.objects.get(pk=invitation_id).status == "declined_unknown"
    assert box(client, "sent") == []
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        response = invite(client, ada)
        assert response.status_code == 403 and response.json()["error"]["code"] == "invitation_refused"


def test_an_ignored_invitation_can_be_marked_unknown_later(api_as, ada, grace):
    invitation_id = invite(api_as(grace), ada).json()["id"]
    client = api_as(ada)
    answer(client, invitation_id, "ignore")
    assert answer(client, invitation_id, "dont-know").status_code == 200
    assert Invitation.objects.get(pk=invitation_id).status == "declined_unknown"
    assert box(client, "ignored") == []


def test_report_spam_files_a_report_with_the_note(api_as, ada, grace):
    invitation_id = invite(api_as(grace), ada, note="Buy my course").json()["id"]
    response = api_as(ada).post_json(f"/api/v1/invitations/{invitation_id}/report")
    assert response.status_code == 200, response.content
    invitation = Invitation.objects.get(pk=invitation_id)
    assert invitation.status == "reported"
    report = Report.objects.get()
    assert (report.reporter, report.reported, report.reason, report.subject, report.text, report.status) == (
        ada, grace, "spam", invitation, "Buy my course", "open"
    )
    assert box(api_as(grace), "sent")[0]["status"] == "pending"
    assert invite(api_as(grace), ada).json()["error"]["code"] == "already_invited"


def test_answers_are_for_the_recipient_and_withdraw_for_the_sender(api_as, ada, grace, linus):
    invitation_id = invite(api_as(grace), ada).json()["id"]
    for what in ("accept", "ignore", "dont-know", "report"):
        assert answer(api_as(grace), invitation_id, what).status_code == 404
        assert answer(api_as(linus), invitation_id, what).status_code == 404
    assert answer(api_as(ada), invitation_id, "withdraw").status_code == 404
    assert Invitation.objects.get(pk=invitation_id).status == "pending"


def test_withdraw_then_21_day_cooldown_with_the_date(api_as, ada, grace):
    client = api_as(grace)
    invitation_id = invite(client, ada).json()["id"]
    response = answer(client, invitation_id, "withdraw")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert box(client, "sent") == [] and box(api_as(ada), "received") == []

    client = api_as(grace)
    withdrawn_at = Invitation.objects.get(pk=invitation_id).answered_at
    lifts_at = withdrawn_at + timedelta(days=21)
    with time_machine.travel(withdrawn_at + timedelta(days=20), tick=False):
        response = invite(client, ada)
        assert response.status_code == 429
        error = response.json()["error"]
        assert error["code"] == "reinvite_cooldown"
        assert f"from {lifts_at.day} {lifts_at:%B %Y}" in error["message"]
        assert error["lifts_at"] == lifts_at.isoformat()
        assert int(response["Retry-After"]) == 24 * 3600
    with time_machine.travel(lifts_at + timedelta(seconds=1)):
        assert invite(client, ada).status_code == 201


def test_a_withdrawn_invitation_cannot_be_answered(api_as, ada, grace):
    invitation_id = invite(api_as(grace), ada).json()["id"]
    answer(api_as(grace), invitation_id, "withdraw")
    assert answer(api_as(ada), invitation_id, "accept").status_code == 404
    assert not Connection.objects.exists()


def test_sender_can_withdraw_an_invitation_that_was_silently_ignored(api_as, ada, grace):
    invitation_id = invite(api_as(grace), ada).json()["id"]
    answer(api_as(ada), invitation_id, "ignore")
    assert answer(api_as(grace), invitation_id, "withdraw").status_code == 200
    assert Invitation.objects.get(pk=invitation_id).status == "withdrawn"
    assert box(api_as(ada), "ignored") == []


def test_pending_invitations_expire_after_six_months(api_as, ada, grace, linus):
    old = invite(api_as(grace), ada).json()["id"]
    ignored = invite(api_as(linus), ada).json()["id"]
    answer(api_as(ada), ignored, "ignore")
    created = Invitation.objects.get(pk=old).created_at
    with time_machine.travel(created + relativedelta(months=6) - timedelta(minutes=1)):
        assert expire_invitations() == 0
    with time_machine.travel(created + relativedelta(months=6) + timedelta(minutes=1)):
        assert expire_invitations.delay().get() == 2
        assert set(Invitation.objects.values_list("status", flat=True)) == {"expired"}
        assert box(api_as(grace), "sent") == []
        assert box(api_as(ada), "received") == []
        # Grace may invite again: an expiry is not a withdrawal.
        assert invite(api_as(grace), ada).status_code == 201


def test_expiry_is_scheduled():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["network-expire-invitations"]
    assert entry["task"] == expire_invitations.name


def test_unknown_box_is_422_naming_the_boxes(api_as, ada):
    response = api_as(ada).get_json("/api/v1/invitations", {"box": "archive"})
    assert response.status_code == 422 and response.json()["error"]["field"] == "box"


@pytest.mark.parametrize(("answer", "status"), [("accept", "accepted"), ("ignore", "ignored"), ("dont-know", "declined_unknown"), ("report", "reported")])
def test_the_same_answer_twice_answers_the_same(api_as, ada, grace, answer, status):
    from kith.moderation.models import Report

    invitation = actions.send_invitation(grace, to=ada)
    client = api_as(ada)
    first = client.post_json(f"/api/v1/invitations/{invitation.pk}/{answer}")
    second = client.post_json(f"/api/v1/invitations/{invitation.pk}/{answer}")
    assert (first.status_code, second.status_code) == (200, 200), second.content
    assert first.json() == second.json() and second.json()["status"] == status
    assert Report.objects.count() == (1 if answer == "report" else 0)


def test_withdrawing_twice_answers_the_same(api_as, ada, grace):
    invitation = actions.send_invitation(ada, to=grace)
    client = api_as(ada)
    first = client.post_json(f"/api/v1/invitations/{invitation.pk}/withdraw")
    second = client.post_json(f"/api/v1/invitations/{invitation.pk}/withdraw")
    assert (first.status_code, second.status_code) == (200, 200), second.content
    assert first.json() == second.json()


def test_a_different_answer_after_an_answer_is_a_409(api_as, ada, grace):
    invitation = actions.send_invitation(grace, to=ada)
    client = api_as(ada)
    assert client.post_json(f"/api/v1/invitations/{invitation.pk}/accept").status_code == 200
    assert client.post_json(f"/api/v1/invitations/{invitation.pk}/dont-know").status_code == 409


def test_an_invitation_ignored_long_ago_can_no_longer_be_answered(api_as, ada, grace, settings):
    invitation = actions.send_invitation(grace, to=ada)
    actions.ignore_invitation(invitation, ada)
    with time_machine.travel(timezone.now() + timedelta(days=settings.KITH_IGNORED_KEPT_DAYS + 1)):
        assert api_as(ada).post_json(f"/api/v1/invitations/{invitation.pk}/accept").status_code == 404


def test_withdrawing_a_silently_declined_invitation_answers_like_any_withdrawal(api_as, ada, grace, linus):
    declined = actions.send_invitation(ada, to=grace)
    actions.mark_unknown(declined, grace)
    pending = actions.send_invitation(ada, to=linus)
    client = api_as(ada)
    answers = [client.post_json(f"/api/v1/invitations/{i.pk}/withdraw") for i in (declined, pending, declined, pending)]
    assert [a.status_code for a in answers] == [200] * 4
    assert {a.json()["status"] for a in answers} == {"withdrawn"}
    assert Invitation.objects.get(pk=declined.pk).status == "declined_unknown"
