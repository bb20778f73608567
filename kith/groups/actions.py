"""Every write to groups: creating and configuring one, joining and leaving, requests and
invitations, removing and banning, roles, and the managers' log.

Each action is one transaction. Membership changes lock the group's row first
(``_locked_group``), so a join racing a ban, or two approvals of one request, run one after
the other; the constraints in kith.groups.models catch anything that slips past. Answers to
a join request lock the request and go through ``_decide``, which enforces
``JoinRequest.TRANSITIONS``. Every manager's act writes a ``ManagerAction`` row.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.text import slugify

from kith.core import ratelimit
from kith.core.errors import KithError, NotFound, PermissionDenied
from kith.core.images import as_jpeg, read_image
from kith.groups.models import (
    Ban,
    Group,
    GroupInvitation,
    GroupPost,
    JoinPolicy,
    JoinRequest,
    ManagerAction,
    Membership,
)
from kith.groups.notification_kinds import (
    GROUP_INVITATION,
    JOIN_APPROVED,
    POST_APPROVED,
    POST_NOT_REVIEWED,
    POST_REJECTED,
    POST_REMOVED,
)
from kith.groups.selectors import access_group, owner_of
from kith.members.models import User
from kith.members.selectors import are_connected, is_blocked_between
from kith.moderation.actions import file_report, resolve_report
from kith.moderation.models import Report
from kith.notifications.actions import notify
from kith.posts import actions as post_actions
from kith.posts.models import Comment, Post

__all__ = [
    "CONTENT_CHOICES",
    "appoint_manager",
    "approve_post",
    "approve_request",
    "ban_member",
    "create_group",
    "decline_invitation",
    "decline_request",
    "delete_comment",
    "dismiss_manager",
    "erase_member",
    "invite",
    "join",
    "leave",
    "pin_post",
    "reject_post",
    "remove_post",
    "return_unreviewed",
    "remove_member",
    "set_image",
    "transfer_ownership",
    "unban",
    "update_group",
    "update_settings",
    "withdraw_request",
]

NAME_MAX = 100
DESCRIPTION_MAX = 2000
RULES_MAX = 5000
QUESTION_MAX = 300
ANSWER_MAX = 1000
REASON_MAX = 1000
CONTENT_CHOICES = ("keep", "remove")

# What removing a member's content means is the group posts' business (kith.groups.posts
# registers it): a function (group, member, by) -> how many posts and comments went.
_content_removers: list[Callable[[Group, User, User], int]] = []


def register_content_remover(remover: Callable[[Group, User, User], int]) -> None:
    if remover not in _content_removers:
        _content_removers.append(remover)


# --- helpers ------------------------------------------------------------------------------------


def _locked_group(group: Group) -> Group:
    return Group.objects.select_for_update().get(pk=group.pk)


def _membership(group: Group, member: User) -> Membership | None:
    return Membership.objects.filter(group=group, member=member).first()


def _require_manager(group: Group, actor: User) -> Membership:
    membership = _membership(group, actor)
    if membership is None or not membership.manages:
        raise PermissionDenied("Only the group's managers can do that.", "not_a_manager")
    return membership


def _require_owner(group: Group, actor: User) -> Membership:
    membership = _membership(group, actor)
    if membership is None or membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only the group's owner can do that.", "not_the_owner")
    return membership


def log(group: Group, actor: User | None, kind: str, *, subject: User | None = None, detail: str = "", reason: str = "") -> ManagerAction:
    """Append to the managers' log (other group actions, the group posts' among them, call this)."""
    return ManagerAction.objects.create(group=group, actor=actor, kind=kind, subject=subject, detail=detail[:300], reason=reason)


def _text(value: str | None, *, limit: int, label: str, field: str, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise KithError(f"{label}: this is required.", "required", field)
    if len(value) > limit:
        raise KithError(f"{label}: at most {limit:,} characters (this has {len(value):,}).", "too_long", field)
    return value


def _unique_slug(name: str, *, listed: bool) -> str:
    base = (slugify(name) or "group")[:60].strip("-") or "group"
    if not listed:
        # Unlisted groups are reached by their link alone, so the link must not be guessable.
        return f"{base}-{secrets.token_hex(4)}"
    slug, n = base, 1
    while Group.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _admit(group: Group, member: User, *, invited_by: User | None = None, now=None) -> Membership:
    """The one way in: the membership, the counter, the open invitation and request closed.
    The caller holds the group's lock and checked bans."""
    now = now or timezone.now()
    membership = Membership.objects.create(group=group, member=member, role=Membership.Role.MEMBER, joined_at=now, invited_by=invited_by)
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1, roster_version=F("roster_version") + 1)
    GroupInvitation.objects.filter(group=group, recipient=member, status=GroupInvitation.Status.PENDING).update(
        status=GroupInvitation.Status.ACCEPTED, answered_at=now
    )
    return membership


