"""The network API (mounted at /api/v1/): thin endpoints over selectors and actions."""

from __future__ import annotations

from typing import Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from kith.core.inputs import Id, Limit, Page
from kith.core.schemas import errors
from kith.members.schemas import MemberOut
from kith.members.selectors import access_profile, annotate_levels
from kith.network import actions, graph_selectors, selectors
from kith.network.schemas import (
    BlockOut,
    ConnectionPage,
    DismissIn,
    FollowOut,
    HandleIn,
    InvitationAnswerIn,
    InvitationIn,
    InvitationOut,
    PathOut,
    ReachOut,
    SuggestionOut,
    invitation_out,
    member_out,
)

router = Router(tags=["network"])
PAGE_SIZE = 50


class BoxQuery(Schema):
    box: Literal["received", "sent", "ignored"] = selectors.Box.RECEIVED


class ConnectionsQuery(Schema):
    q: str = ""
    sort: Literal["recent", "name"] = "recent"
    page: Page = 1


@router.get("/invitations", response=list[InvitationOut])
def list_invitations(request: HttpRequest, filters: Query[BoxQuery]):
    """One box of my invitations; the received ones with their insights: GET /insights/invitations."""
    member = request.auth
    invitations = list(selectors.invitations(member, filters.box))
    annotate_levels(member, [(i.recipient if i.sender_id == member.pk else i.sender).profile for i in invitations])
    return [invitation_out(i, member) for i in invitations]


@router.post("/invitations", response={200: InvitationOut, 201: InvitationOut, **errors(400, 403, 404, 409, 429)})
def send_invitation(request: HttpRequest, data: InvitationIn):
    """Invite a member. 201 with the new invitation; 200 when they had invited you (crossed): you are now connected."""
    member = request.auth
    access = access_profile(member, data.to)
    invitation = actions.send_invitation(member, to=access.profile, note=data.note, email_typed=data.email)
    return Status(201 if invitation.sender_id == member.pk else 200, invitation_out(invitation, member))


def _answer(request: HttpRequest, invitation_id: Id, action) -> dict:
    member = request.auth
    invitation = selectors.invitation_for_recipient(member, invitation_id)
    return invitation_out(action(invitation, member), member)


@router.post("/invitations/{invitation_id}/accept", response={200: InvitationOut, **errors(400, 404, 409)})
def accept_invitation(request: HttpRequest, invitation_id: Id):
    return _answer(request, invitation_id, actions.accept_invitation)


@router.post("/invitations/{invitation_id}/ignore", response={200: InvitationOut, **errors(400, 404, 409)})
def ignore_invitation(request: HttpRequest, invitation_id: Id):
    return _answer(request, invitation_id, actions.ignore_invitation)


@router.post("/invitations/{invitation_id}/dont-know", response={200: InvitationOut, **errors(400, 404, 409)})
def mark_unknown(request: HttpRequest, invitation_id: Id):
    return _answer(request, invitation_id, actions.mark_unknown)


@router.post("/invitations/{invitation_id}/report", response={200: InvitationOut, **errors(400, 404, 409)})
def report_invitation(request: HttpRequest, invitation_id: Id, data: InvitationAnswerIn | None = None):
    member = request.auth
    invitation = selectors.invitation_for_recipient(member, invitation_id)
    text = data.text if data is not None else ""
    return invitation_out(actions.report_invitation(invitation, member, text=text), member)


@router.post("/invitations/{invitation_id}/withdraw", response={200: InvitationOut, **errors(400, 404, 409)})
def withdraw_invitation(request: HttpRequest, invitation_id: Id):
    member = request.auth
    invitation = selectors.invitation_for_sender(member, invitation_id)
    return invitation_out(actions.withdraw_invitation(invitation, member), member)


@router.get("/connections", response=ConnectionPage)
def list_connections(request: HttpRequest, filters: Query[ConnectionsQuery]):
    member = request.auth
    paginator = Paginator(selectors.connections(member, q=filters.q, sort=filters.sort), PAGE_SIZE)
    page = paginator.get_page(filters.page)
    annotate_levels(member, [c.other.profile for c in page])
    return {
        "items": [{"member": member_out(c.other.profile, member), "connected_at": c.created_at} for c in page],
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next_page": page.next_page_number() if page.has_next() else None,
    }


