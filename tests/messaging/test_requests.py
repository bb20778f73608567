"""The message request flow: the sender waits, the recipient accepts, declines (silently), blocks or reports."""

import pytest

from kith.members.models import Block
from kith.messaging.models import ConversationReport, Message, MessageRequest, Participant
from kith.moderation.models import Report
from tests.messaging.conftest import handle, set_policy, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_from_ada(ada, grace):
    set_policy(grace, "anyone")
    conversation = start(ada, grace, text="Hi Grace, we met at the compiler meetup.")
    return conversation.request


def test_sender_cannot_send_more_until_accepted(as_member, ada, grace, request_from_ada):
    client = as_member(ada)
    conversation_id = request_from_ada.conversation_id
    response = client.post_json(f"/api/v1/conversations/{conversation_id}/messages", {"text": "Hello??"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "request_pending"
    # Starting again goes to the same conversation and is refused the same way.
    again = client.post_json("/api/v1/conversations", {"with": [handle(grace)], "text": "Hello??"})
    assert again.status_code == 403
    assert Message.objects.count() == 1


def test_recipient_sees_requests_and_accepts(as_member, ada, grace, request_from_ada):
    client = as_member(grace)
    assert client.get_json("/api/v1/conversations").json()["items"] == []
    requests = client.get_json("/api/v1/message-requests").json()
    assert [r["id"] for r in requests] == [request_from_ada.pk]
    assert requests[0]["sender"]["handle"] == handle(ada)
    assert requests[0]["first_message"]["text"] == "Hi Grace, we met at the compiler meetup."

    accepted = client.post_json(f"/api/v1/message-requests/{request_from_ada.pk}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "active"
    assert [c["id"] for c in client.get_json("/api/v1/conversations").json()["items"]] == [request_from_ada.conversation_id]
    assert client.get_json("/api/v1/message-requests").json() == []
    request_from_ada.refresh_from_db()
    assert request_from_ada.status == "accepted"
    # Now Ada may write again.
    reply = as_member(ada).post_json(f"/api/v1/conversations/{request_from_ada.conversation_id}/messages", {"text": "Thanks!"})
    assert reply.status_code == 201


def test_recipient_replying_accepts(as_member, ada, grace, request_from_ada):
    response = as_member(grace).post_json(
        f"/api/v1/conversations/{request_from_ada.conversation_id}/messages", {"text": "Hi Ada"}
    )
    assert response.status_code == 201
    request_from_ada.refresh_from_db()
    assert request_from_ada.status == "accepted"
    assert Participant.objects.get(member=grace).status == "active"


def test_decline_is_silent(as_member, ada, grace, request_from_ada):
    response = as_member(grace).post_json(f"/api/v1/message-requests/{request_from_ada.pk}/decline")
    assert response.status_code == 204
    assert as_member(grace).get_json("/api/v1/message-requests").json() == []
    assert as_member(grace).get_json(f"/api/v1/conversations/{request_from_ada.conversation_id}").status_code == 404
    # Ada still sees her request as sent and waiting, exactly as before.
    ada_view = as_member(ada).get_json(f"/api/v1/conversations/{request_from_ada.conversation_id}").json()
    assert ada_view["status"] == "request"
    assert ada_view["can_send"] is False
    items = as_member(ada).get_json("/api/v1/conversations").json()["items"]
    assert items[0]["status"] == "request"
    assert "declin" not in str(ada_view) and "declin" not in str(items)


def test_block_from_the_request(client, ada, grace, request_from_ada):
    client.force_login(grace)
    response = client.post(f"/messaging/requests/{request_from_ada.pk}/block/")
    assert response.status_code == 302
    assert Block.objects.filter(blocker=grace, blocked=ada).exists()
    request_from_ada.refresh_from_db()
    assert request_from_ada.status == "blocked"
    assert client.get(f"/messaging/{request_from_ada.conversation_id}/").status_code == 404
    client.force_login(ada)
    assert client.get(f"/messaging/{request_from_ada.conversation_id}/").status_code == 404


def test_report_from_the_request_carries_the_last_messages(client, ada, grace, request_from_ada):
    client.force_login(grace)
    page = client.get(f"/messaging/{request_from_ada.conversation_id}/report/")
    assert page.status_code == 200
    response = client.post(
        f"/messaging/{request_from_ada.conversation_id}/report/", {"reason": "spam", "text": "Selling courses"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reported, report.reason, report.text) == (grace, ada, "spam", "Selling courses")
    attached = ConversationReport.objects.get()
    assert attached.report == report and attached.conversation_id == request_from_ada.conversation_id
    assert [m["text"] for m in attached.messages] == ["Hi Grace, we met at the compiler meetup."]
    request_from_ada.refresh_from_db()
    assert request_from_ada.status == "reported"
    assert Participant.objects.get(member=grace).status == "declined"


def test_report_through_the_api(as_member, ada, grace, request_from_ada):
    response = as_member(grace).post_json(
        f"/api/v1/conversations/{request_from_ada.conversation_id}/report", {"reason": "harassment"}
    )
    assert response.status_code == 201
    assert response.json()["id"] == Report.objects.get(reported=ada, reason="harassment").pk
    assert ConversationReport.objects.get().report.reporter == grace


def test_request_pages_accept_and_decline(client, ada, grace, linus, request_from_ada):
    client.force_login(grace)
    requests_page = client.get("/messaging/requests/")
    assert requests_page.status_code == 200
    assert "Ada Lovelace" in requests_page.content.decode()
    conversation_page = client.get(f"/messaging/{request_from_ada.conversation_id}/")
    body = conversation_page.content.decode()
    assert "Accept" in body and "Decline" in body and "Block" in body and "Report" in body
    response = client.post(f"/messaging/requests/{request_from_ada.pk}/accept/")
    assert response.status_code == 302
    assert "Ada Lovelace" in client.get("/messaging/").content.decode()

    set_policy(grace, "anyone")
    second = start(linus, grace, text="Buy my stuff").request
    response = client.post(f"/messaging/requests/{second.pk}/decline/")
    assert response.status_code == 302
    assert "Linus" not in client.get("/messaging/requests/").content.decode()
    assert MessageRequest.objects.get(pk=second.pk).status == "declined"


def test_someone_else_cannot_answer_a_request(as_member, linus, request_from_ada):
    response = as_member(linus).post_json(f"/api/v1/message-requests/{request_from_ada.pk}/accept")
    assert response.status_code == 404
    request_from_ada.refresh_from_db()
    assert request_from_ada.status == "pending"


def test_report_from_an_open_conversation_keeps_it_open(as_member, ada, grace):
    from tests.factories import connect

    connect(ada, grace)
    conversation = start(ada, grace, text="You will regret this")
    response = as_member(grace).post_json(
        f"/api/v1/conversations/{conversation.pk}/report", {"reason": "other", "text": "Threats"}
    )
    assert response.status_code == 201
    assert ConversationReport.objects.get().messages[-1]["text"] == "You will regret this"
    assert Participant.objects.get(member=grace).status == "active"
    missing_text = as_member(grace).post_json(f"/api/v1/conversations/{conversation.pk}/report", {"reason": "other"})
    assert missing_text.status_code == 400
    assert missing_text.json()["error"]["field"] == "text"


@pytest.mark.parametrize(("answer", "status"), [("accept", 200), ("decline", 204), ("block", 204)])
def test_the_same_answer_to_a_request_twice_answers_the_same(as_member, ada, grace, request_from_ada, answer, status):
    client = as_member(grace)
    first = client.post_json(f"/api/v1/message-requests/{request_from_ada.pk}/{answer}")
    second = client.post_json(f"/api/v1/message-requests/{request_from_ada.pk}/{answer}")
    assert (first.status_code, second.status_code) == (status, status), second.content
    assert Block.objects.filter(blocker=grace, blocked=ada).count() == (1 if answer == "block" else 0)
