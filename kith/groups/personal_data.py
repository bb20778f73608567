"""A member's groups in their data export, and what deleting the account does to groups
(the contract: COMMON.md, kith.portability's personal-data registry)."""

from __future__ import annotations

from typing import Any

from kith.groups import actions
from kith.groups.models import (
    Ban,
    Group,
    GroupInvitation,
    GroupPost,
    JoinRequest,
    ManagerAction,
    Membership,
)
from kith.members.models import User
from kith.members.selectors import blocked_ids

MODELS = [Group, Membership, JoinRequest, GroupInvitation, Ban, GroupPost]
KEPT = {
    ManagerAction: "a group's managers' log: an audit row, kept; a deleted account becomes 'a member' in it",
}
SECTIONS = {
    "groups": "The groups you are in: name, address, your role, when you joined.",
    "join_requests": "Your requests to join groups: the group, your answer, the status, when.",
    "group_invitations": "Invitations to groups you sent and received: the group, the other member, the status, when.",
    "group_bans": "Groups that banned you, and when (the managers' reasons are theirs).",
    "group_manager_actions": "What you did as a group's owner or manager: the group, what, when and why.",
    "group_posts": "Your posts in groups (their text is under posts): the group, whether published, waiting, rejected, not reviewed or removed, and the reason you were given.",
}

HIDDEN_MEMBER = "A member you can no longer see"


def _name(user: User | None, hidden: set[int]) -> str:
    if user is None:
        return "A deleted account"
    return HIDDEN_MEMBER if user.pk in hidden else f"{user.profile.name} (@{user.profile.handle})"


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    hidden = blocked_ids(user)
    return {
        "groups": [
            {"name": m.group.name, "url": f"/groups/{m.group.slug}/", "role": m.role, "joined_at": m.joined_at.isoformat()}
            for m in Membership.objects.filter(member=user).select_related("group").order_by("joined_at", "pk")
        ],
        "join_requests": [
            {"group": r.group.name, "answer": r.answer, "status": r.status, "created_at": r.created_at.isoformat()}
            for r in JoinRequest.objects.filter(member=user).select_related("group").order_by("created_at", "pk")
        ],
        "group_invitations": [
            {
                "group": i.group.name,
                "direction": "sent" if i.sender_id == user.pk else "received",
                "member": _name(i.recipient if i.sender_id == user.pk else i.sender, hidden),
                "status": i.status,
                "created_at": i.created_at.isoformat(),
            }
            for i in GroupInvitation.objects.filter(sender=user).union(GroupInvitation.objects.filter(recipient=user)).order_by("created_at")
        ],
        "group_bans": [
            {"group": b.group.name, "created_at": b.created_at.isoformat()}
            for b in Ban.objects.filter(member=user).select_related("group").order_by("created_at", "pk")
        ],
        "group_posts": [
            {"post": p.post_id, "group": p.group.name, "status": p.status, "reason": p.reason, "created_at": p.created_at.isoformat()}
            for p in GroupPost.objects.filter(author=user).select_related("group").order_by("created_at", "post_id")
        ],
        "group_manager_actions": [
            {"group": a.group.name, "what": a.get_kind_display(), "member": _name(a.subject, hidden) if a.subject_id else "",
             "detail": a.detail, "reason": a.reason, "created_at": a.created_at.isoformat()}
            for a in ManagerAction.objects.filter(actor=user).select_related("group", "subject__profile").order_by("created_at", "pk")
        ],
    }


def erase(user: User) -> None:
    actions.erase_member(user)
