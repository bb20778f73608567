"""Moderation: reports, the review queue, restrictions, warnings, appeals and the audit log.

- ``Report``: a member reports another (and one thing of theirs). Never shown to the reported member.
- ``QueueItem``: one entry of the moderators' queue. Everything reported or held lands in one:
  reports (of a member, an invitation, a conversation, a post…), automatic holds
  (``kith.moderation.holds``), standing restrictions (too many "I don't know" answers) and appeals.
- ``Restriction``: what limits a member until it ends or is lifted: no invitations, invitations
  only to typed addresses (standing), no posting, suspended, held (no invitations, no message requests).
- ``MemberWarning``: a moderator's message the member must acknowledge.
- ``Appeal``: one per moderator action, from the member it was taken on.
- ``AuditEntry``: append-only: every moderator action (and every automatic hold). The database
  refuses to change a row (triggers, see migration 0003); no page, API or admin edits one.
- ``Outreach``: what the hold rules remember of a member's invitations and message requests
  (a fingerprint of the note, whether it went to a stranger and carried a link).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

MODERATE = "moderation.moderate"  # the moderator's permission (codename "moderate" on QueueItem)


class QueueItem(models.Model):
    """One thing for moderators to look at, about one member."""

    class Kind(models.TextChoices):
        MEMBER = "member", "Member"
        INVITATION = "invitation", "Invitation"
        CONVERSATION = "conversation", "Conversation"
        POST = "post", "Post"
        COMMENT = "comment", "Comment"
        GROUP = "group", "Group"
        HOLD = "hold", "Automatic hold"
        STANDING = "standing", "Standing restriction"
        APPEAL = "appeal", "Appeal"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_items")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    subject_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    summary = models.CharField(max_length=300, blank=True)
    # For holds: the signals that fired, [{"signal", "value", "threshold", "text"}].
    signals = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(max_length=24, blank=True)

    class Meta:
        permissions = [("moderate", "Can moderate: the queue, its actions and the audit log")]
        indexes = [
            models.Index(fields=["status", "-updated_at"]),
            models.Index(fields=["member", "status"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", resolved_at__isnull=True) | Q(status="resolved", resolved_at__isnull=False),
                name="queue_item_resolved_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Queue item {self.pk}: {self.kind} about member {self.member_id}"

    @property
    def resolution_label(self) -> str:
        """The action that closed the item, in words ("Restricted invitations")."""
        if self.resolution in AuditEntry.Action.values:
            return AuditEntry.Action(self.resolution).label
        return self.resolution


class Report(models.Model):
    """A member reports another, optionally about one thing of theirs (``subject``: an
    invitation, a conversation, a post, a comment…). The reported member never learns
    who reported."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        FAKE = "fake", "Fake account"
        HARASSMENT = "harassment", "Harassment"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_filed")
    reported = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_against")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    text = models.TextField(max_length=2000, blank=True)
    subject_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.TextField(max_length=2000, blank=True)
    item = models.ForeignKey(QueueItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")
    # The reporter asked to hear that it was reviewed (never what was done, nor to whom).
    wants_outcome = models.BooleanField(default=True)
    outcome_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["reported", "-created_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", resolved_at__isnull=True)
                | models.Q(status="resolved", resolved_at__isnull=False),
                name="report_resolved_has_time",
            ),
            models.CheckConstraint(condition=~models.Q(reporter=models.F("reported")), name="report_not_self"),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} on member {self.reported_id} ({self.reason})"


class AuditEntry(models.Model):
    """One moderator action, or one automatic hold (``moderator`` empty). Append-only.

    The references carry no database constraint and the names are copied, so a row
    outlives the accounts and items it names: deleting an account never edits the log.
    """

    class Action(models.TextChoices):
        DISMISS = "dismiss", "Dismissed"
        WARN = "warn", "Warned"
        REMOVE_CONTENT = "remove_content", "Removed content"
        RESTRICT_INVITATIONS = "restrict_invitations", "Restricted invitations"
        RESTRICT_POSTING = "restrict_posting", "Restricted posting"
        SUSPEND = "suspend", "Suspended"
        LIFT = "lift", "Lifted"
        HOLD = "hold", "Held automatically"
        STANDING = "standing", "Restricted by standing"

    created_at = models.DateTimeField(default=timezone.now)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    moderator_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=24, choices=Action.choices)
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    member_handle = models.CharField(max_length=60)
    item = models.ForeignKey(
        QueueItem, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="audit"
    )
    reason = models.TextField(max_length=2000)
    # What the action did: {"days": 7, "ends_at": "...", "removed": "...", "lifted": [ids], "signals": [...]}
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["-created_at"]),
            models.Index(fields=["member", "-created_at"]),
            models.Index(fields=["moderator", "-created_at"]),
            models.Index(fields=["action", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} @{self.member_handle}"


class Restriction(models.Model):
    """A limit on a member from ``starts_at`` until ``ends_at`` (None: until a moderator lifts it)."""

    class Kind(models.TextChoices):
        INVITATIONS = "invitations", "No invitations"
        STANDING = "standing", "Invitations only to addresses you type"
        POSTING = "posting", "No posting"
        SUSPENSION = "suspension", "Suspended"
        HOLD = "hold", "Held for review: no invitations or message requests"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="restrictions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.TextField(max_length=2000)  # shown to the member
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    action = models.ForeignKey(
        AuditEntry, on_delete=models.DO_NOTHING, db_constraint=False, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(QueueItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="restrictions")
    # Standing: {"declined": n, "answered": n, "window_days": d}; hold: {"signals": [...]}
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["member", "kind", "-starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")), name="moderation_restriction_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on member {self.member_id}"


class MemberWarning(models.Model):
    """A moderator's warning: shown to the member until they acknowledge it."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_warnings")
    message = models.TextField(max_length=2000)
    action = models.ForeignKey(AuditEntry, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["member", "acknowledged_at"])]


class Appeal(models.Model):
    """A member asks moderators to reconsider one action taken on them. One per action."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_appeals")
    action = models.OneToOneField(AuditEntry, on_delete=models.DO_NOTHING, db_constraint=False, related_name="appeal")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    item = models.ForeignKey(QueueItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")


class Outreach(models.Model):
    """One invitation or message request a member sent, as the hold rules remember it."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", "Invitation"
        MESSAGE_REQUEST = "message_request", "Message request"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    recipient_id = models.BigIntegerField()
    stranger = models.BooleanField()  # no connection in common, no shared company or school
    has_link = models.BooleanField(default=False)
    # MinHash of the note's shingles (uint32 × KITH_HOLD_MINHASH_PERMUTATIONS), empty for no note.
    signature = models.BinaryField(blank=True, default=b"")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["member", "-created_at"])]