def _drop(group: Group, member: User) -> bool:
    deleted, _ = Membership.objects.filter(group=group, member=member).delete()
    if deleted:
        Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1, roster_version=F("roster_version") + 1)
    return bool(deleted)


def _roles_changed(group: Group) -> None:
    """A role changed: the member list's rosters (kith.groups.roster) are out of date."""
    Group.objects.filter(pk=group.pk).update(roster_version=F("roster_version") + 1)


def _check_join_limit(member: User) -> None:
    ratelimit.consume(
        "groups-joined",
        str(member.pk),
        limit=settings.KITH_GROUPS_JOINED_PER_DAY,
        window=86400,
        what="groups joined or asked to join",
        code="group_join_limit",
    )


# --- creating and configuring -------------------------------------------------------------------


def _policy(value: str | None, field: str = "join_policy") -> str:
    if value not in JoinPolicy.values:
        raise KithError(f"Join policy: choose one of {', '.join(JoinPolicy.values)}.", "invalid", field)
    return value


@transaction.atomic
def create_group(
    owner: User,
    *,
    name: str,
    description: str = "",
    rules: str = "",
    listed: bool = True,
    join_policy: str = JoinPolicy.OPEN,
    question: str = "",
) -> Group:
    """A new group with ``owner`` as its owner and only member."""
    name = _text(name, limit=NAME_MAX, label="Name", field="name", required=True)
    description = _text(description, limit=DESCRIPTION_MAX, label="Description", field="description")
    rules = _text(rules, limit=RULES_MAX, label="Rules", field="rules")
    question = _text(question, limit=QUESTION_MAX, label="Question", field="question")
    join_policy = _policy(join_policy)
    ratelimit.consume(
        "groups-created", str(owner.pk), limit=settings.KITH_GROUPS_CREATED_PER_DAY, window=86400,
        what="groups created", code="group_create_limit",
    )
    now = timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                group = Group.objects.create(
                    name=name, slug=_unique_slug(name, listed=listed), description=description, rules=rules,
                    listed=bool(listed), join_policy=join_policy, question=question, created_by=owner,
                    created_at=now, updated_at=now, member_count=1,
                )
                break
        except IntegrityError:  # two groups of one name created at once: take the next slug
            continue
    else:
        raise KithError("Try another name: groups with this name are being created right now.", "slug_taken", "name", status=409)
    Membership.objects.create(group=group, member=owner, role=Membership.Role.OWNER, joined_at=now)
    log(group, owner, ManagerAction.Kind.CREATED)
    return group


@transaction.atomic
def update_group(actor: User, group: Group, *, name: str | None = None, description: str | None = None,
                 rules: str | None = None, question: str | None = None) -> Group:
    """A manager edits what the group says about itself."""
    _require_manager(group, actor)
    group = _locked_group(group)
    changed = []
    for field, value, limit, label, required in (
        ("name", name, NAME_MAX, "Name", True),
        ("description", description, DESCRIPTION_MAX, "Description", False),
        ("rules", rules, RULES_MAX, "Rules", False),
        ("question", question, QUESTION_MAX, "Question", False),
    ):
        if value is None:
            continue
        value = _text(value, limit=limit, label=label, field=field, required=required)
        if value != getattr(group, field):
            setattr(group, field, value)
            changed.append(field)
    if changed:
        group.updated_at = timezone.now()
        group.save(update_fields=[*changed, "updated_at"])
        log(group, actor, ManagerAction.Kind.SETTINGS, detail=", ".join(changed))
    return group


@transaction.atomic
def update_settings(actor: User, group: Group, *, post_approval: bool | None = None, trial_days: int | None = None,
                    join_policy: str | None = None, listed: bool | None = None) -> Group:
    """Managers set the join policy, listing and trial period; only the owner turns post approval on or off."""
    membership = _require_manager(group, actor)
    group = _locked_group(group)
    if post_approval is not None and bool(post_approval) != group.post_approval and membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only the group's owner turns post approval on or off.", "not_the_owner", "post_approval")
    if trial_days is not None and not 0 <= int(trial_days) <= 365:
        raise KithError("Trial period: 0 to 365 days.", "invalid", "trial_days")
    if join_policy is not None:
        _policy(join_policy)
    changes = []
    for field, value in (("post_approval", post_approval), ("trial_days", trial_days), ("join_policy", join_policy), ("listed", listed)):
        if value is None:
            continue
        value = int(value) if field == "trial_days" else (bool(value) if field in ("post_approval", "listed") else value)
        if getattr(group, field) != value:
            setattr(group, field, value)
            changes.append(f"{field.replace('_', ' ')}: {value if not isinstance(value, bool) else ('on' if value else 'off')}")
    if changes:
        group.updated_at = timezone.now()
        group.save()
        log(group, actor, ManagerAction.Kind.SETTINGS, detail="; ".join(changes))
    return group


