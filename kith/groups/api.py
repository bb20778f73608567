"""The groups API (mounted at /api/v1/): thin endpoints over kith.groups selectors and actions."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from kith.core.errors import NotFound
from kith.core.inputs import Id, Page
from kith.core.schemas import errors
from kith.groups import actions, selectors
from kith.groups.models import Group, JoinRequest
from kith.groups.schemas import (
    ContentIn,
    DeclineIn,
    FiledReportOut,
    GroupFeedOut,
    GroupIn,
    GroupInvitationOut,
    GroupOut,
    GroupPatch,
    GroupPostOut,
    GroupReportIn,
    GroupReportOut,
    InvitationIn,
    JoinIn,
    JoinOut,
    JoinRequestOut,
    LogEntryOut,
    MemberPage,
    MembershipOut,
    PendingOut,
    RejectIn,
    RemoveIn,
    ReportAnswerIn,
    ReportAnswerOut,
    RoleIn,
    SettingsPatch,
    group_out,
    group_report_out,
    join_request_out,
    log_entry_out,
    membership_out,
)
from kith.groups.selectors import GroupAccess, access_group
from kith.members.models import User
from kith.members.schemas import member_out
from kith.members.selectors import access_profile
from kith.posts import selectors as post_selectors
from kith.posts.schemas import post_out

router = Router(tags=["groups"])
PAGE_SIZE = 50

Slug = str


class DirectoryQuery(Schema):
    q: str = Field("", max_length=100)
    size: Literal["", "small", "medium", "large"] = ""
    activity: Literal["", "week", "month"] = ""
    member: str = Field("", max_length=100, description="A member's handle: the groups their profile shows you instead")
    page: Page = 1


class MembersQuery(Schema):
    q: str = Field("", max_length=100)
    degree: Literal["", "1", "2", "3", "out"] = ""
    role: Literal["", "owner", "manager", "member"] = ""
    location: str = Field("", max_length=100)
    page: Page = 1


class RequestsQuery(Schema):
    location: str = Field("", max_length=100)
    company: str = Field("", max_length=100)
    industry: str = Field("", max_length=100)
    school: str = Field("", max_length=100)


def _access(request: HttpRequest, slug: str) -> GroupAccess:
    return access_group(request.auth, slug)


def _fresh(request: HttpRequest, slug: str) -> dict:
    return group_out(access_group(request.auth, slug))


def _member(access: GroupAccess, viewer: User, handle: str) -> User:
    """A member of the group (or, for a ban, any member the viewer may see) by handle."""
    return selectors.membership_of(access, viewer, handle).member


@router.get("/groups", response={200: list[GroupOut], **errors(404)})
def list_groups(request: HttpRequest, filters: Query[DirectoryQuery]):
    """The directory: listed groups matching ``q`` (name, description), biggest first. With
    ``member``, the groups that member's profile shows you instead, by name (their listed
    groups, and unlisted ones you are in too; none for a profile you see only in part)."""
    start = (filters.page - 1) * PAGE_SIZE
    if filters.member:
        profile = access_profile(request.auth, filters.member)
        shown = selectors.groups_of(request.auth, profile.profile.user) if profile.full else Group.objects.none()
        return [group_out(a) for a in selectors.accesses(request.auth, shown[start : start + PAGE_SIZE])]
    found = selectors.directory(request.auth, q=filters.q, size=filters.size, activity=filters.activity)
    return [group_out(a) for a in selectors.accesses(request.auth, found.groups[start : start + PAGE_SIZE])]


@router.post("/groups", response={201: GroupOut, **errors(400, 409, 429)})
def create_group(request: HttpRequest, data: GroupIn):
    group = actions.create_group(request.auth, **data.model_dump())
    return Status(201, _fresh(request, group.slug))


@router.get("/groups/{slug}", response={200: GroupOut, **errors(404)})
def get_group(request: HttpRequest, slug: Slug):
    return group_out(_access(request, slug))


@router.patch("/groups/{slug}", response={200: GroupOut, **errors(400, 403, 404)})
def update_group(request: HttpRequest, slug: Slug, data: GroupPatch):
    access = _access(request, slug)
    actions.update_group(request.auth, access.group, **data.model_dump(exclude_unset=True))
    return _fresh(request, slug)


@router.patch("/groups/{slug}/settings", response={200: GroupOut, **errors(400, 403, 404)})
def update_settings(request: HttpRequest, slug: Slug, data: SettingsPatch):
    """Join policy, listing and trial period (managers); post approval (the owner only)."""
    access = _access(request, slug)
    actions.update_settings(request.auth, access.group, **data.model_dump(exclude_unset=True))
    return _fresh(request, slug)


@router.post("/groups/{slug}/join", response={200: JoinOut, **errors(400, 403, 404, 429)})
def join(request: HttpRequest, slug: Slug, data: JoinIn | None = None):
    """Join an open group (or with a manager's invitation): status "member"; otherwise ask
    the managers: status "pending"."""
    access = _access(request, slug)
    result = actions.join(request.auth, access.group, answer=data.answer if data else "")
    status = "pending" if isinstance(result, JoinRequest) else "member"
    return {"status": status, "group": _fresh(request, slug)}


@router.post("/groups/{slug}/leave", response={204: None, **errors(404, 409)})
def leave(request: HttpRequest, slug: Slug):
    actions.leave(request.auth, _access(request, slug).group)
    return Status(204, None)


@router.get("/groups/{slug}/members", response={200: MemberPage, **errors(403, 404)})
def members(request: HttpRequest, slug: Slug, filters: Query[MembersQuery]):
    """The members (for members of the group), managers first, with degree badges and facets."""
    access = _access(request, slug)
    found = selectors.members(access, request.auth, **filters.model_dump(), per_page=PAGE_SIZE)
    return {
        "members": [membership_out(row, request.auth) for row in found.memberships],
        "total": found.total,
        "page": found.page,
        "has_more": found.has_more,
        "facets": {name: [{"key": k, "label": label, "count": n} for k, label, n in rows] for name, rows in found.facets.items()},
    }


@router.get("/groups/{slug}/requests", response={200: list[JoinRequestOut], **errors(403, 404)})
def join_requests(request: HttpRequest, slug: Slug, filters: Query[RequestsQuery]):
    """Pending join requests (managers), oldest first; the insights on each applicant:
    GET /insights/members/{handle}."""
    access = _access(request, slug)
    rows = selectors.join_requests(access, request.auth, filters=filters.model_dump())[:200]
    return [join_request_out(row, request.auth) for row in rows]


@router.post("/groups/{slug}/requests/{join_request_id}/approve", response={200: MembershipOut, **errors(403, 404, 409)})
def approve_request(request: HttpRequest, slug: Slug, join_request_id: Id):
    access = _access(request, slug)
    membership = actions.approve_request(request.auth, access.group, join_request_id)
    return membership_out(membership, request.auth)


@router.post("/groups/{slug}/requests/{join_request_id}/decline", response={200: JoinRequestOut, **errors(403, 404, 409)})
def decline_request(request: HttpRequest, slug: Slug, join_request_id: Id, data: DeclineIn | None = None):
    """Decline silently (the applicant is not told), or with ``report`` also report them."""
    access = _access(request, slug)
    row = actions.decline_request(request.auth, access.group, join_request_id, report=bool(data and data.report))
    return join_request_out(row, request.auth)


@router.post("/groups/{slug}/invitations", response={201: GroupInvitationOut, **errors(400, 403, 404, 409, 429)})
def invite(request: HttpRequest, slug: Slug, data: InvitationIn):
    """Invite one of your connections."""
    access = _access(request, slug)
    try:
        to = access_profile(request.auth, data.to).profile.user
    except NotFound as error:
        raise NotFound("You can invite your connections only: none has that handle.", field="to") from error
    invitation = actions.invite(request.auth, access.group, to=to)
    return Status(201, {"id": invitation.pk, "to": member_out(to.profile, request.auth), "created_at": invitation.created_at})


@router.post("/groups/{slug}/members/{handle}/remove", response={204: None, **errors(400, 403, 404)})
def remove_member(request: HttpRequest, slug: Slug, handle: str, data: ContentIn):
    access = _access(request, slug)
    access.require_manager()
    actions.remove_member(request.auth, access.group, _member(access, request.auth, handle), content=data.content, reason=data.reason)
    return Status(204, None)


@router.post("/groups/{slug}/members/{handle}/ban", response={204: None, **errors(400, 403, 404, 409)})
def ban_member(request: HttpRequest, slug: Slug, handle: str, data: ContentIn):
    """Ban a member: they leave and can't come back; ``content`` keeps or removes their posts and comments here."""
    access = _access(request, slug)
    access.require_manager()
    actions.ban_member(request.auth, access.group, _member(access, request.auth, handle), content=data.content, reason=data.reason)
    return Status(204, None)


@router.post("/groups/{slug}/members/{handle}/role", response={200: MembershipOut, **errors(400, 403, 404, 409)})
def set_role(request: HttpRequest, slug: Slug, handle: str, data: RoleIn):
    """The owner appoints a manager, makes a manager a member again, or hands the group over."""
    access = _access(request, slug)
    access.require_manager()
    member = _member(access, request.auth, handle)
    change = {"manager": actions.appoint_manager, "member": actions.dismiss_manager, "owner": actions.transfer_ownership}[data.role]
    membership = change(request.auth, access.group, member)
    return membership_out(membership, request.auth)


@router.get("/groups/{slug}/log", response={200: list[LogEntryOut], **errors(403, 404)})
def manager_log(request: HttpRequest, slug: Slug):
    """Every manager action, newest first (managers only)."""
    access = _access(request, slug)
    return [log_entry_out(row, request.auth) for row in selectors.manager_log(access)[:200]]


# --- group posts ---------------------------------------------------------------------------------


def _group_post_out(row) -> dict:
    return {"post_id": row.post_id, "status": row.status, "reason": row.reason, "pinned": row.pinned_at is not None}


@router.get("/groups/{slug}/posts", response={200: GroupFeedOut, **errors(403, 404)})
def group_posts(request: HttpRequest, slug: Slug, before: str | None = Query(None, max_length=60)):
    """The group's feed (members): the pinned post, then the newest first. Post in it with
    POST /posts {"audience": "group", "group": slug}."""
    access = _access(request, slug)
    feed = selectors.group_feed(access, request.auth, before=before)
    return {
        "pinned": post_out(feed.pinned, request.auth) if feed.pinned else None,
        "items": [post_out(p, request.auth) for p in feed.posts],
        "next_before": feed.next_before,
    }


@router.get("/groups/{slug}/pending", response={200: list[PendingOut], **errors(403, 404)})
def pending_posts(request: HttpRequest, slug: Slug):
    """Posts waiting for a manager's approval, oldest first (managers)."""
    access = _access(request, slug)
    rows = selectors.pending_posts(access, request.auth)
    posts = post_selectors.decorate(request.auth, [r.post for r in rows])
    return [{"post": post_out(p, request.auth), "held": r.held, "created_at": r.created_at} for r, p in zip(rows, posts, strict=True)]


@router.post("/groups/{slug}/report", response={201: FiledReportOut, **errors(400, 404, 429)})
def report_group(request: HttpRequest, slug: Slug, data: GroupReportIn):
    """Report the group itself (name, description, rules, images) to the site's moderators;
    its owner never learns who reported."""
    row = actions.report_group(request.auth, slug, reason=data.reason, text=data.text)
    return Status(201, {"id": row.pk, "reason": row.reason, "status": row.status})


@router.get("/groups/{slug}/reports", response={200: list[GroupReportOut], **errors(403, 404)})
def reports(request: HttpRequest, slug: Slug):
    """Open reports about the group's posts and comments, oldest first (managers); never who reported."""
    access = _access(request, slug)
    return [group_report_out(r, request.auth) for r in selectors.reported_content(access, request.auth)]


@router.post("/groups/{slug}/reports/{report_id}/resolve", response={200: ReportAnswerOut, **errors(400, 403, 404)})
def resolve_report(request: HttpRequest, slug: Slug, report_id: Id, data: ReportAnswerIn):
    """Answer a report about the group's content: remove the post (its author told) or the comment,
    or keep it; every open report about the same thing is resolved, and the managers' log says so."""
    access = _access(request, slug)
    return {"resolved": actions.answer_report(request.auth, access.group, report_id, answer=data.answer, reason=data.reason)}


@router.post("/groups/{slug}/pending/{post_id}/approve", response={200: GroupPostOut, **errors(403, 404, 409)})
def approve_post(request: HttpRequest, slug: Slug, post_id: Id):
    access = _access(request, slug)
    return _group_post_out(actions.approve_post(request.auth, access.group, post_id))


@router.post("/groups/{slug}/pending/{post_id}/reject", response={200: GroupPostOut, **errors(400, 403, 404, 409)})
def reject_post(request: HttpRequest, slug: Slug, post_id: Id, data: RejectIn):
    """Reject with a reason: the author is notified and sees the post marked rejected."""
    access = _access(request, slug)
    return _group_post_out(actions.reject_post(request.auth, access.group, post_id, reason=data.reason, spam=data.spam))


@router.post("/groups/{slug}/posts/{post_id}/remove", response={200: GroupPostOut, **errors(400, 403, 404, 409)})
def remove_post(request: HttpRequest, slug: Slug, post_id: Id, data: RemoveIn | None = None):
    """A manager deletes a post from the group (its author is told, with the reason)."""
    access = _access(request, slug)
    data = data or RemoveIn()
    return _group_post_out(actions.remove_post(request.auth, access.group, post_id, reason=data.reason, spam=data.spam))


@router.post("/groups/{slug}/posts/{post_id}/pin", response={200: GroupPostOut, **errors(403, 404, 409)})
def pin_post(request: HttpRequest, slug: Slug, post_id: Id):
    """Pin one post to the top of the group's feed (it replaces the pinned one)."""
    access = _access(request, slug)
    return _group_post_out(actions.pin_post(request.auth, access.group, post_id))


@router.delete("/groups/{slug}/pin", response={204: None, **errors(403, 404)})
def unpin(request: HttpRequest, slug: Slug):
    access = _access(request, slug)
    actions.pin_post(request.auth, access.group, None)
    return Status(204, None)


@router.post("/groups/{slug}/comments/{comment_id}/delete", response={204: None, **errors(400, 403, 404)})
def delete_comment(request: HttpRequest, slug: Slug, comment_id: Id, data: RemoveIn | None = None):
    """A manager deletes a comment on one of the group's posts (logged with the reason)."""
    access = _access(request, slug)
    actions.delete_comment(request.auth, access.group, comment_id, reason=(data.reason if data else ""))
    return Status(204, None)
