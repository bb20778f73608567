"""API shapes for groups. Members are serialised by kith.members.schemas.member_out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from kith.core.schemas import Input
from kith.groups.models import JoinPolicy, JoinRequest, ManagerAction, Membership
from kith.groups.selectors import GroupAccess
from kith.members.schemas import MemberOut, member_out
from kith.members.selectors import blocked_ids
from kith.posts.schemas import PostOut

Policy = Literal["open", "request", "invitation"]


class GroupOut(Schema):
    slug: str
    name: str
    description: str
    rules: str
    listed: bool
    join_policy: Policy
    question: str
    post_approval: bool
    trial_days: int
    member_count: int
    logo_url: str | None
    cover_url: str | None
    url: str
    my_role: Literal["owner", "manager", "member"] | None = Field(description="Your role, or null when you are not a member")
    my_status: Literal["member", "pending", "invited", "banned"] | None = Field(
        description="member, pending (you asked to join), invited, banned, or null"
    )
    created_at: datetime


def group_out(access: GroupAccess) -> dict:
    group = access.group
    if access.is_member:
        status = "member"
    elif access.banned:
        status = "banned"
    elif access.request is not None:
        status = "pending"
    elif access.invitation is not None:
        status = "invited"
    else:
        status = None
    return {
        "slug": group.slug,
        "name": group.name,
        "description": group.description,
        "rules": group.rules,
        "listed": group.listed,
        "join_policy": group.join_policy,
        "question": group.question,
        "post_approval": group.post_approval,
        "trial_days": group.trial_days,
        "member_count": group.member_count,
        "logo_url": group.logo.url if group.logo else None,
        "cover_url": group.cover.url if group.cover else None,
        "url": f"/groups/{group.slug}/",
        "my_role": access.role,
        "my_status": status,
        "created_at": group.created_at,
    }


class GroupIn(Input):
    name: str = Field(max_length=100)
    description: str = Field("", max_length=2000)
    rules: str = Field("", max_length=5000)
    listed: bool = True
    join_policy: Policy = JoinPolicy.OPEN
    question: str = Field("", max_length=300)


class GroupPatch(Input):
    name: str | None = Field(None, max_length=100)
    description: str | None = Field(None, max_length=2000)
    rules: str | None = Field(None, max_length=5000)
    question: str | None = Field(None, max_length=300)


class SettingsPatch(Input):
    post_approval: bool | None = None
    trial_days: int | None = Field(None, ge=0, le=365)
    join_policy: Policy | None = None
    listed: bool | None = None


class JoinIn(Input):
    answer: str = Field("", max_length=1000)


class JoinOut(Schema):
    status: Literal["member", "pending"]
    group: GroupOut


class MembershipOut(Schema):
    member: MemberOut
    role: Literal["owner", "manager", "member"]
    joined_at: datetime


def membership_out(row: Membership, viewer) -> dict:
    profile = row.member.profile
    return {"member": member_out(profile, viewer, degree=getattr(profile, "degree", None)), "role": row.role, "joined_at": row.joined_at}


class FacetOut(Schema):
    key: str
    label: str
    count: int


class MemberPage(Schema):
    members: list[MembershipOut]
    total: int
    page: int
    has_more: bool
    facets: dict[str, list[FacetOut]]


class JoinRequestOut(Schema):
    id: int
    member: MemberOut
    answer: str
    invited_by: MemberOut | None
    status: str
    created_at: datetime


def join_request_out(row: JoinRequest, viewer) -> dict:
    return {
        "id": row.pk,
        "member": member_out(row.member.profile, viewer),
        "answer": row.answer,
        "invited_by": member_out(row.invited_by.profile, viewer) if row.invited_by_id and row.invited_by else None,
        "status": row.status,
        "created_at": row.created_at,
    }


class DeclineIn(Input):
    report: bool = Field(False, description="Also report the applicant to the site's moderators")


class GroupReportIn(Input):
    reason: str = Field(max_length=20, description="One of the report reasons (spam, harassment, …), as for posts and members")
    text: str = Field("", max_length=2000)


class FiledReportOut(Schema):
    id: int
    reason: str
    status: str


class InvitationIn(Input):
    to: str = Field(max_length=60, description="The handle of one of your connections")


class GroupInvitationOut(Schema):
    id: int
    to: MemberOut
    created_at: datetime


class ContentIn(Input):
    content: Literal["keep", "remove"] = Field(description="What happens to their posts and comments in the group")
    reason: str = Field("", max_length=1000)


class RoleIn(Input):
    role: Literal["owner", "manager", "member"] = Field(description="owner hands the group over; you stay a manager")


class LogEntryOut(Schema):
    id: int
    actor: MemberOut | None
    kind: str
    what: str
    subject: MemberOut | None
    detail: str
    reason: str
    created_at: datetime


def log_entry_out(row: ManagerAction, viewer) -> dict:
    """A log line; a member blocked either way with the viewer is left unnamed (null)."""
    hidden = blocked_ids(viewer)
    return {
        "id": row.pk,
        "actor": member_out(row.actor.profile, viewer) if row.actor_id and row.actor_id not in hidden else None,
        "kind": row.kind,
        "what": row.get_kind_display(),
        "subject": member_out(row.subject.profile, viewer) if row.subject_id and row.subject_id not in hidden else None,
        "detail": row.detail,
        "reason": row.reason,
        "created_at": row.created_at,
    }


class GroupFeedOut(Schema):
    pinned: PostOut | None
    items: list[PostOut]
    next_before: str | None = Field(description="Pass as ?before= for older posts; null on the last page")


class PendingOut(Schema):
    post: PostOut
    held: str = Field(description="approval (every post), trial (new in the group), hold (the cross-group hold), new (a new account's first group posts, kith.moderation's trust levels)")
    created_at: datetime


class RejectIn(Input):
    reason: str = Field(min_length=1, max_length=1000, description="Told to the author")
    spam: bool = False


class RemoveIn(Input):
    reason: str = Field("", max_length=1000, description="Told to the author")
    spam: bool = False


class GroupReportOut(Schema):
    id: int
    reason: Literal["spam", "fake", "harassment", "other"]
    text: str = Field(description="What the reporter wrote (who reported is never shown)")
    about: Literal["post", "comment"]
    post_id: int | None = Field(description="The post, or the post the comment is on")
    comment_id: int | None
    excerpt: str
    reported: MemberOut
    created_at: datetime


def group_report_out(report, viewer) -> dict:
    """A report as kith.groups.selectors.reported_content annotates it."""
    return {
        "id": report.pk, "reason": report.reason, "text": report.text, "about": report.about, "post_id": report.post_id,
        "comment_id": report.subject_id if report.about == "comment" else None, "excerpt": report.excerpt,
        "reported": member_out(report.reported.profile, viewer), "created_at": report.created_at,
    }


class ReportAnswerIn(Input):
    answer: Literal["remove", "keep"] = Field(description="remove: take the post out of the group (or delete the comment); keep: leave it")
    reason: str = Field("", max_length=1000, description="Told to the author when removing; in the managers' log either way")


class ReportAnswerOut(Schema):
    resolved: int = Field(description="Open reports about the same post or comment, now resolved")


class GroupPostOut(Schema):
    post_id: int
    status: Literal["published", "pending", "rejected", "not_reviewed", "removed"]
    reason: str
    pinned: bool