@transaction.atomic
def set_image(actor: User, group: Group, *, kind: str, upload) -> Group:
    """The group's logo (square) or cover (wide), validated like profile photos."""
    _require_manager(group, actor)
    if kind not in ("logo", "cover"):
        raise KithError("Image: logo or cover.", "invalid", "kind")
    label = kind.capitalize()
    image = read_image(upload, max_bytes=settings.KITH_PROFILE_PHOTO_MAX_BYTES, label=label, field=kind)
    size = (settings.KITH_GROUP_LOGO_SIZE,) * 2 if kind == "logo" else settings.KITH_GROUP_COVER_SIZE
    content = as_jpeg(image, size)
    group = _locked_group(group)
    field = getattr(group, kind)
    old = field.name if field else None
    field.save(f"{group.pk}-{secrets.token_hex(6)}.jpg", content, save=False)
    group.updated_at = timezone.now()
    group.save(update_fields=[kind, "updated_at"])
    log(group, actor, ManagerAction.Kind.SETTINGS, detail=f"new {kind}")
    if old:
        transaction.on_commit(lambda: field.storage.delete(old))
    return group


# --- joining, leaving, requests, invitations -------------------------------------------------------


@transaction.atomic
def join(member: User, group: Group, *, answer: str = "") -> Membership | JoinRequest:
    """Join ``group``: a membership for an open group or a pending invitation (from a manager,
    or any member's to an open group); a pending join request otherwise. Idempotent for a member
    already in, or with a request already pending (that request is returned)."""
    group = _locked_group(group)
    if Ban.objects.filter(group=group, member=member).exists():
        raise PermissionDenied("You can't join this group.", "banned")
    existing = _membership(group, member)
    if existing is not None:
        return existing
    pending = JoinRequest.objects.filter(group=group, member=member, status=JoinRequest.Status.PENDING).first()
    if pending is not None:
        return pending
    answer = _text(answer, limit=ANSWER_MAX, label="Answer", field="answer")
    invitation = (
        GroupInvitation.objects.filter(group=group, recipient=member, status=GroupInvitation.Status.PENDING)
        .select_related("sender").first()
    )
    sender_manages = invitation is not None and Membership.objects.filter(
        group=group, member_id=invitation.sender_id, role__in=Membership.MANAGING
    ).exists()
    if group.join_policy == JoinPolicy.INVITATION and invitation is None:
        raise PermissionDenied("This group is by invitation only: a member can invite you.", "invitation_only")
    _check_join_limit(member)
    now = timezone.now()
    if group.join_policy == JoinPolicy.OPEN or sender_manages:
        return _admit(group, member, invited_by=invitation.sender if invitation else None, now=now)
    # A request-to-join group, or a member's (not a manager's) invitation: a manager decides.
    if group.question and not answer and invitation is None:
        raise KithError(f"Answer the managers' question: {group.question}", "required", "answer")
    request = JoinRequest.objects.create(
        group=group, member=member, answer=answer, invited_by=invitation.sender if invitation else None, created_at=now
    )
    if invitation is not None:
        GroupInvitation.objects.filter(pk=invitation.pk).update(status=GroupInvitation.Status.ACCEPTED, answered_at=now)
    return request


@transaction.atomic
def withdraw_request(member: User, group: Group) -> JoinRequest:
    request = JoinRequest.objects.select_for_update().filter(group=group, member=member, status=JoinRequest.Status.PENDING).first()
    if request is None:
        raise NotFound("You have no pending request to join this group.", field="group")
    request.status = JoinRequest.Status.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


@transaction.atomic
def decline_invitation(member: User, group: Group) -> int:
    """Decline every pending invitation to ``group`` (there is at most one)."""
    return GroupInvitation.objects.filter(group=group, recipient=member, status=GroupInvitation.Status.PENDING).update(
        status=GroupInvitation.Status.DECLINED, answered_at=timezone.now()
    )


@transaction.atomic
def leave(member: User, group: Group) -> None:
    group = _locked_group(group)
    membership = _membership(group, member)
    if membership is None:
        raise KithError("You are not a member of this group.", "not_a_member", status=409)
    if membership.role == Membership.Role.OWNER:
        raise KithError("Hand the group over to another member before you leave: a group needs its owner.", "owner_leaving", status=409)
    _drop(group, member)


_DECIDE_VERBS = {JoinRequest.Status.APPROVED: "approved", JoinRequest.Status.DECLINED: "declined", JoinRequest.Status.REPORTED: "declined"}


def _decide(request: JoinRequest, status: str, *, by: User, now) -> None:
    if not request.can_move_to(status):
        raise KithError(
            f"This request is already {request.get_status_display().lower()}; it can't be {_DECIDE_VERBS.get(status, status)}.",
            "invalid_transition", "request", status=409,
        )
    request.status = status
    request.decided_at = now
    request.decided_by = by
    request.save(update_fields=["status", "decided_at", "decided_by"])


