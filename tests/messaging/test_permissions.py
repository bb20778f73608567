"""Who may message whom, through the API and the pages: one rule for both."""

import pytest

from kith.messaging.models import Message, MessageRequest, Participant
from kith.network.models import Invitation
from tests.factories import connect
from tests.messaging.conftest import block, handle, invite, set_policy, start

pytestmark = pytest.mark.django_db


def post_conversation(client, to, text="Hello there"):
    return client.post_json("/api/v1/conversations", {"with": [handle(to)], "text": text})


def test_connections_message_each_other_straight_to_the_inbox(as_member, ada, grace):
    connect(ada, grace)
    response = post_conversation(as_member(ada), grace)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "active"
    assert body["message_request"] is None
    assert [m["handle"] for m in body["members"]] == [handle(grace)]
    assert body["members"][0]["degree"] == 1  # a connection
    assert Participant.objects.get(conversation_id=body["id"], member=grace).status == "active"
    assert not MessageRequest.objects.exists()


def test_stranger_is_refused_when_recipient_takes_only_connections(as_member, ada, grace):
    response = post_conversation(as_member(ada), grace)
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "messaging_not_allowed"
    assert error["field"] == "with"
    assert "only takes messages from their connections" in error["message"]
    assert not Message.objects.exists()


def test_stranger_sends_a_request_when_recipient_takes_anyone(as_member, ada, grace):
    set_policy(grace, "anyone")
    response = post_conversation(as_member(ada), grace)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "request"
    assert body["message_request"]["direction"] == "sent"
    assert body["can_send"] is False
    message_request = MessageRequest.objects.get()
    assert (message_request.sender, message_request.recipient, message_request.status) == (ada, grace, "pending")
    assert body["message_request"]["id"] == message_request.pk
    assert Participant.objects.get(conversation_id=body["id"], member=grace).status == "request"


@pytest.mark.parametrize("status", [Invitation.Status.PENDING, Invitation.Status.IGNORED])
def test_a_message_with_ones_own_open_invitation_is_a_request(as_member, ada, grace, status):
    invite(ada, grace, status)
    response = post_conversation(as_member(ada), grace)
    assert response.status_code == 201
    assert response.json()["status"] == "request"
    assert Participant.objects.get(conversation_id=response.json()["id"], member=grace).status == "request"


@pytest.mark.parametrize("status", [Invitation.Status.PENDING, Invitation.Status.IGNORED])
def test_answering_their_invitation_lands_in_their_inbox(as_member, ada, grace, status):
    """Grace invited ada: ada's reply before accepting is a normal conversation in
    grace's inbox (she started the contact), and either may write on."""
    invite(grace, ada, status)
    response = post_conversation(as_member(ada), grace)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "active" and body["message_request"] is None and body["can_send"] is True
    assert Participant.objects.get(conversation_id=body["id"], member=grace).status == "active"
    assert not MessageRequest.objects.exists()
    answer = as_member(grace).post_json(f"/api/v1/conversations/{body['id']}/messages", {"text": "Thanks for writing!"})
    assert answer.status_code == 201


def test_a_closed_invitation_gives_no_right_to_message(as_member, ada, grace):
    invite(grace, ada, Invitation.Status.WITHDRAWN)
    assert post_conversation(as_member(ada), grace).status_code == 403


@pytest.mark.parametrize("who_blocks", ["sender", "recipient"])
def test_blocked_either_way_looks_like_no_such_member(as_member, ada, grace, who_blocks):
    connect(ada, grace)
    set_policy(grace, "anyone")
    if who_blocks == "sender":
        block(ada, grace)
    else:
        block(grace, ada)
    response = post_conversation(as_member(ada), grace)
    assert response.status_code == 404
    unknown = as_member(ada).post_json("/api/v1/conversations", {"with": ["nobody-here"], "text": "Hi"})
    assert unknown.status_code == 404
    # Same answer as for a handle nobody has: nothing tells Ada about the block.
    assert response.json()["error"]["code"] == unknown.json()["error"]["code"] == "not_found"
    assert not Message.objects.exists()


