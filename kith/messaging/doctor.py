"""`kith doctor` checks for messaging: the counters and copies kept beside the messages,
and the shape of conversations and message requests (see kith.core.doctor)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Count, Exists, F, Max, OuterRef, Q

from kith.core.doctor import check
from kith.members.models import Block
from kith.messaging.models import Conversation, MessageRequest, Participant
from kith.messaging.selectors import with_unread


def _blocked_with(member: OuterRef, other: OuterRef) -> Exists:
    return Exists(Block.objects.filter(Q(blocker=member, blocked=other) | Q(blocker=other, blocked=member)))


@check("messaging.unread", "Each unread counter equals the unread messages its member can see")
def unread_counters() -> Iterator[str]:
    # A 1:1 conversation with a member blocked either way is hidden whole: its counter waits for an unblock.
    hidden_pair = Exists(
        Participant.objects.filter(conversation=OuterRef("conversation"))
        .exclude(member=OuterRef("member"))
        .filter(_blocked_with(OuterRef(OuterRef("member")), OuterRef("member")))
    )
    rows = (
        with_unread(Participant.objects.all())
        .exclude(Q(conversation__is_group=False) & hidden_pair)
        .exclude(unread_count=F("unread"))
        .order_by("conversation_id", "member_id")
    )
    for row in rows.values("conversation_id", "member_id", "unread_count", "unread"):
        yield (
            f"member {row['member_id']} in conversation {row['conversation_id']}: "
            f"unread counter {row['unread_count']}, unread messages {row['unread']}"
        )
    wrong_since = Participant.objects.filter(Q(unread_count__gt=0, unread_since__isnull=True) | Q(unread_count=0, unread_since__isnull=False))
    for row in wrong_since.values("conversation_id", "member_id", "unread_count").order_by("conversation_id", "member_id"):
        yield (
            f"member {row['member_id']} in conversation {row['conversation_id']}: unread counter {row['unread_count']} "
            f"but 'unread since' {'empty' if row['unread_count'] else 'set'}"
        )


@check("messaging.last_message", "Each conversation's newest message, and its time, are copied exactly")
def last_message_copies() -> Iterator[str]:
    newest = Conversation.objects.annotate(newest=Max("messages__id")).exclude(last_message_id=F("newest"))
    for pk, last, actual in newest.values_list("pk", "last_message_id", "newest").order_by("pk"):
        yield f"conversation {pk}: last message {last}, newest message {actual}"
    stale = Conversation.objects.exclude(last_message__isnull=True).exclude(last_message_at=F("last_message__created_at"))
    for pk in stale.values_list("pk", flat=True).order_by("pk"):
        yield f"conversation {pk}: last_message_at is not its last message's time"
    copies = Participant.objects.exclude(last_message_at=F("conversation__last_message_at"))
    for conversation_id, member_id in copies.values_list("conversation_id", "member_id").order_by("conversation_id", "member_id"):
        yield f"member {member_id} in conversation {conversation_id}: last_message_at differs from the conversation's"


@check("messaging.conversations", "A 1:1 conversation has its two members and their pair key; a group has none")
def conversation_shapes() -> Iterator[str]:
    counted = Conversation.objects.annotate(n=Count("participants"))
    for pk, n in counted.filter(is_group=False).exclude(n=2).values_list("pk", "n").order_by("pk"):
        yield f"1:1 conversation {pk} has {n} participants"
    for pk in Conversation.objects.filter(is_group=True, pair_key__isnull=False).values_list("pk", flat=True).order_by("pk"):
        yield f"group conversation {pk} has a pair key"
    for pk, n in counted.filter(is_group=True, n__lt=2).values_list("pk", "n").order_by("pk"):
        yield f"group conversation {pk} has {n} participant(s)"
    pairs: dict[int, list[int]] = {}
    for conversation_id, member_id in Participant.objects.filter(conversation__is_group=False).values_list("conversation_id", "member_id"):
        pairs.setdefault(conversation_id, []).append(member_id)
    for pk, key in Conversation.objects.filter(is_group=False).values_list("pk", "pair_key").order_by("pk").iterator():
        members = pairs.get(pk, [])
        if len(members) == 2 and key != Conversation.pair_key_for(*members):
            yield f"1:1 conversation {pk}: pair key {key!r}, its members are {members[0]} and {members[1]}"
    for pk in Conversation.objects.filter(messages__isnull=True).values_list("pk", flat=True).order_by("pk"):
        yield f"conversation {pk} has no message"


@check("messaging.requests", "A message request joins its conversation's two members; pending ones wait in the recipient's requests")
def request_shapes() -> Iterator[str]:
    sender_in = Exists(Participant.objects.filter(conversation=OuterRef("conversation"), member=OuterRef("sender")))
    recipient_in = Exists(Participant.objects.filter(conversation=OuterRef("conversation"), member=OuterRef("recipient")))
    for pk, conversation_id in (
        MessageRequest.objects.filter(~sender_in | ~recipient_in | Q(conversation__is_group=True))
        .values_list("pk", "conversation_id")
        .order_by("pk")
    ):
        yield f"message request {pk} is not between the two members of 1:1 conversation {conversation_id}"
    waiting = Exists(
        Participant.objects.filter(conversation=OuterRef("conversation"), member=OuterRef("recipient"), status=Participant.Status.REQUEST)
    )
    for pk, recipient in (
        MessageRequest.objects.filter(status=MessageRequest.Status.PENDING).exclude(waiting).values_list("pk", "recipient_id").order_by("pk")
    ):
        yield f"message request {pk} is pending, but not in member {recipient}'s requests"
    asked = Exists(
        MessageRequest.objects.filter(conversation=OuterRef("conversation"), recipient=OuterRef("member"), status=MessageRequest.Status.PENDING)
    )
    for conversation_id, member_id in (
        Participant.objects.filter(status=Participant.Status.REQUEST).exclude(asked).values_list("conversation_id", "member_id").order_by("conversation_id")
    ):
        yield f"member {member_id} has conversation {conversation_id} among their requests, with no pending request to them"