def _locked_request(group: Group, request_id: int) -> JoinRequest:
    request = JoinRequest.objects.select_for_update(of=("self",)).select_related("member__profile").filter(group=group, pk=request_id).first()
    if request is None:
        raise NotFound("No such join request.", field="request")
    return request


@transaction.atomic
def approve_request(manager: User, group: Group, request_id: int) -> Membership:
    _require_manager(group, manager)
    group = _locked_group(group)
    request = _locked_request(group, request_id)
    now = timezone.now()
    _decide(request, JoinRequest.Status.APPROVED, by=manager, now=now)
    if Ban.objects.filter(group=group, member_id=request.member_id).exists():
        raise KithError("This member is banned from the group; lift the ban first.", "banned", status=409)
    membership = _membership(group, request.member) or _admit(group, request.member, invited_by=request.invited_by, now=now)
    log(group, manager, ManagerAction.Kind.APPROVED, subject=request.member)
    notify(request.member, JOIN_APPROVED, actor=manager, target=group)
    return membership


@transaction.atomic
def decline_request(manager: User, group: Group, request_id: int, *, report: bool = False, reason: str = "spam") -> JoinRequest:
    """Decline silently (the applicant is not told), or decline and report them to the
    site's moderators."""
    _require_manager(group, manager)
    request = _locked_request(group, request_id)
    status = JoinRequest.Status.REPORTED if report else JoinRequest.Status.DECLINED
    _decide(request, status, by=manager, now=timezone.now())
    if report:
        file_report(manager, reported=request.member, reason=reason, text=f"Asked to join the group {group.name}.", subject=request)
    log(group, manager, ManagerAction.Kind.REPORTED if report else ManagerAction.Kind.DECLINED, subject=request.member)
    return request


def answer_requests(manager: User, group: Group, request_ids: Iterable[int], answer: str) -> dict[int, KithError | None]:
    """Answer several requests, each in its own transaction: one that was answered meanwhile
    doesn't stop the rest. ``{request id: None, or the refusal}``."""
    actions = {"approve": approve_request, "decline": decline_request, "report": lambda m, g, i: decline_request(m, g, i, report=True)}
    if answer not in actions:
        raise KithError("Answer: approve, decline or report.", "invalid", "answer")
    results: dict[int, KithError | None] = {}
    for request_id in dict.fromkeys(request_ids):
        try:
            actions[answer](manager, group, request_id)
            results[request_id] = None
        except KithError as error:
            results[request_id] = error
    return results


@transaction.atomic
def invite(sender: User, group: Group, *, to: User) -> GroupInvitation:
    """A member invites one of their connections. A manager's invitation admits on acceptance;
    a member's invitation to a group that is not open still needs a manager's approval."""
    membership = _membership(group, sender)
    if membership is None:
        raise PermissionDenied("Only the group's members can invite people to it.", "not_a_member")
    if to.pk == sender.pk:
        raise KithError("You are already in this group.", "self", "to")
    if not to.is_active or is_blocked_between(sender, to.pk) or not are_connected(sender.pk, to.pk):
        raise NotFound("You can invite your connections only: none has that handle.", field="to")
    group = _locked_group(group)
    name = to.profile.name
    if Membership.objects.filter(group=group, member=to).exists():
        raise KithError(f"{name} is already a member.", "already_member", "to", status=409)
    if Ban.objects.filter(group=group, member=to).exists():
        raise PermissionDenied(f"You can't invite {name} to this group.", "banned", "to")
    if GroupInvitation.objects.filter(group=group, recipient=to, status=GroupInvitation.Status.PENDING).exists():
        raise KithError(f"{name} already has an invitation to this group.", "already_invited", "to", status=409)
    ratelimit.consume(
        "group-invitations", str(sender.pk), limit=settings.KITH_GROUP_INVITATIONS_PER_DAY, window=86400,
        what="group invitations", code="group_invitation_limit", field="to",
    )
    invitation = GroupInvitation.objects.create(group=group, sender=sender, recipient=to)
    if membership.manages:
        log(group, sender, ManagerAction.Kind.INVITED, subject=to)
    notify(to, GROUP_INVITATION, actor=sender, target=group)
    return invitation


# --- removing and banning ------------------------------------------------------------------------


def _content(value: str) -> str:
    if value not in CONTENT_CHOICES:
        raise KithError("Content: say what happens to their posts and comments here: keep or remove.", "required", "content")
    return value


