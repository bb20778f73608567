"""The network API (mounted at /api/v1/): thin endpoints over selectors and actions."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from kith.insights.schemas import InvitationInsightsOut, with_insights
from kith.members.selectors import access_profile
from kith.network import actions, selectors
from kith.network.schemas import (
    BlockOut,
    ConnectionPage,
    FollowOut,
    HandleIn,
    InvitationAnswerIn,
    InvitationIn,
    InvitationOut,
    ReportIn,
    ReportOut,
    invitation_out,
    member_out,
)

router = Router(tags=["network"])
PAGE_SIZE = 50


class BoxQuery(Schema):
    box: str = selectors.Box.RECEIVED
    insights: bool = False  # received box only: add each invitation's insights (kith.insights)


class ConnectionsQuery(Schema):
    q: str = ""
    sort: str = "recent"
    page: int = 1


@router.get("/invitations", response=list[InvitationInsightsOut], exclude_unset=True)
def list_invitations(request: HttpRequest, filters: Query[BoxQuery]):
    member = request.auth
    invitations = list(selectors.invitations(member, filters.box))
    if filters.insights and filters.box == selectors.Box.RECEIVED:
        return with_insights(invitations, member)
    return [invitation_out(i, member) for i in invitations]


@router.post("/invitations", response={200: InvitationOut, 201: InvitationOut})
def send_invitation(request: HttpRequest, data: InvitationIn):
    """Invite a member. 201 with the new invitation; 200 when they had invited you (crossed): you are now connected."""
    member = request.auth
    access = access_profile(member, data.to)
    invitation = actions.send_invitation(member, to=access.profile, note=data.note, email_typed=data.email)
    return Status(201 if invitation.sender_id == member.pk else 200, invitation_out(invitation, member))


def _answer(request: HttpRequest, invitation_id: int, action) -> dict:
    member = request.auth
    invitation = selectors.invitation_for_recipient(member, invitation_id)
    return invitation_out(action(invitation, member), member)


@router.post("/invitations/{invitation_id}/accept", response=InvitationOut)
def accept_invitation(request: HttpRequest, invitation_id: int):
    return _answer(request, invitation_id, actions.accept_invitation)


@router.post("/invitations/{invitation_id}/ignore", response=InvitationOut)
def ignore_invitation(request: HttpRequest, invitation_id: int):
    return _answer(request, invitation_id, actions.ignore_invitation)


@router.post("/invitations/{invitation_id}/dont-know", response=InvitationOut)
def mark_unknown(request: HttpRequest, invitation_id: int):
    return _answer(request, invitation_id, actions.mark_unknown)


@router.post("/invitations/{invitation_id}/report", response=InvitationOut)
def report_invitation(request: HttpRequest, invitation_id: int, data: InvitationAnswerIn | None = None):
    member = request.auth
    invitation = selectors.invitation_for_recipient(member, invitation_id)
    text = data.text if data is not None else ""
    return invitation_out(actions.report_invitation(invitation, member, text=text), member)


@router.post("/invitations/{invitation_id}/withdraw", response=InvitationOut)
def withdraw_invitation(request: HttpRequest, invitation_id: int):
    member = request.auth
    invitation = selectors.invitation_for_sender(member, invitation_id)
    return invitation_out(actions.withdraw_invitation(invitation, member), member)


@router.get("/connections", response=ConnectionPage)
def list_connections(request: HttpRequest, filters: Query[ConnectionsQuery]):
    member = request.auth
    paginator = Paginator(selectors.connections(member, q=filters.q, sort=filters.sort), PAGE_SIZE)
    page = paginator.get_page(filters.page)
    return {
        "items": [{"member": member_out(c.other.profile, member), "connected_at": c.created_at} for c in page],
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next_page": page.next_page_number() if page.has_next() else None,
    }


@router.delete("/connections/{handle}", response={204: None})
def disconnect(request: HttpRequest, handle: str):
    member = request.auth
    actions.disconnect(member, access_profile(member, handle).profile)
    return Status(204, None)


@router.post("/follows", response={201: FollowOut})
def follow(request: HttpRequest, data: HandleIn):
    member = request.auth
    profile = access_profile(member, data.handle).profile
    actions.follow(member, profile)
    return Status(201, {"member": member_out(profile, member), "following": True})


@router.delete("/follows/{handle}", response={204: None})
def unfollow(request: HttpRequest, handle: str):
    member = request.auth
    actions.unfollow(member, access_profile(member, handle).profile)
    return Status(204, None)


@router.get("/blocks", response=list[BlockOut])
def list_blocks(request: HttpRequest):
    member = request.auth
    return [{"member": member_out(b.blocked.profile, member), "blocked_at": b.created_at} for b in selectors.blocked_members(member)]


@router.post("/blocks", response={201: BlockOut})
def block(request: HttpRequest, data: HandleIn):
    member = request.auth
    profile = access_profile(member, data.handle).profile
    row = actions.block(member, profile)
    return Status(201, {"member": member_out(profile, member), "blocked_at": row.created_at})


@router.delete("/blocks/{handle}", response={204: None})
def unblock(request: HttpRequest, handle: str):
    member = request.auth
    actions.unblock(member, selectors.blocked_profile(member, handle))
    return Status(204, None)


@router.post("/reports", response={201: ReportOut})
def report_member(request: HttpRequest, data: ReportIn):
    member = request.auth
    profile = access_profile(member, data.handle).profile
    report = actions.report_member(member, profile, reason=data.reason, text=data.text)
    return Status(201, {"id": report.pk, "reason": report.reason, "status": report.status})
