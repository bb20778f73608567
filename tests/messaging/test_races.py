"""Races on PostgreSQL: a burst of one member's messages cannot pass the limits."""

from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone

from kith.core.errors import LimitReached
from kith.messaging import actions
from kith.messaging.models import Message, MessageRequest
from tests.concurrency import race
from tests.factories import connect, make_member
from tests.messaging.conftest import set_policy, start

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


def outcomes(results, kind) -> tuple[int, int]:
    assert all(isinstance(r, kind | LimitReached) for r in results), results
    return sum(isinstance(r, kind) for r in results), sum(isinstance(r, LimitReached) for r in results)


def test_a_burst_of_messages_into_many_conversations_stops_at_the_limit(settings):
    ada = make_member("Ada Lovelace")
    friends = [make_member(f"Friend {i}") for i in range(12)]
    conversations = []
    for friend in friends:
        connect(ada, friend)
        conversations.append(start(ada, friend))
    Message.objects.update(created_at=timezone.now() - timedelta(minutes=5))  # those were earlier
    settings.KITH_MESSAGES_PER_MINUTE = 5
    results = race(*[partial(actions.send_message, ada, conversation_id=c.pk, text="Now?") for c in conversations])
    assert outcomes(results, Message) == (5, 7)
    assert Message.objects.filter(sender=ada, text="Now?").count() == 5
    assert all(r.code == "messages_per_minute" for r in results if isinstance(r, LimitReached))


def test_a_burst_of_message_requests_stops_at_the_daily_quota(settings):
    settings.KITH_MESSAGE_REQUESTS_PER_DAY = 3
    ada = make_member("Ada Lovelace")
    strangers = [make_member(f"Stranger {i}") for i in range(8)]
    for stranger in strangers:
        set_policy(stranger, "anyone")
    results = race(*[partial(start, ada, stranger) for stranger in strangers])
    assert outcomes(results, object)[1] == 5
    assert MessageRequest.objects.filter(sender=ada).count() == 3
    assert all(r.code == "message_requests_per_day" for r in results if isinstance(r, LimitReached))