def _check_can_act_on(group: Group, manager: Membership, target: Membership | None, verb: str) -> None:
    if target is not None and target.member_id == manager.member_id:
        raise KithError(f"You can't {verb} yourself.", "self", "handle")
    if target is not None and target.role == Membership.Role.OWNER:
        raise PermissionDenied(f"The owner can't be {verb}d.", "owner", "handle")
    if target is not None and target.role == Membership.Role.MANAGER and manager.role != Membership.Role.OWNER:
        raise PermissionDenied(f"Only the owner can {verb} a manager.", "not_the_owner", "handle")


def _remove_content(group: Group, member: User, by: User) -> int:
    return sum(remover(group, member, by) for remover in _content_removers)


@transaction.atomic
def remove_member(manager: User, group: Group, member: User, *, content: str, reason: str = "") -> int:
    """Remove a member; ``content`` says what happens to their posts and comments in the group:
    "keep" or "remove". Returns how many posts and comments were removed."""
    content = _content(content)
    reason = _text(reason, limit=REASON_MAX, label="Reason", field="reason")
    acting = _require_manager(group, manager)
    group = _locked_group(group)
    target = _membership(group, member)
    if target is None:
        raise NotFound("No member of this group has that handle.", field="handle")
    _check_can_act_on(group, acting, target, "remove")
    _drop(group, member)
    removed = _remove_content(group, member, manager) if content == "remove" else 0
    log(group, manager, ManagerAction.Kind.REMOVED, subject=member, detail=f"content: {content}", reason=reason)
    return removed


@transaction.atomic
def ban_member(manager: User, group: Group, member: User, *, content: str, reason: str = "") -> Ban:
    """Ban a member (or someone not in the group yet): they leave, can't rejoin, ask, be
    invited, or see the group when it is unlisted. ``content`` as for ``remove_member``."""
    content = _content(content)
    reason = _text(reason, limit=REASON_MAX, label="Reason", field="reason")
    acting = _require_manager(group, manager)
    group = _locked_group(group)
    target = _membership(group, member)
    _check_can_act_on(group, acting, target, "ban")
    if member.pk == manager.pk:
        raise KithError("You can't ban yourself.", "self", "handle")
    ban, created = Ban.objects.get_or_create(group=group, member=member, defaults={"banned_by": manager, "reason": reason})
    if not created:
        raise KithError("This member is already banned.", "already_banned", "handle", status=409)
    _drop(group, member)
    now = timezone.now()
    JoinRequest.objects.filter(group=group, member=member, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.DECLINED, decided_at=now, decided_by=manager
    )
    GroupInvitation.objects.filter(group=group, recipient=member, status=GroupInvitation.Status.PENDING).update(
        status=GroupInvitation.Status.CANCELLED, answered_at=now
    )
    if content == "remove":
        _remove_content(group, member, manager)
    log(group, manager, ManagerAction.Kind.BANNED, subject=member, detail=f"content: {content}", reason=reason)
    return ban


@transaction.atomic
def unban(manager: User, group: Group, member: User) -> None:
    _require_manager(group, manager)
    deleted, _ = Ban.objects.filter(group=group, member=member).delete()
    if not deleted:
        raise NotFound("That member is not banned here.", field="handle")
    log(group, manager, ManagerAction.Kind.UNBANNED, subject=member)


# --- roles ---------------------------------------------------------------------------------------


def _target(group: Group, member: User) -> Membership:
    membership = Membership.objects.select_for_update().filter(group=group, member=member).first()
    if membership is None:
        raise NotFound("No member of this group has that handle.", field="handle")
    return membership


@transaction.atomic
def appoint_manager(owner: User, group: Group, member: User) -> Membership:
    _require_owner(group, owner)
    group = _locked_group(group)
    target = _target(group, member)
    if target.role != Membership.Role.MEMBER:
        raise KithError(f"{member.profile.name} already manages this group.", "already_manager", "handle", status=409)
    target.role = Membership.Role.MANAGER
    target.save(update_fields=["role"])
    _roles_changed(group)
    log(group, owner, ManagerAction.Kind.APPOINTED, subject=member)
    return target


@transaction.atomic
def dismiss_manager(owner: User, group: Group, member: User) -> Membership:
    _require_owner(group, owner)
    group = _locked_group(group)
    target = _target(group, member)
    if target.role != Membership.Role.MANAGER:
        raise KithError(f"{member.profile.name} is not a manager.", "not_a_manager", "handle", status=409)
    target.role = Membership.Role.MEMBER
    target.save(update_fields=["role"])
    _roles_changed(group)
    log(group, owner, ManagerAction.Kind.DISMISSED, subject=member)
    return target


@transaction.atomic
def transfer_ownership(owner: User, group: Group, member: User) -> Membership:
    """Hand the group to another member; the old owner stays on as a manager."""
    _require_owner(group, owner)
    group = _locked_group(group)
    target = _target(group, member)
    if target.member_id == owner.pk:
        raise KithError("You already own this group.", "self", "handle")
    Membership.objects.filter(group=group, member=owner).update(role=Membership.Role.MANAGER)
    target.role = Membership.Role.OWNER
    target.save(update_fields=["role"])
    _roles_changed(group)
    log(group, owner, ManagerAction.Kind.OWNERSHIP, subject=member)
    return target


