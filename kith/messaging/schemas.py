"""API shapes for messaging. Members appear as ``kith.members.schemas.MemberOut``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from kith.core.inputs import Id
from kith.core.schemas import Input
from kith.members.models import Profile
from kith.members.schemas import MemberOut, member_out
from kith.messaging.models import Message, MessageRequest
from kith.messaging.selectors import ConversationAccess, InboxEntry


class ConversationIn(Input):
    with_: list[str] = Field(alias="with", description="Handles of the people to message: one for 1:1, up to 9 for a group")
    text: str = Field(description="The first message (at most KITH_MESSAGE_MAX_CHARS characters)")


class MessageIn(Input):
    text: str


class ReadIn(Input):
    up_to: Id | None = Field(None, description="Message id read up to; omit for the whole conversation")


class ReportIn(Input):
    reason: Literal["spam", "fake", "harassment", "other"] = "spam"
    text: str = Field("", max_length=2000)
    handle: str | None = Field(None, description="Who to report in a group conversation")


class MessageOut(Schema):
    id: int
    conversation_id: int
    sender: str = Field(description="The sender's handle")
    text: str | None = Field(description="null once deleted")
    deleted: bool
    created_at: datetime


class RequestRef(Schema):
    id: int
    direction: Literal["sent", "received"]


class ConversationOut(Schema):
    id: int
    status: Literal["active", "request", "archived"] = Field(
        description="request: a message request not yet accepted (for its sender, until it is)"
    )
    is_group: bool
    members: list[MemberOut] = Field(description="The other participants")
    last_message_at: datetime
    last_message: MessageOut | None
    unread: int
    can_send: bool
    message_request: RequestRef | None


class ConversationPage(Schema):
    items: list[ConversationOut]
    next_offset: int | None


class MessagePageOut(Schema):
    items: list[MessageOut] = Field(description="Oldest first")
    next_before: int | None = Field(description="Pass as ?before= for older messages; null at the start")


class MessageRequestOut(Schema):
    id: int
    conversation_id: int
    status: str
    sender: MemberOut
    created_at: datetime
    first_message: MessageOut | None


def message_out(message: Message | None, handles: dict[int, str] | None = None) -> dict | None:
    if message is None:
        return None
    sender = (handles or {}).get(message.sender_id) or message.sender.profile.handle
    return {
        "id": message.pk,
        "conversation_id": message.conversation_id,
        "sender": sender,
        "text": None if message.is_deleted else message.text,
        "deleted": message.is_deleted,
        "created_at": message.created_at,
    }


def _request_ref(message_request: MessageRequest | None, viewer_id: int) -> dict | None:
    if message_request is None:
        return None
    return {"id": message_request.pk, "direction": "sent" if message_request.sender_id == viewer_id else "received"}


def _handles(viewer: Profile | None, others: list[Profile]) -> dict[int, str]:
    handles = {profile.pk: profile.handle for profile in others}
    if viewer is not None:
        handles[viewer.pk] = viewer.handle
    return handles


def conversation_out(access: ConversationAccess, viewer: Profile) -> dict:
    conversation, participant = access.conversation, access.participant
    show_request = access.request is not None and (access.request_pending or access.is_request_for_me)
    return {
        "id": conversation.pk,
        "status": access.status,
        "is_group": conversation.is_group,
        "members": [member_out(profile, viewer.user) for profile in access.others],
        "last_message_at": conversation.last_message_at,
        "last_message": message_out(access.last_message, _handles(viewer, access.others)),
        "unread": participant.unread_count,
        "can_send": access.can_send,
        "message_request": _request_ref(access.request, participant.member_id) if show_request else None,
    }


def entry_out(entry: InboxEntry, viewer: Profile) -> dict:
    conversation, participant = entry.conversation, entry.participant
    pending = entry.request is not None and entry.request.status != MessageRequest.Status.ACCEPTED
    if pending:
        status = "request"
    else:
        status = participant.status
    return {
        "id": conversation.pk,
        "status": status,
        "is_group": conversation.is_group,
        "members": [member_out(profile, viewer.user) for profile in entry.others],
        "last_message_at": conversation.last_message_at,
        "last_message": message_out(entry.last_message, _handles(viewer, entry.others)),
        "unread": participant.unread_count,
        "can_send": not entry.request_sent,
        "message_request": _request_ref(entry.request, participant.member_id) if pending else None,
    }
