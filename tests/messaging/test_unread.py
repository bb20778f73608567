"""Unread counters when members block one another in a group conversation: a blocked
member's messages are never shown, so they are not counted either."""

import pytest

from kith.messaging import actions
from kith.messaging.models import Participant
from kith.network import actions as network_actions
from tests.factories import connect
from tests.messaging.conftest import start


@pytest.fixture
def group(ada, grace, linus):
    for a, b in ((ada, grace), (ada, linus), (grace, linus)):
        connect(a, b)
    return start(grace, ada, linus, text="All of us")


def unread(conversation, member) -> int:
    return Participant.objects.get(conversation=conversation, member=member).unread_count


def test_blocking_a_member_drops_their_unread_messages_from_the_count_and_unblocking_restores_them(
    as_ada, group, ada, linus, doctor
):
    actions.send_message(linus, conversation_id=group.pk, text="Hi both")
    assert unread(group, ada) == 2
    assert as_ada.post(f"/network/block/{linus.profile.handle}/").status_code == 302  # from his profile page
    assert unread(group, ada) == 1  # Grace's message; Linus's is hidden from her
    assert doctor("messaging.unread") == []
    network_actions.unblock(ada, linus)
    assert unread(group, ada) == 2
    assert doctor("messaging.unread") == []


def test_being_blocked_works_the_same_way(group, ada, linus, doctor):
    actions.send_message(ada, conversation_id=group.pk, text="Hello")
    network_actions.block(ada, linus)  # Linus no longer sees Ada's message
    assert unread(group, linus) == 1
    assert doctor("messaging.unread") == []


def test_a_hidden_message_deleted_by_its_sender_is_not_taken_off_the_count_again(group, ada, grace, linus, doctor):
    network_actions.block(ada, linus)
    mine = actions.send_message(linus, conversation_id=group.pk, text="Ada never sees this")
    assert unread(group, ada) == 1  # Grace's only
    actions.delete_message(linus, conversation_id=group.pk, message_id=mine.pk)
    assert unread(group, ada) == 1
    assert unread(group, grace) == 0
    assert doctor("messaging.unread") == []