# --- account deletion ----------------------------------------------------------------------------


@transaction.atomic
def erase_member(member: User) -> None:
    """What deleting an account does to groups: each group they own passes to its longest-serving
    manager (else its longest-standing member; a group with nobody else goes with them); they
    leave every group; their requests, invitations and bans go. The managers' log keeps its rows
    (the account becomes "a member")."""
    for membership in Membership.objects.filter(member=member, role=Membership.Role.OWNER).select_related("group"):
        group = _locked_group(membership.group)
        heir = (
            Membership.objects.filter(group=group).exclude(member=member).filter(member__is_active=True)
            .order_by(_heir_order(), "joined_at", "pk").first()
        )
        if heir is None:
            group.delete()
            continue
        Membership.objects.filter(pk=membership.pk).update(role=Membership.Role.MEMBER)
        Membership.objects.filter(pk=heir.pk).update(role=Membership.Role.OWNER)
        _roles_changed(group)
        log(group, None, ManagerAction.Kind.OWNERSHIP, subject=heir.member, detail="the owner's account was deleted")
    for group_id in list(Membership.objects.filter(member=member).values_list("group_id", flat=True)):
        _drop(_locked_group(Group(pk=group_id)), member)
    JoinRequest.objects.filter(member=member).delete()
    GroupInvitation.objects.filter(Q(sender=member) | Q(recipient=member)).delete()
    Ban.objects.filter(member=member).delete()


def _heir_order() -> Case:
    return Case(When(role=Membership.Role.MANAGER, then=Value(0)), default=Value(1), output_field=IntegerField())


# --- group posts ---------------------------------------------------------------------------------


def _locked_group_post(group: Group, post_id: int) -> GroupPost:
    row = GroupPost.objects.select_for_update(of=("self",)).select_related("post").filter(group=group, post_id=post_id).first()
    if row is None:
        raise NotFound("No such post in this group.", field="post")
    return row


_POST_VERBS = {
    GroupPost.Status.PUBLISHED: "approved",
    GroupPost.Status.REJECTED: "rejected",
    GroupPost.Status.NOT_REVIEWED: "returned",
    GroupPost.Status.REMOVED: "removed",
}


def _move_post(row: GroupPost, status: str, *, by: User | None, now, reason: str = "", spam: bool = False) -> None:
    """The one guard on group post transitions; keeps the post's own status in step."""
    if not row.can_move_to(status):
        raise KithError(
            f"This post is already {row.get_status_display().lower()}; it can't be {_POST_VERBS[status]}.",
            "invalid_transition", "post", status=409,
        )
    row.status = status
    row.decided_at = now
    row.decided_by = by
    row.reason = reason
    row.spam = spam
    fields = ["status", "decided_at", "decided_by", "reason", "spam"]
    if status == GroupPost.Status.PUBLISHED:
        row.published_at = now
        fields.append("published_at")
    if status != GroupPost.Status.PUBLISHED and row.pinned_at is not None:
        row.pinned_at = None
        fields.append("pinned_at")
    row.save(update_fields=fields)
    post_actions.set_status(row.post, Post.Status.PUBLISHED if status == GroupPost.Status.PUBLISHED else Post.Status.REMOVED)


@transaction.atomic
def approve_post(manager: User, group: Group, post_id: int) -> GroupPost:
    _require_manager(group, manager)
    row = _locked_group_post(group, post_id)
    now = timezone.now()
    _move_post(row, GroupPost.Status.PUBLISHED, by=manager, now=now)
    Group.objects.filter(pk=group.pk).update(last_post_at=now)
    log(group, manager, ManagerAction.Kind.POST_APPROVED, subject=row.author, detail=f"post {row.post_id}")
    notify(row.author, POST_APPROVED, actor=manager, target=row.post)
    return row


@transaction.atomic
def reject_post(manager: User, group: Group, post_id: int, *, reason: str, spam: bool = False) -> GroupPost:
    """Reject a pending post with a reason its author is told (a notification, and the post
    marked rejected in their own view). ``spam`` counts towards the cross-group hold."""
    reason = _text(reason, limit=REASON_MAX, label="Reason", field="reason", required=True)
    _require_manager(group, manager)
    row = _locked_group_post(group, post_id)
    _move_post(row, GroupPost.Status.REJECTED, by=manager, now=timezone.now(), reason=reason, spam=spam)
    log(group, manager, ManagerAction.Kind.POST_REJECTED, subject=row.author, detail=f"post {row.post_id}" + (", spam" if spam else ""), reason=reason)
    notify(row.author, POST_REJECTED, actor=manager, target=row.post)
    return row


