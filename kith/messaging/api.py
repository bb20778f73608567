"""Messaging API under /api/v1: conversations, their messages, and message requests."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from kith.core.errors import KithError
from kith.core.inputs import Id, Limit, Offset
from kith.core.schemas import errors
from kith.members.models import Profile
from kith.members.schemas import member_out
from kith.messaging import actions, selectors
from kith.messaging.schemas import (
    ConversationIn,
    ConversationOut,
    ConversationPage,
    MessageIn,
    MessageOut,
    MessagePageOut,
    MessageRequestOut,
    ReadIn,
    ReportIn,
    conversation_out,
    entry_out,
    message_out,
)

router = Router(tags=["messaging"])


def _viewer(request: HttpRequest) -> Profile:
    return Profile.objects.get(pk=request.auth.pk)


def _conversation(request: HttpRequest, conversation_id: Id) -> dict:
    access = selectors.access_conversation(request.auth, conversation_id)
    return conversation_out(access, _viewer(request))


@router.get("/conversations", response=ConversationPage, summary="My conversations, newest message first")
def list_conversations(
    request: HttpRequest, box: selectors.Box = "inbox", q: str = "", offset: Offset = 0, limit: Limit = selectors.INBOX_PAGE_SIZE
):
    page = selectors.inbox(request.auth, box=box, q=q, offset=offset, limit=limit)
    viewer = _viewer(request)
    return {"items": [entry_out(entry, viewer) for entry in page.entries], "next_offset": page.next_offset}


@router.post(
    "/conversations",
    response={201: ConversationOut, **errors(400, 403, 404, 409, 429)},
    summary="Message members: a conversation, or a message request when they are not connections",
)
def create_conversation(request: HttpRequest, payload: ConversationIn):
    conversation = actions.start_conversation(request.auth, handles=payload.with_, text=payload.text)
    return Status(201, _conversation(request, conversation.pk))


@router.get("/conversations/{conversation_id}", response={200: ConversationOut, **errors(404)}, summary="One conversation")
def get_conversation(request: HttpRequest, conversation_id: Id):
    return _conversation(request, conversation_id)


@router.get(
    "/conversations/{conversation_id}/messages",
    response={200: MessagePageOut, **errors(404)},
    summary="Messages, oldest first; ?before=<id> pages back, ?after=<id> fetches newer",
)
def list_messages(
    request: HttpRequest,
    conversation_id: Id,
    before: Id | None = None,
    after: Offset | None = None,
    limit: Limit = selectors.MESSAGES_PAGE_SIZE,
):
    access = selectors.access_conversation(request.auth, conversation_id)
    page = selectors.conversation_messages(access, before=before, after=after, limit=limit)
    return {
        "items": [message_out(message) for message in page.messages],
        "next_before": page.oldest_id if page.has_older else None,
    }


@router.post("/conversations/{conversation_id}/messages", response={201: MessageOut, **errors(400, 403, 404, 409, 429)}, summary="Send a message")
def create_message(request: HttpRequest, conversation_id: Id, payload: MessageIn):
    message = actions.send_message(request.auth, conversation_id=conversation_id, text=payload.text)
    return Status(201, message_out(message))


@router.delete(
    "/conversations/{conversation_id}/messages/{message_id}",
    response={204: None, **errors(400, 403, 404)},
    summary="Delete one of my messages (others see “message deleted”)",
)
def delete_message(request: HttpRequest, conversation_id: Id, message_id: Id):
    actions.delete_message(request.auth, conversation_id=conversation_id, message_id=message_id)
    return Status(204, None)


@router.post("/conversations/{conversation_id}/read", response={200: ConversationOut, **errors(404)}, summary="Mark read")
def read_conversation(request: HttpRequest, conversation_id: Id, payload: ReadIn | None = None):
    actions.mark_read(request.auth, conversation_id=conversation_id, up_to=payload.up_to if payload else None)
    return _conversation(request, conversation_id)


@router.post("/conversations/{conversation_id}/archive", response={200: ConversationOut, **errors(400, 404)}, summary="Archive")
def archive_conversation(request: HttpRequest, conversation_id: Id):
    actions.archive_conversation(request.auth, conversation_id=conversation_id)
    return _conversation(request, conversation_id)


@router.post("/conversations/{conversation_id}/unarchive", response={200: ConversationOut, **errors(400, 404)}, summary="Back to the inbox")
def unarchive_conversation(request: HttpRequest, conversation_id: Id):
    actions.unarchive_conversation(request.auth, conversation_id=conversation_id)
    return _conversation(request, conversation_id)


@router.post(
    "/conversations/{conversation_id}/report",
    response={201: dict, **errors(400, 404, 409, 429)},
    summary="Report the other member (or ?handle in a group); the last messages go to moderators",
)
def report_conversation(request: HttpRequest, conversation_id: Id, payload: ReportIn):
    report = actions.report_conversation(
        request.auth, conversation_id=conversation_id, reason=payload.reason, text=payload.text, handle=payload.handle
    )
    return Status(201, {"id": report.report_id, "status": "reported"})


@router.get("/message-requests", response=list[MessageRequestOut], summary="Message requests waiting for my answer")
def list_message_requests(request: HttpRequest):
    page = selectors.inbox(request.auth, box="requests", limit=100)
    rows = []
    for entry in page.entries:
        message_request = entry.request
        if message_request is None or message_request.recipient_id != request.auth.pk:
            continue
        sender = next((p for p in entry.others if p.pk == message_request.sender_id), None)
        if sender is None:
            continue
        rows.append(
            {
                "id": message_request.pk,
                "conversation_id": entry.conversation.pk,
                "status": message_request.status,
                "sender": sender,
                "created_at": message_request.created_at,
                "first_message": message_out(entry.last_message, {sender.pk: sender.handle}),
            }
        )
    return [{**row, "sender": _member(row["sender"], request.auth)} for row in rows]


def _member(profile: Profile, viewer) -> dict:
    return member_out(profile, viewer)


@router.post("/message-requests/{request_id}/accept", response={200: ConversationOut, **errors(400, 404, 409)}, summary="Accept: into the inbox")
def accept_message_request(request: HttpRequest, request_id: Id):
    message_request = actions.accept_request(request.auth, request_id=request_id)
    return _conversation(request, message_request.conversation_id)


@router.post("/message-requests/{request_id}/decline", response={204: None, **errors(400, 404, 409)}, summary="Decline (the sender is not told)")
def decline_message_request(request: HttpRequest, request_id: Id):
    actions.decline_request(request.auth, request_id=request_id)
    return Status(204, None)


@router.post("/message-requests/{request_id}/block", response={204: None, **errors(400, 404, 409)}, summary="Decline and block the sender")
def block_message_request(request: HttpRequest, request_id: Id):
    actions.block_from_request(request.auth, request_id=request_id)
    return Status(204, None)


__all__ = ["router", "KithError"]
