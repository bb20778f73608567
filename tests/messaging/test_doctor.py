"""`kith doctor` checks of messaging: each catches its violation, and the actions never make one."""

import pytest
from django.utils import timezone

from kith.messaging import actions
from kith.messaging.models import Conversation, Message, MessageRequest, Participant
from kith.network import actions as network_actions
from tests.factories import connect
from tests.messaging.conftest import set_policy, start


@pytest.fixture
def talk(ada, grace, linus):
    """Ada and Grace write to each other; Linus (a stranger) sent Ada a message request."""
    connect(ada, grace)
    set_policy(ada, "anyone")
    conversation = start(ada, grace, text="Hello Grace")
    actions.send_message(grace, conversation_id=conversation.pk, text="Hello Ada")
    actions.send_message(grace, conversation_id=conversation.pk, text="Are you there?")
    start(linus, ada, text="May I ask you something?")
    return conversation


def participant(conversation, member) -> Participant:
    return Participant.objects.get(conversation=conversation, member=member)


def test_the_actions_keep_every_messaging_invariant(doctor, talk, ada, grace, linus):
    connect(ada, linus)
    group = start(ada, grace, linus, text="All of us")
    actions.send_message(linus, conversation_id=group.pk, text="Hi both")
    first = actions.send_message(grace, conversation_id=talk.pk, text="One more")
    actions.mark_read(ada, conversation_id=talk.pk, up_to=first.pk - 1)
    actions.delete_message(grace, conversation_id=talk.pk, message_id=first.pk)
    actions.archive_conversation(grace, conversation_id=talk.pk)
    actions.decline_request(ada, request_id=MessageRequest.objects.get(sender=linus).pk)
    assert doctor("messaging") == []


def test_a_wrong_unread_counter_is_found(doctor, talk, ada):
    Participant.objects.filter(conversation=talk, member=ada).update(unread_count=5)
    assert doctor("messaging.unread") == [f"member {ada.pk} in conversation {talk.pk}: unread counter 5, unread messages 2"]


def test_an_unread_time_out_of_step_is_found(doctor, talk, ada):
    Participant.objects.filter(conversation=talk, member=ada).update(unread_since=None)
    assert doctor("messaging.unread") == [f"member {ada.pk} in conversation {talk.pk}: unread counter 2 but 'unread since' empty"]


def test_a_one_to_one_conversation_hidden_by_a_block_keeps_its_counter(doctor, talk, ada, grace):
    network_actions.block(ada, grace)
    assert doctor("messaging.unread") == []


def test_a_stale_last_message_is_found(doctor, talk, ada, grace):
    first = Message.objects.filter(conversation=talk).order_by("pk").first()
    newest = Message.objects.filter(conversation=talk).order_by("pk").last()
    Conversation.objects.filter(pk=talk.pk).update(last_message=first)
    found = doctor("messaging.last_message")
    assert f"conversation {talk.pk}: last message {first.pk}, newest message {newest.pk}" in found
    assert f"conversation {talk.pk}: last_message_at is not its last message's time" in found


def test_a_participant_copy_of_the_last_time_out_of_step_is_found(doctor, talk, grace):
    Participant.objects.filter(conversation=talk, member=grace).update(last_message_at=timezone.now())
    assert doctor("messaging.last_message") == [
        f"member {grace.pk} in conversation {talk.pk}: last_message_at differs from the conversation's"
    ]


def test_a_one_to_one_conversation_missing_a_member_or_its_key_is_found(doctor, talk, ada, grace, linus):
    Participant.objects.filter(conversation=talk, member=grace).update(member=linus)
    low, high = sorted((ada.pk, grace.pk))
    found = doctor("messaging.conversations")
    assert f"1:1 conversation {talk.pk}: pair key '{low}:{high}', its members are" in found[0]
    Participant.objects.filter(conversation=talk, member=linus).delete()
    assert f"1:1 conversation {talk.pk} has 1 participants" in doctor("messaging.conversations")


def test_a_group_with_a_pair_key_and_an_empty_conversation_are_found(doctor, ada, grace, linus):
    connect(ada, grace)
    connect(ada, linus)
    group = start(ada, grace, linus)
    Conversation.objects.filter(pk=group.pk).update(pair_key="1:2")
    Message.objects.filter(conversation=group).delete()
    found = doctor("messaging.conversations")
    assert f"group conversation {group.pk} has a pair key" in found
    assert f"conversation {group.pk} has no message" in found


def test_a_pending_request_outside_the_requests_is_found(doctor, talk, ada, linus):
    request = MessageRequest.objects.get(sender=linus)
    Participant.objects.filter(conversation=request.conversation, member=ada).update(status=Participant.Status.ACTIVE)
    assert doctor("messaging.requests") == [f"message request {request.pk} is pending, but not in member {ada.pk}'s requests"]


def test_a_request_box_entry_without_a_request_is_found(doctor, talk, ada, grace):
    Participant.objects.filter(conversation=talk, member=grace).update(status=Participant.Status.REQUEST)
    assert doctor("messaging.requests") == [
        f"member {grace.pk} has conversation {talk.pk} among their requests, with no pending request to them"
    ]


def test_a_request_between_other_members_is_found(doctor, talk, ada, grace, linus):
    request = MessageRequest.objects.get(sender=linus)
    MessageRequest.objects.filter(pk=request.pk).update(sender=grace)
    assert doctor("messaging.requests") == [
        f"message request {request.pk} is not between the two members of 1:1 conversation {request.conversation_id}"
    ]
