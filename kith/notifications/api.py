"""The notifications API: GET /notifications, POST /notifications/read."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from kith.core.inputs import Id
from kith.core.schemas import Input
from kith.network.schemas import MemberOut, member_out
from kith.notifications import actions, selectors

router = Router(tags=["notifications"])
LIST_SIZE = 100
MARK_READ_MAX = 1000


class NotificationOut(Schema):
    id: int
    kind: str
    actor: MemberOut
    invitation_id: int | None
    note: str | None
    read: bool
    created_at: datetime


class NotificationList(Schema):
    unread: int
    items: list[NotificationOut]


class ReadIn(Input):
    ids: list[Id] | None = Field(None, max_length=MARK_READ_MAX, description="Omit to mark every notification read")


class ReadOut(Schema):
    marked: int
    unread: int


@router.get("/notifications", response=NotificationList)
def list_notifications(request: HttpRequest):
    member = request.auth
    items = [
        {
            "id": n.pk,
            "kind": n.kind,
            "actor": member_out(n.actor.profile, member),
            "invitation_id": n.invitation_id,
            "note": n.invitation.note if n.invitation is not None and n.kind == n.Kind.INVITATION_RECEIVED else None,
            "read": n.read_at is not None,
            "created_at": n.created_at,
        }
        for n in selectors.notifications_for(member)[:LIST_SIZE]
    ]
    return {"unread": selectors.unread_count(member), "items": items}


@router.post("/notifications/read", response=ReadOut)
def mark_read(request: HttpRequest, data: ReadIn | None = None):
    """Mark the given ids read, or every notification when no ids are sent."""
    member = request.auth
    marked = actions.mark_read(member, ids=data.ids if data is not None else None)
    return {"marked": marked, "unread": selectors.unread_count(member)}
