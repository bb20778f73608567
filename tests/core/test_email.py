"""Plain-text emails carry names as typed: no HTML escaping in a text/plain subject or body."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.template import engines

from kith.core.email import render_subject, render_text
from kith.messaging import actions as messaging
from kith.messaging.models import Message, Participant
from kith.messaging.tasks import email_unread_messages
from kith.network import actions as network
from tests.factories import connect, make_member

XAV = "Xav <svg onload=alert(1)>"
pytestmark = pytest.mark.django_db


@pytest.fixture
def xav(db):
    return make_member(XAV, email="xav@example.com", headline="Tom & Jerry's <b>agent</b>")


def test_an_invitation_email_says_the_name_as_typed(ada, xav, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        network.send_invitation(xav, to=ada, note='"Let\'s talk" <3')
    (email,) = mail.outbox
    assert email.subject == f"[Kith] {XAV} invites you to connect"
    assert XAV in email.body and "Tom & Jerry's <b>agent</b>" in email.body and '"Let\'s talk" <3' in email.body
    assert "&lt;" not in email.body + email.subject and "&amp;" not in email.body and "&#x27;" not in email.body


def test_an_accepted_invitation_email_says_the_name_as_typed(ada, xav, django_capture_on_commit_callbacks):
    invitation = network.send_invitation(ada, to=xav)
    with django_capture_on_commit_callbacks(execute=True):
        network.accept_invitation(invitation, xav)
    email = mail.outbox[-1]
    assert XAV in email.subject and "&lt;" not in email.subject + email.body


def test_an_unread_message_email_says_the_name_as_typed(ada, xav, django_capture_on_commit_callbacks):
    connect(ada, xav)
    messaging.start_conversation(xav, handles=[ada.profile.handle], text="Hello")
    assert Participant.objects.filter(member=ada, unread_count=1).exists()
    with time_machine.travel(Message.objects.get().created_at + timedelta(minutes=11), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert email_unread_messages() == 1
    (email,) = mail.outbox
    assert XAV in email.subject and XAV in email.body and "&lt;" not in email.subject + email.body


def test_text_templates_render_unescaped_and_html_stays_escaped():
    context = {"name": XAV}
    template = "{{ name }}"
    assert engines["text"].from_string(template).render(context) == XAV
    assert engines["django"].from_string(template).render(context) == "Xav &lt;svg onload=alert(1)&gt;"


def test_a_subject_is_one_line(tmp_path, settings):
    assert render_subject("notifications/email/invitation_received_subject.txt", {"actor": {"name": "A\nB"}}) == "A B invites you to connect"
    assert render_text("notifications/email/invitation_received_subject.txt", {"actor": {"name": "<x>"}}).strip() == "<x> invites you to connect"
