"""Notifications: in-app and email for invitations received and accepted, silence for the rest."""

import pytest
from django.core import mail

from kith.members.models import Block
from kith.network import actions
from kith.notifications.models import Notification, NotificationPreference
from tests.conftest import login
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (the emails) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_invitation_received_in_app_and_by_email(api_as, ada, grace, committed):
    with committed():
        response = api_as(grace).post_json("/api/v1/invitations", {"to": ada.profile.handle, "note": "Hello from the Navy"})
    assert response.status_code == 201
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.actor, notification.target.pk) == (
        ada, "invitation_received", grace, response.json()["id"]
    )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada@example.com"]
    assert email.subject == "[Kith] Grace Hopper invites you to connect"
    assert "Hello from the Navy" in email.body and "/network/invitations/" in email.body

    body = api_as(ada).get_json("/api/v1/notifications").json()
    assert body["unread"] == 1
    item = body["items"][0]
    assert (item["kind"], item["actor"]["handle"], item["read"]) == ("invitation_received", "grace-hopper", False)
    assert item["target"] == {"type": "invitation", "id": response.json()["id"]}
    assert item["text"] == "Grace Hopper invited you to connect. “Hello from the Navy”"
    assert item["url"] == "/network/invitations/"


def test_invitation_accepted_notifies_the_sender(api_as, ada, grace, committed):
    invitation = actions.send_invitation(grace, to=ada)
    mail.outbox.clear()
    with committed():
        api_as(ada).post_json(f"/api/v1/invitations/{invitation.pk}/accept")
    notification = Notification.objects.get(recipient=grace)
    assert (notification.kind, notification.actor) == ("invitation_accepted", ada)
    assert [m.subject for m in mail.outbox] == ["[Kith] Ada Lovelace accepted your invitation"]
    assert mail.outbox[0].to == ["grace@example.com"]


@pytest.mark.parametrize("answer", ["ignore", "dont-know", "report"])
def test_nothing_for_silent_answers(api_as, ada, grace, committed, answer):
    invitation = actions.send_invitation(grace, to=ada)
    mail.outbox.clear()
    with committed():
        assert api_as(ada).post_json(f"/api/v1/invitations/{invitation.pk}/{answer}").status_code == 200
    assert not Notification.objects.filter(recipient=grace).exists()
    assert mail.outbox == []


def test_nothing_for_withdraw_or_disconnect(api_as, ada, grace, committed):
    invitation = actions.send_invitation(grace, to=ada)
    with committed():
        api_as(grace).post_json(f"/api/v1/invitations/{invitation.pk}/withdraw")
    # The "invited you" notification goes with the withdrawn invitation, silently.
    assert api_as(ada).get_json("/api/v1/notifications").json() == {"unread": 0, "items": []}
    actions.accept_invitation(actions.send_invitation(ada, to=grace), grace)
    before = Notification.objects.count()
    mail.outbox.clear()
    with committed():
        api_as(grace).delete_json(f"/api/v1/connections/{ada.profile.handle}")
    assert Notification.objects.count() == before and mail.outbox == []


def test_email_preferences_are_respected(client, ada, grace, linus, committed):
    login(client, ada)
    response = client.get("/notifications/preferences/")
    assert response.status_code == 200
    assert b"Someone invites me to connect" in response.content
    response = client.post("/notifications/preferences/", {"email": ["invitation_accepted"]})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(member=ada, kind="invitation_received").email is False
    assert NotificationPreference.objects.get(member=ada, kind="invitation_accepted").email is True
    with committed():
        actions.send_invitation(grace, to=ada)
    assert Notification.objects.filter(recipient=ada).count() == 1  # in-app still
    assert mail.outbox == []
    invitation = actions.send_invitation(ada, to=linus)
    mail.outbox.clear()
    with committed():
        actions.accept_invitation(invitation, linus)
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]


def test_mark_read_api(api_as, ada, grace, linus):
    first = actions.send_invitation(grace, to=ada)
    actions.send_invitation(linus, to=ada)
    client = api_as(ada)
    ids = [i["id"] for i in client.get_json("/api/v1/notifications").json()["items"]]
    target = Notification.objects.get(target_id=first.pk).pk
    response = client.post_json("/api/v1/notifications/read", {"ids": [target]})
    assert response.json() == {"marked": 1, "unread": 1}
    response = client.post_json("/api/v1/notifications/read")
    assert response.json() == {"marked": 1, "unread": 0}
    assert len(ids) == 2
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    # Only one's own notifications.
    actions.send_invitation(ada, to=make_member("Bob Kahn"))
    assert api_as(grace).post_json("/api/v1/notifications/read").json()["marked"] == 0


def test_page_list_badge_and_mark_read(client, ada, grace):
    actions.send_invitation(grace, to=ada, note="Let's talk compilers")
    login(client, ada)
    response = client.get("/notifications/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grace Hopper</a> invited you to connect" in html
    assert "Let&#x27;s talk compilers" in html
    assert response.context["unread_notifications"] == 1
    assert '<span class="badge" aria-label="1 unread">1</span>' in html
    response = client.post("/notifications/read/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'id="notification-list"' in response.content.decode()
    assert "<html" not in response.content.decode()
    assert client.get("/notifications/").context["unread_notifications"] == 0


def test_blocked_actors_disappear_from_notifications(api_as, client, ada, grace, committed):
    with committed():
        actions.send_invitation(grace, to=ada)
    Block.objects.create(blocker=grace, blocked=ada)  # grace blocks ada after inviting
    assert api_as(ada).get_json("/api/v1/notifications").json() == {"unread": 0, "items": []}
    login(client, ada)
    response = client.get("/notifications/")
    assert "Grace Hopper" not in response.content.decode()
    assert response.context["unread_notifications"] == 0


def test_email_is_not_sent_when_blocked_before_delivery(ada, grace, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        actions.send_invitation(grace, to=ada)
    actions.block(ada, grace)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
