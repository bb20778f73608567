"""The member's conversations in their data export, and what deleting the account does to them.

Messages the member sent stay in the other participants' conversations, from "a former
member" (the erased account's tombstone). The contract: kith.portability.personal_data_registry.
"""

from __future__ import annotations

from typing import Any

from kith.members.models import User
from kith.members.personal_data import people
from kith.members.selectors import blocked_ids
from kith.messaging import actions
from kith.messaging.models import (
    Conversation,
    ConversationReport,
    Message,
    MessageRequest,
    MessagingPreference,
    Participant,
)

MODELS = [Participant, Message, MessageRequest, MessagingPreference]
KEPT = {
    Conversation: "a conversation belongs to all its participants: it stays for the others",
    ConversationReport: "the messages a report was filed about: moderation keeps reports",
}
SECTIONS = {
    "conversations": "Your conversations: id, group or not, the other participants, which box it is in.",
    "messages": "Every message in your conversations you can see: conversation id, from whom, text, when (deleted ones without their text).",
    "message_requests": "Message requests you sent or received: with whom, status, when.",
    "preferences": "Your messaging email preference.",
}


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    mine = list(Participant.objects.filter(member=user).select_related("conversation").order_by("conversation_id"))
    ids = [p.conversation_id for p in mine]
    hidden = blocked_ids(user)
    everyone = list(Participant.objects.filter(conversation_id__in=ids).values_list("conversation_id", "member_id"))
    messages = list(
        Message.objects.filter(conversation_id__in=ids).exclude(sender_id__in=hidden).order_by("conversation_id", "pk")
    )
    requests = list(
        MessageRequest.objects.filter(sender=user).order_by("created_at")
    ) + list(MessageRequest.objects.filter(recipient=user).exclude(sender_id__in=hidden).order_by("created_at"))
    names = people(
        user, [m for _, m in everyone] + [m.sender_id for m in messages]
        + [r.recipient_id if r.sender_id == user.pk else r.sender_id for r in requests]
    )
    others: dict[int, list[str]] = {cid: [] for cid in ids}
    for cid, member_id in everyone:
        if member_id != user.pk and member_id not in hidden:
            others[cid].append(names[member_id]["name"])
    preference = MessagingPreference.objects.filter(member=user).first()

    def request_row(r: MessageRequest) -> dict[str, Any]:
        sent = r.sender_id == user.pk
        status = r.status
        if sent and status in (MessageRequest.Status.DECLINED, MessageRequest.Status.BLOCKED, MessageRequest.Status.REPORTED):
            status = MessageRequest.Status.PENDING  # declining is silent: the sender sees it waiting
        return {"direction": "sent" if sent else "received", **names[r.recipient_id if sent else r.sender_id],
                "conversation": r.conversation_id, "status": status, "created_at": _when(r.created_at)}

    return {
        "conversations": [
            {"conversation": p.conversation_id, "is_group": p.conversation.is_group, "with": others[p.conversation_id],
             "box": p.status, "joined_at": _when(p.joined_at)}
            for p in mine
        ],
        "messages": [
            {"conversation": m.conversation_id, "from": names[m.sender_id]["name"], "mine": m.sender_id == user.pk,
             "text": "" if m.is_deleted else m.text, "deleted": m.is_deleted, "sent_at": _when(m.created_at)}
            for m in messages
        ],
        "message_requests": [request_row(r) for r in requests],
        "preferences": [{"email_unread": preference.email_unread}] if preference is not None else [],
    }


def erase(user: User) -> None:
    actions.erase_member(user)