@transaction.atomic
def remove_post(manager: User, group: Group, post_id: int, *, reason: str = "", spam: bool = False) -> GroupPost:
    """A manager deletes a post from the group: members no longer see it; its author does,
    marked removed with the reason."""
    reason = _text(reason, limit=REASON_MAX, label="Reason", field="reason")
    _require_manager(group, manager)
    row = _locked_group_post(group, post_id)
    _move_post(row, GroupPost.Status.REMOVED, by=manager, now=timezone.now(), reason=reason, spam=spam)
    log(group, manager, ManagerAction.Kind.POST_DELETED, subject=row.author, detail=f"post {row.post_id}" + (", spam" if spam else ""), reason=reason)
    if row.author_id != manager.pk:
        notify(row.author, POST_REMOVED, actor=manager, target=row.post)
    return row


@transaction.atomic
def pin_post(manager: User, group: Group, post_id: int | None) -> GroupPost | None:
    """Pin one published post to the top of the group's feed (it replaces the pinned one);
    ``post_id`` None unpins."""
    _require_manager(group, manager)
    group = _locked_group(group)
    current = GroupPost.objects.filter(group=group, pinned_at__isnull=False).first()
    if current is not None:
        GroupPost.objects.filter(pk=current.pk).update(pinned_at=None)
        if post_id is None:
            log(group, manager, ManagerAction.Kind.UNPINNED, detail=f"post {current.post_id}")
    if post_id is None:
        return None
    row = _locked_group_post(group, post_id)
    if row.status != GroupPost.Status.PUBLISHED:
        raise KithError("Only a published post can be pinned.", "not_published", "post", status=409)
    row.pinned_at = timezone.now()
    row.save(update_fields=["pinned_at"])
    log(group, manager, ManagerAction.Kind.PINNED, subject=row.author, detail=f"post {row.post_id}")
    return row


@transaction.atomic
def delete_comment(manager: User, group: Group, comment_id: int, *, reason: str = "") -> None:
    """A manager deletes a comment on one of the group's posts (logged, with the reason)."""
    reason = _text(reason, limit=REASON_MAX, label="Reason", field="reason")
    _require_manager(group, manager)
    comment = Comment.objects.select_related("post").filter(pk=comment_id, post__group_post__group=group).first()
    if comment is None:
        raise NotFound("No such comment in this group.", field="comment")
    author = comment.author
    post_actions.delete_comment(manager, comment_id)
    log(group, manager, ManagerAction.Kind.COMMENT_DELETED, subject=author, detail=f"comment on post {comment.post_id}", reason=reason)


def _reported(group: Group, report_id: int) -> tuple[Report, Post | None, Comment | None]:
    """An open report about one of the group's posts or comments (NotFound for any other)."""
    report = Report.objects.select_related("subject_type").filter(pk=report_id, status=Report.Status.OPEN).first()
    model = report.subject_type.model_class() if report is not None and report.subject_type is not None else None
    if model is Post and GroupPost.objects.filter(group=group, post_id=report.subject_id).exists():
        return report, Post.objects.get(pk=report.subject_id), None
    if model is Comment:
        comment = Comment.objects.filter(pk=report.subject_id, post__group_post__group=group).first()
        if comment is not None:
            return report, None, comment
    raise NotFound("No open report about this group's posts or comments has that id.", field="report")


@transaction.atomic
def answer_report(manager: User, group: Group, report_id: int, *, answer: str, reason: str = "") -> int:
    """A manager answers a report about the group's content: ``remove`` takes the post out of
    the group (its author told, with ``reason``; a report for spam counts towards the
    cross-group hold) or deletes the comment; ``keep`` leaves it. Either way every open report
    about that post or comment is resolved (kith.moderation.actions.resolve_report, saying which
    group's manager answered) and the managers' log says so. The site's moderators keep their
    queue item: a group manager answers for the group, not for the site. Returns how many
    reports were resolved."""
    if answer not in ("remove", "keep"):
        raise KithError("Answer: remove or keep.", "invalid", "answer")
    reason = _text(reason, limit=REASON_MAX, label="Reason", field="reason")
    _require_manager(group, manager)
    report, post, comment = _reported(group, report_id)
    if answer == "remove":
        if post is not None:
            row = _locked_group_post(group, post.pk)
            if row.status in (GroupPost.Status.PUBLISHED, GroupPost.Status.PENDING):
                remove_post(manager, group, post.pk, reason=reason or "Reported, and removed by a manager", spam=report.reason == Report.Reason.SPAM)
        else:
            delete_comment(manager, group, comment.pk, reason=reason or "Reported, and deleted by a manager")
        resolution = f"Removed by a manager of the group {group.name}"
    else:
        subject = post.author if post is not None else comment.author
        what = f"post {post.pk}" if post is not None else f"comment on post {comment.post_id}"
        log(group, manager, ManagerAction.Kind.REPORT_KEPT, subject=subject, detail=what, reason=reason)
        resolution = f"Kept by a manager of the group {group.name}"
    if reason:
        resolution += f": {reason}"
    about = post if post is not None else comment
    same = Report.objects.filter(subject_type=report.subject_type, subject_id=about.pk, status=Report.Status.OPEN)
    resolved = 0
    for other in same.order_by("pk"):
        resolve_report(other, by=manager, resolution=resolution)
        resolved += 1
    return resolved