@router.delete("/connections/{handle}", response={204: None, **errors(404)})
def disconnect(request: HttpRequest, handle: str):
    member = request.auth
    actions.disconnect(member, access_profile(member, handle).profile)
    return Status(204, None)


@router.post("/follows", response={201: FollowOut, **errors(400, 403, 404)})
def follow(request: HttpRequest, data: HandleIn):
    member = request.auth
    profile = access_profile(member, data.handle).profile
    actions.follow(member, profile)
    return Status(201, {"member": member_out(profile, member), "following": True})


@router.delete("/follows/{handle}", response={204: None, **errors(400, 404)})
def unfollow(request: HttpRequest, handle: str):
    member = request.auth
    actions.unfollow(member, access_profile(member, handle).profile)
    return Status(204, None)


@router.get("/blocks", response=list[BlockOut])
def list_blocks(request: HttpRequest):
    member = request.auth
    return [{"member": member_out(b.blocked.profile, member), "blocked_at": b.created_at} for b in selectors.blocked_members(member)]


@router.post("/blocks", response={201: BlockOut, **errors(400, 404)})
def block(request: HttpRequest, data: HandleIn):
    member = request.auth
    profile = access_profile(member, data.handle).profile
    row = actions.block(member, profile)
    return Status(201, {"member": member_out(profile, member), "blocked_at": row.created_at})


@router.delete("/blocks/{handle}", response={204: None, **errors(404)})
def unblock(request: HttpRequest, handle: str):
    member = request.auth
    actions.unblock(member, selectors.blocked_profile(member, handle))
    return Status(204, None)


# POST /reports (a member, a post or a comment) is kith.posts.api.report: posts sits above network.


# --- the graph: mutuals, paths, reach, People You May Know ---------------------------------


@router.get("/members/{handle}/mutual-connections", response={200: list[MemberOut], **errors(404)}, tags=["graph"])
def mutual_connections(request: HttpRequest, handle: str):
    """Your connections who are also connected to this member (shown even if they hide their list)."""
    access = access_profile(request.auth, handle)
    return [member_out(p, request.auth, degree=p.degree) for p in graph_selectors.mutual_connections(request.auth, access.profile.pk)]


@router.get("/members/{handle}/paths", response={200: list[PathOut], **errors(404)}, tags=["graph"])
def introduction_paths(request: HttpRequest, handle: str):
    """How you're connected: up to three shortest paths; the first step is you."""
    access = access_profile(request.auth, handle)
    out = []
    for path in graph_selectors.introduction_paths(request.auth, access.profile):
        steps = [
            member_out(request.auth.profile) if step.is_viewer else (member_out(step.profile, request.auth) if step.profile else None)
            for step in path
        ]
        out.append({"steps": steps, "length": len(path) - 1})
    return out


@router.get("/suggestions", response=list[SuggestionOut], tags=["graph"])
def suggestions(request: HttpRequest, limit: Limit = 20):
    """People you may know, best first, each with its score and reasons."""
    return [
        {"member": member_out(s.profile, request.auth, degree=s.degree), "score": round(s.score, 6), "mutual_count": s.mutual_count, "reasons": s.reasons}
        for s in graph_selectors.people_you_may_know(request.auth, k=limit)
    ]


@router.post("/suggestions/{handle}/dismiss", response={204: None, **errors(400, 404)}, tags=["graph"])
def dismiss_suggestion(request: HttpRequest, handle: str, payload: DismissIn | None = None):
    """Stop suggesting this member; reason "unknown" means "I don't know them"."""
    access = access_profile(request.auth, handle)
    actions.dismiss_suggestion(request.auth, access.profile.user, reason=payload.reason if payload else "dismissed")
    return Status(204, None)


@router.get("/me/reach", response=ReachOut, tags=["graph"])
def my_reach(request: HttpRequest):
    """How many members are your 1st, 2nd and 3rd degree."""
    reach = graph_selectors.reach_for(request.auth)
    return {"first": reach.first, "second": reach.second, "third": reach.third}
