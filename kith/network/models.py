"""The network's workflows: invitations, follows, dismissed suggestions (standing restrictions are moderation's).

The facts that access rules need (connections, blocks and the connection event log)
live in kith.members.models, the bottom layer; this app writes them through its actions.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Follow(models.Model):
    """One-way: ``follower`` sees ``followed``'s activity. Needs no consent."""

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    followed = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_unique_pair"),
            models.CheckConstraint(condition=~Q(follower=F("followed")), name="follow_not_self"),
        ]


class Invitation(models.Model):
    """A connection request. Its life is a small state machine; see TRANSITIONS."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        IGNORED = "ignored", "Ignored"
        DECLINED_UNKNOWN = "declined_unknown", "I don't know this person"
        REPORTED = "reported", "Reported as spam"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Expired"
        # The sender typed an email address that is not the recipient's. The sender is
        # answered as if it were (so invitations are no oracle for members' addresses) and
        # sees it pending; the recipient never sees it; it expires like any other.
        HELD = "held", "Held: the email address typed was not theirs"

    # The only moves an invitation can make. An ignored invitation stays acceptable
    # (the recipient keeps it under "Ignored") and can still be marked unknown or spam.
    # Ignoring is silent: the sender still sees it pending, so may still withdraw it.
    TRANSITIONS: dict[str, set[str]] = {
        Status.PENDING: {Status.ACCEPTED, Status.IGNORED, Status.DECLINED_UNKNOWN, Status.REPORTED, Status.WITHDRAWN, Status.EXPIRED},
        Status.IGNORED: {Status.ACCEPTED, Status.DECLINED_UNKNOWN, Status.REPORTED, Status.WITHDRAWN, Status.EXPIRED},
        Status.ACCEPTED: set(),
        Status.DECLINED_UNKNOWN: set(),
        Status.REPORTED: set(),
        Status.WITHDRAWN: set(),
        Status.EXPIRED: set(),
        Status.HELD: {Status.WITHDRAWN, Status.EXPIRED},
    }
    OPEN = (Status.PENDING, Status.IGNORED)
    # What the sender sees as "pending": every silent answer looks like no answer.
    SEEN_PENDING_BY_SENDER = (Status.PENDING, Status.IGNORED, Status.DECLINED_UNKNOWN, Status.REPORTED, Status.HELD)
    # Answers by the recipient (the denominator of the sender's standing).
    ANSWERED = (Status.ACCEPTED, Status.IGNORED, Status.DECLINED_UNKNOWN, Status.REPORTED)
    DECLINED = (Status.DECLINED_UNKNOWN, Status.REPORTED)
    # Final answers by the recipient: the same answer again is answered the same (idempotent).
    ANSWERED_FOR_GOOD = (Status.ACCEPTED, Status.DECLINED_UNKNOWN, Status.REPORTED)

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_received")
    note = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    # True when the sender typed the recipient's email address (it satisfies "people who know my email").
    knows_email = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Set when the sender "withdraws" an invitation that was silently declined: it
    # leaves their Sent box while its status (and the ban on re-inviting) stays.
    dismissed_by_sender_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One open (pending, ignored or held) invitation per ordered pair; a race loses here.
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status__in=["pending", "ignored", "held"]),
                name="invitation_one_open_per_pair",
            ),
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="invitation_not_self"),
        ]
        indexes = [
            models.Index(fields=["recipient", "status", "-created_at"]),
            models.Index(fields=["sender", "status", "-created_at"]),
            models.Index(fields=["sender", "-created_at"]),
            models.Index(fields=["sender", "answered_at"]),
        ]

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class SuggestionDismissal(models.Model):
    """A member told People You May Know to stop suggesting someone."""

    class Reason(models.TextChoices):
        DISMISSED = "dismissed", "Not now"
        UNKNOWN = "unknown", "I don't know them"

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dismissed_suggestions")
    dismissed = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=10, choices=Reason.choices, default=Reason.DISMISSED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "dismissed"], name="suggestion_dismissal_unique_pair"),
            models.CheckConstraint(condition=~Q(member=F("dismissed")), name="suggestion_dismissal_not_self"),
        ]