@transaction.atomic
def return_unreviewed(*, now=None) -> int:
    """Pending posts nobody answered in KITH_GROUP_PENDING_DAYS go back to their authors as
    "not reviewed", with a notice: never deleted silently. Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.KITH_GROUP_PENDING_DAYS)
    returned = 0
    for post_id in list(GroupPost.objects.filter(status=GroupPost.Status.PENDING, created_at__lt=cutoff).values_list("post_id", flat=True)[:1000]):
        row = GroupPost.objects.select_for_update(of=("self",)).select_related("post", "group").filter(post_id=post_id, status=GroupPost.Status.PENDING).first()
        if row is None:
            continue
        days = settings.KITH_GROUP_PENDING_DAYS
        _move_post(row, GroupPost.Status.NOT_REVIEWED, by=None, now=now, reason=f"No manager reviewed it in {days} days.")
        _notify_system(row)
        returned += 1
    return returned


def _notify_system(row: GroupPost) -> None:
    """A notice with no person behind it: the group's owner stands as its actor (notify skips
    the author's own doing, and the owner is who the group answers for)."""
    owner = owner_of(row.group_id)
    actor = owner if owner is not None and owner.pk != row.author_id else None
    if actor is None:
        actor = Membership.objects.filter(group_id=row.group_id, role__in=Membership.MANAGING).exclude(member_id=row.author_id).values_list("member", flat=True).first()
        actor = User.objects.filter(pk=actor).first() if actor else None
    if actor is not None:
        notify(row.author, POST_NOT_REVIEWED, actor=actor, target=row.post)


def _remove_group_content(group: Group, member: User, by: User) -> int:
    """Removing or banning with content "remove": every post of theirs in the group is removed
    (they still see it, marked), every comment of theirs on the group's posts deleted."""
    now = timezone.now()
    removed = 0
    for post_id in list(GroupPost.objects.filter(group=group, author=member, status__in=[GroupPost.Status.PUBLISHED, GroupPost.Status.PENDING]).values_list("post_id", flat=True)):
        row = _locked_group_post(group, post_id)
        _move_post(row, GroupPost.Status.REMOVED, by=by, now=now, reason="Removed with its author from the group.")
        removed += 1
    for comment_id in list(Comment.objects.filter(post__group_post__group=group, author=member).values_list("pk", flat=True)):
        if not Comment.objects.filter(pk=comment_id).exists():  # a reply went with its parent
            continue
        try:
            post_actions.delete_comment(by, comment_id)
        except KithError:  # hidden from this manager (a block): another manager can delete it
            continue
        removed += 1
    return removed


register_content_remover(_remove_group_content)


# --- the group itself, reported to the site's moderators ------------------------------------


@transaction.atomic
def report_group(reporter: User, slug: str, *, reason: str, text: str = "") -> Report:
    """Report a group (its name, description, rules or images) to the site's moderators: a
    queue item of kind "group" (kith.moderation.content). The owner is the member reported and
    never learns who reported; the owner cannot report their own group."""
    access = access_group(reporter, slug)
    group = access.group
    owner = owner_of(group.pk)
    if owner is None:
        raise NotFound("No group with that address.", field="slug")
    if owner.pk == reporter.pk:
        raise KithError("You can't report your own group: edit it in its settings instead.", "self", "slug")
    return file_report(reporter, reported=owner, reason=reason, text=text, subject=group)


@transaction.atomic
def remove_group_content_for_moderators(group: Group, by: User, member: User | None = None) -> str:
    """A site moderator takes down what was reported of a group (kith.moderation's
    remove_content): its description, rules, logo and cover go; the name stays (a group needs
    one, and a moderator who finds it abusive suspends the owner). The group's managers see it in
    their log. The caller checked that ``by`` is a moderator."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    removed = [label for label, value in (("description", group.description), ("rules", group.rules), ("logo", group.logo), ("cover", group.cover)) if value]
    group.description = group.rules = ""
    group.logo = group.cover = ""
    group.updated_at = timezone.now()
    group.save(update_fields=["description", "rules", "logo", "cover", "updated_at"])
    said = ", ".join(removed) if removed else "nothing left to remove"
    log(group, by, ManagerAction.Kind.MODERATED, detail=f"Removed: {said}.")
    return f"the group “{group.name}”'s {said}" if removed else f"nothing of the group “{group.name}” (already empty)"
