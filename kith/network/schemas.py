"""API shapes for the network. A member is always serialised by members.schemas.member_out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from kith.core.schemas import Input
from kith.members.models import User
from kith.members.schemas import MemberOut, member_out
from kith.network.models import Invitation


class InvitationOut(Schema):
    id: int
    direction: str
    member: MemberOut
    note: str
    status: str
    created_at: datetime
    connected: bool = False


def invitation_out(invitation: Invitation, viewer: User) -> dict:
    """An invitation as ``viewer`` may see it: a sender never learns of a silent answer."""
    outgoing = invitation.sender_id == viewer.pk
    other = invitation.recipient if outgoing else invitation.sender
    status = invitation.status
    if outgoing and status in Invitation.SEEN_PENDING_BY_SENDER:
        status = Invitation.Status.PENDING
    if outgoing and invitation.dismissed_by_sender_at is not None:
        status = Invitation.Status.WITHDRAWN  # withdrawn from view after a silent answer: alike
    return {
        "id": invitation.pk,
        "direction": "sent" if outgoing else "received",
        "member": member_out(other.profile, viewer),
        "note": invitation.note,
        "status": status,
        "created_at": invitation.created_at,
        "connected": invitation.status == Invitation.Status.ACCEPTED,
    }


class InvitationIn(Input):
    to: str
    note: str = ""
    email: str | None = None


class HandleIn(Input):
    handle: str


class ReportIn(Input):
    handle: str
    reason: str
    text: str = ""


class InvitationAnswerIn(Input):
    text: str = ""


class ConnectionOut(Schema):
    member: MemberOut
    connected_at: datetime


class ConnectionPage(Schema):
    items: list[ConnectionOut]
    count: int
    page: int
    pages: int
    next_page: int | None


class BlockOut(Schema):
    member: MemberOut
    blocked_at: datetime


class FollowOut(Schema):
    member: MemberOut
    following: bool


class ReportOut(Schema):
    id: int
    reason: str
    status: str


class SuggestionOut(Schema):
    member: MemberOut
    score: float
    mutual_count: int
    reasons: list[str]


class PathOut(Schema):
    """One introduction path. Each step is a member, or null for a hop the viewer may not see."""

    steps: list[MemberOut | None]
    length: int


class ReachOut(Schema):
    first: int
    second: int
    third: int


class DismissIn(Input):
    reason: Literal["dismissed", "unknown"] = Field("dismissed", description='"unknown": I don\'t know this member')
