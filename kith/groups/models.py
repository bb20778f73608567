"""Groups: the group, who is in it and in what role, who asked or was invited to join,
who is banned, and the managers' log.

Every row here is written by kith.groups.actions: they lock the group (membership
changes, bans) or the request (answers), keep ``Group.member_count`` in step (checked by
``kith doctor``) and write the log. The constraints below back those checks, so a race
loses cleanly: one owner a group, one membership a member, one pending request or
invitation a member.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from kith.members.models import User


class JoinPolicy(models.TextChoices):
    OPEN = "open", "Anyone can join"
    REQUEST = "request", "Request to join (a manager approves)"
    INVITATION = "invitation", "Invitation only"


class Group(models.Model):
    """A group. ``listed`` groups are in the directory, search and on profiles; unlisted ones
    are reached only through an invitation or their link (their slug carries a random tail)."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    rules = models.TextField(max_length=5000, blank=True)
    logo = models.ImageField(upload_to="groups/logos/%Y/%m/", blank=True)
    cover = models.ImageField(upload_to="groups/covers/%Y/%m/", blank=True)
    listed = models.BooleanField(default=True)
    join_policy = models.CharField(max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.OPEN)
    question = models.CharField(max_length=300, blank=True, help_text="Asked of members who request to join")
    post_approval = models.BooleanField(default=False)
    trial_days = models.PositiveSmallIntegerField(default=0, help_text="A new member's posts need approval for this many days")
    member_count = models.PositiveIntegerField(default=0)
    # Bumped by every action that changes who is in the group or in what role, in the same
    # transaction: the member list's per-process roster (kith.groups.roster) is kept by it.
    roster_version = models.PositiveIntegerField(default=0)
    last_post_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["-member_count"], condition=Q(listed=True), name="group_listed_size_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(trial_days__lte=365), name="group_trial_days_max")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        MANAGER = "manager", "Manager"
        MEMBER = "member", "Member"

    MANAGING = (Role.OWNER, Role.MANAGER)

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_memberships")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="membership_once"),
            models.UniqueConstraint(fields=["group"], condition=Q(role="owner"), name="membership_one_owner"),
        ]
        indexes = [
            models.Index(fields=["group", "-joined_at", "id"], name="membership_group_recent_idx"),
            models.Index(fields=["member", "group"], name="membership_member_idx"),
            # The member list reads every member's id and role from this index alone.
            models.Index(fields=["group", "role", "member", "id"], name="membership_group_role_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.group} ({self.role})"

    @property
    def manages(self) -> bool:
        return self.role in self.MANAGING


class JoinRequest(models.Model):
    """A member asks to join a request-to-join group, or a member (not a manager) invited
    them to one and they accepted: either way a manager decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        REPORTED = "reported", "Declined and reported"
        WITHDRAWN = "withdrawn", "Withdrawn"

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.DECLINED, Status.REPORTED, Status.WITHDRAWN},
    }

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_join_requests")
    answer = models.TextField(max_length=1000, blank=True)
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], condition=Q(status="pending"), name="join_request_one_pending"),
        ]
        indexes = [models.Index(fields=["group", "status", "-created_at"], name="join_request_queue_idx")]

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


class GroupInvitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"  # the recipient joined otherwise, or was banned

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invitations")
    sender = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_invitations")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "recipient"], condition=Q(status="pending"), name="group_invitation_one_pending"),
        ]
        indexes = [models.Index(fields=["sender", "-created_at"], name="group_invitation_sender_idx")]


class Ban(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="bans")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_bans")
    banned_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="ban_once")]


class ManagerAction(models.Model):
    """The managers' log: who did what, to whom, when and why. Append-only: actions add rows,
    nothing edits or deletes them (a deleted group takes its log with it)."""

    class Kind(models.TextChoices):
        CREATED = "created", "created the group"
        SETTINGS = "settings", "changed the settings"
        APPROVED = "approved", "approved a join request"
        DECLINED = "declined", "declined a join request"
        REPORTED = "reported", "declined and reported a join request"
        INVITED = "invited", "invited a member"
        REMOVED = "removed", "removed a member"
        BANNED = "banned", "banned a member"
        UNBANNED = "unbanned", "lifted a ban"
        APPOINTED = "appointed", "appointed a manager"
        DISMISSED = "dismissed", "made a manager a member again"
        OWNERSHIP = "ownership", "handed ownership over"
        POST_APPROVED = "post_approved", "approved a post"
        POST_REJECTED = "post_rejected", "rejected a post"
        POST_DELETED = "post_deleted", "deleted a post"
        COMMENT_DELETED = "comment_deleted", "deleted a comment"
        PINNED = "pinned", "pinned a post"
        UNPINNED = "unpinned", "unpinned a post"
        REPORT_KEPT = "report_kept", "kept reported content"
        MODERATED = "moderated", "removed the group's reported content (a site moderator)"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="log")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    subject = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.CharField(max_length=300, blank=True)
    reason = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["group", "-created_at", "-id"], name="manager_action_group_idx")]


class GroupPost(models.Model):
    """A post whose audience is a group (kith.posts.Post with audience "group"): where it is,
    whether a manager let it through, and what the author is told.

    The post's own status follows this one (kith.groups.audience keeps them together):
    published -> published; pending -> pending; rejected, not reviewed and removed -> removed,
    which only its author (and the group's managers) still see, marked with ``reason``."""

    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        PENDING = "pending", "Waiting for a manager's approval"
        REJECTED = "rejected", "Rejected"
        NOT_REVIEWED = "not_reviewed", "Not reviewed"  # pending too long: returned to its author
        REMOVED = "removed", "Removed by a manager"

    class Held(models.TextChoices):
        NO = "", "Not held"
        APPROVAL = "approval", "Every post in this group is approved first"
        TRIAL = "trial", "New members' posts are approved first"
        HOLD = "hold", "Held for approval in every group for a while"
        NEW = "new", "A new member's first posts are approved first"  # kith.moderation's trust levels

    TRANSITIONS = {
        Status.PENDING: {Status.PUBLISHED, Status.REJECTED, Status.NOT_REVIEWED, Status.REMOVED},
        Status.PUBLISHED: {Status.REMOVED},
    }

    post = models.OneToOneField("posts.Post", on_delete=models.CASCADE, primary_key=True, related_name="group_post")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="group_posts")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices)
    held = models.CharField(max_length=8, choices=Held.choices, blank=True, default=Held.NO)
    reason = models.TextField(max_length=1000, blank=True)  # why it was rejected or removed: the author reads it
    spam = models.BooleanField(default=False)  # rejected or removed as spam: counts towards the cross-group hold
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pinned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group"], condition=Q(pinned_at__isnull=False), name="group_post_one_pinned"),
        ]
        indexes = [
            # The group feed: published posts, newest first, one index range scan.
            models.Index(fields=["group", "status", "-published_at", "-post"], name="group_post_feed_idx"),
            models.Index(fields=["group", "status", "created_at"], name="group_post_queue_idx"),
            models.Index(fields=["author", "spam", "decided_at"], name="group_post_author_spam_idx"),
        ]

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())