@pytest.mark.parametrize("who_blocks", ["ada", "grace"])
def test_a_block_hides_an_existing_conversation_from_both(as_member, ada, grace, who_blocks):
    connect(ada, grace)
    conversation = start(ada, grace)
    block(ada, grace) if who_blocks == "ada" else block(grace, ada)
    for member in (ada, grace):
        client = as_member(member)
        assert client.get_json(f"/api/v1/conversations/{conversation.pk}/messages").status_code == 404
        assert client.post_json(f"/api/v1/conversations/{conversation.pk}/messages", {"text": "x"}).status_code == 404
        assert client.get_json("/api/v1/conversations").json()["items"] == []
    assert Message.objects.count() == 1


def test_non_participant_gets_404_never_content(as_member, ada, grace, linus):
    connect(ada, grace)
    conversation = start(ada, grace, text="Secret plans")
    client = as_member(linus)
    for path in (
        f"/api/v1/conversations/{conversation.pk}",
        f"/api/v1/conversations/{conversation.pk}/messages",
    ):
        response = client.get_json(path)
        assert response.status_code == 404
        assert "Secret" not in response.content.decode()
    assert client.post_json(f"/api/v1/conversations/{conversation.pk}/messages", {"text": "hi"}).status_code == 404
    assert client.post_json(f"/api/v1/conversations/{conversation.pk}/read").status_code == 404
    assert Message.objects.count() == 1


def test_cannot_message_yourself(as_member, ada):
    response = post_conversation(as_member(ada), ada)
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "with"


# --- the same rule through the pages ---------------------------------------------------------


def new_message_page(client, to, text="Hello from the page"):
    return client.post("/messaging/new/", {"to": handle(to), "text": text})


def test_pages_connection_goes_to_the_conversation(client, ada, grace):
    connect(ada, grace)
    client.force_login(ada)
    response = new_message_page(client, grace)
    assert response.status_code == 302
    conversation_id = Participant.objects.get(member=grace).conversation_id
    assert response["Location"] == f"/messaging/{conversation_id}/#latest"


def test_pages_stranger_without_permission_is_told_why(client, ada, grace):
    client.force_login(ada)
    response = new_message_page(client, grace)
    assert response.status_code == 403
    assert "only takes messages from their connections" in response.content.decode()
    assert not Message.objects.exists()


def test_pages_stranger_with_permission_sends_a_request(client, ada, grace):
    set_policy(grace, "anyone")
    client.force_login(ada)
    response = new_message_page(client, grace)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Message request sent" in page.content.decode()
    assert MessageRequest.objects.get().status == "pending"


def test_pages_answering_an_invitation_goes_to_their_inbox(client, ada, grace):
    invite(grace, ada)
    client.force_login(ada)
    assert new_message_page(client, grace).status_code == 302
    assert not MessageRequest.objects.exists()
    assert Participant.objects.get(member=grace).status == "active"


@pytest.mark.parametrize("who_blocks", ["ada", "grace"])
def test_pages_blocked_is_404(client, ada, grace, who_blocks):
    connect(ada, grace)
    conversation = start(ada, grace)
    block(ada, grace) if who_blocks == "ada" else block(grace, ada)
    client.force_login(ada)
    response = new_message_page(client, grace)
    assert response.status_code == 404
    assert f"No member matches “{handle(grace)}”" in response.content.decode()
    assert client.get(f"/messaging/{conversation.pk}/").status_code == 404


def test_pages_non_participant_is_404(client, ada, grace, linus):
    connect(ada, grace)
    conversation = start(ada, grace, text="Secret plans")
    client.force_login(linus)
    for path in (f"/messaging/{conversation.pk}/", f"/messaging/{conversation.pk}/new/?after=0"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Secret" not in response.content.decode()
    response = client.post(f"/messaging/{conversation.pk}/", {"text": "let me in"})
    assert response.status_code == 404
    assert Message.objects.count() == 1
