"""Limits say which limit and when it lifts; the API answers 429 with Retry-After."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from kith.messaging.models import Message, MessageRequest
from tests.factories import connect, make_member
from tests.messaging.conftest import handle, set_policy

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def test_thirty_messages_a_minute(as_member, ada, grace):
    connect(ada, grace)
    client = as_member(ada)
    with time_machine.travel(START, tick=False) as clock:
        conversation_id = client.post_json("/api/v1/conversations", {"with": [handle(grace)], "text": "1"}).json()["id"]
        for n in range(29):
            clock.shift(timedelta(seconds=1))
            assert client.post_json(f"/api/v1/conversations/{conversation_id}/messages", {"text": f"m{n}"}).status_code == 201
        clock.shift(timedelta(seconds=1))
        refused = client.post_json(f"/api/v1/conversations/{conversation_id}/messages", {"text": "one too many"})
        assert refused.status_code == 429
        error = refused.json()["error"]
        assert error["code"] == "messages_per_minute"
        assert "30 messages a minute" in error["message"]
        # The first message was at START: the window frees a slot 60 s later.
        assert error["lifts_at"] == (START + timedelta(seconds=60)).isoformat()
        assert refused["Retry-After"] == "30"
        clock.move_to(START + timedelta(seconds=60, microseconds=1))
        assert client.post_json(f"/api/v1/conversations/{conversation_id}/messages", {"text": "ok"}).status_code == 201
    assert Message.objects.count() == 31


def test_twenty_message_requests_in_24_hours(as_member, ada):
    client = as_member(ada)
    strangers = [make_member(f"Stranger {n}") for n in range(21)]
    for stranger in strangers:
        set_policy(stranger, "anyone")
    with time_machine.travel(START, tick=False) as clock:
        for stranger in strangers[:20]:
            clock.shift(timedelta(minutes=5))
            response = client.post_json("/api/v1/conversations", {"with": [handle(stranger)], "text": "Hello"})
            assert response.status_code == 201
        first_at = START + timedelta(minutes=5)
        refused = client.post_json("/api/v1/conversations", {"with": [handle(strangers[20])], "text": "Hello"})
        assert refused.status_code == 429
        error = refused.json()["error"]
        assert error["code"] == "message_requests_per_day"
        assert "20 message requests in 24 hours" in error["message"]
        assert error["lifts_at"] == (first_at + timedelta(hours=24)).isoformat()
        assert int(refused["Retry-After"]) == int((first_at + timedelta(hours=24) - (START + timedelta(minutes=100))).total_seconds())
        clock.move_to(first_at + timedelta(hours=24, seconds=1))
        assert client.post_json("/api/v1/conversations", {"with": [handle(strangers[20])], "text": "Hello"}).status_code == 201
    assert MessageRequest.objects.count() == 21


def test_messages_to_connections_do_not_count_as_requests(as_member, ada, settings):
    settings.KITH_MESSAGE_REQUESTS_PER_DAY = 1
    client = as_member(ada)
    for _ in range(3):
        friend = make_member()
        connect(ada, friend)
        assert client.post_json("/api/v1/conversations", {"with": [handle(friend)], "text": "Hi"}).status_code == 201


def test_eight_thousand_characters(as_member, ada, grace):
    connect(ada, grace)
    client = as_member(ada)
    too_long = client.post_json("/api/v1/conversations", {"with": [handle(grace)], "text": "x" * 8001})
    assert too_long.status_code == 400
    error = too_long.json()["error"]
    assert error["field"] == "text"
    assert "8,000 characters" in error["message"]
    assert client.post_json("/api/v1/conversations", {"with": [handle(grace)], "text": "x" * 8000}).status_code == 201
    empty = client.post_json("/api/v1/conversations", {"with": [handle(grace)], "text": "   "})
    assert empty.status_code == 400 and empty.json()["error"]["field"] == "text"


def test_limits_on_the_page_say_which_and_when(client, ada, grace, settings):
    settings.KITH_MESSAGES_PER_MINUTE = 2
    connect(ada, grace)
    client.force_login(ada)
    with time_machine.travel(START, tick=False):
        client.post("/messaging/new/", {"to": handle(grace), "text": "one"})
        conversation_id = Message.objects.get().conversation_id
        client.post(f"/messaging/{conversation_id}/", {"text": "two"})
        response = client.post(f"/messaging/{conversation_id}/", {"text": "three"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "at most 2 messages a minute" in body
    assert "2025-03-03 09:01:00" in body
    assert Message.objects.count() == 2
