"""The notifications API: GET /notifications, POST /notifications/read."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.template.loader import render_to_string
from ninja import Router, Schema
from pydantic import Field

from kith.core.inputs import Id
from kith.core.schemas import Input
from kith.members.schemas import MemberOut, member_out
from kith.notifications import actions, selectors

router = Router(tags=["notifications"])
LIST_SIZE = 100
MARK_READ_MAX = 1000


class TargetOut(Schema):
    type: str
    id: int


class NotificationOut(Schema):
    id: int
    kind: str
    actor: MemberOut
    others: int
    target: TargetOut | None
    text: str
    url: str
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


def notification_out(n, viewer) -> dict:
    return {
        "id": n.pk,
        "kind": n.kind,
        "actor": member_out(n.actor.profile, viewer),
        "others": n.others_count,
        "target": {"type": n.target_type.model, "id": n.target_id} if n.target_type_id else None,
        "text": " ".join(render_to_string(f"notifications/kinds/{n.kind}.txt", {"n": n}).split()),
        "url": selectors.url_of(n),
        "read": n.read_at is not None,
        "created_at": n.created_at,
    }


@router.get("/notifications", response=NotificationList)
def list_notifications(request: HttpRequest):
    member = request.auth
    items = [notification_out(n, member) for n in selectors.notifications_for(member).select_related("target_type")[:LIST_SIZE]]
    return {"unread": selectors.unread_count(member), "items": items}


@router.post("/notifications/read", response=ReadOut)
def mark_read(request: HttpRequest, data: ReadIn | None = None):
    """Mark the given ids read, or every notification when no ids are sent."""
    member = request.auth
    marked = actions.mark_read(member, ids=data.ids if data is not None else None)
    return {"marked": marked, "unread": selectors.unread_count(member)}
