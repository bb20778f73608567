"""Introductions: a member asks a connection (or a chain of two) to introduce them to someone.

An IntroductionRequest travels hop by hop (IntroductionHop, one per introducer, in
order) and then reaches its target. Both are small state machines; the allowed moves
live next to the states (``TRANSITIONS``) and one guard in the actions enforces them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

NOTE_MAX = 500


class IntroductionRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "On its way"  # an introducer has it
        DECLINED = "declined", "Declined"  # an introducer declined or a block ended it: the asker still sees it on its way
        INTRODUCED = "introduced", "Introduced"  # the target has it
        REPLIED = "replied", "Replied"  # the target wrote back (the three-way or a direct conversation)
        CONNECTED = "connected", "Connected"
        IGNORED = "ignored", "Ignored"  # by the target: the asker still sees "introduced"
        NOT_FORWARDED = "not_forwarded", "Not forwarded"  # what the asker sees of a decline or silence, after 14 days

    TRANSITIONS: dict[str, set[str]] = {
        Status.PENDING: {Status.PENDING, Status.DECLINED, Status.INTRODUCED, Status.NOT_FORWARDED},
        Status.DECLINED: {Status.NOT_FORWARDED},
        Status.INTRODUCED: {Status.REPLIED, Status.CONNECTED, Status.IGNORED},
        Status.REPLIED: {Status.CONNECTED, Status.IGNORED},
        Status.IGNORED: {Status.CONNECTED, Status.REPLIED},
        Status.CONNECTED: set(),
        Status.NOT_FORWARDED: set(),
    }
    # One open request per asker and target (a partial unique constraint holds it).
    OPEN = (Status.PENDING, Status.DECLINED, Status.INTRODUCED, Status.REPLIED)
    # What the asker sees as "on its way": every silent answer looks like no answer.
    SEEN_PENDING_BY_ASKER = (Status.PENDING, Status.DECLINED)
    # The target has it (what the target's box lists).
    AT_TARGET = (Status.INTRODUCED, Status.REPLIED, Status.IGNORED, Status.CONNECTED)

    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions_asked")
    target = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introductions_received")
    note_to_introducer = models.CharField(max_length=NOTE_MAX, blank=True)
    note_to_target = models.CharField(max_length=NOTE_MAX, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    introduced_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)  # by the target
    # The conversation the target's Reply opened (three-way or direct), for the link back.
    conversation_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["asker", "target"],
                condition=Q(status__in=["pending", "declined", "introduced", "replied"]),
                name="introduction_one_open_per_pair",
            ),
            models.CheckConstraint(condition=~Q(asker=F("target")), name="introduction_not_self"),
        ]
        indexes = [
            models.Index(fields=["asker", "-created_at"]),
            models.Index(fields=["target", "status", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"introduction {self.pk}: {self.asker_id} -> {self.target_id} ({self.status})"

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class IntroductionHop(models.Model):
    """One introducer on a request's way, ``position`` 1 (the asker's connection) or 2."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Not reached yet"
        PENDING = "pending", "Waiting for an answer"
        FORWARDED = "forwarded", "Forwarded"
        DECLINED = "declined", "Declined"
        UNKNOWN = "unknown", "Doesn't know them well enough"
        ENDED = "ended", "Ended"  # a block on the path, or the request went nowhere in time

    TRANSITIONS: dict[str, set[str]] = {
        Status.WAITING: {Status.PENDING, Status.ENDED},
        Status.PENDING: {Status.FORWARDED, Status.DECLINED, Status.UNKNOWN, Status.ENDED},
        Status.FORWARDED: set(),
        Status.DECLINED: set(),
        Status.UNKNOWN: set(),
        Status.ENDED: set(),
    }

    request = models.ForeignKey(IntroductionRequest, on_delete=models.CASCADE, related_name="hops")
    position = models.PositiveSmallIntegerField()
    introducer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="introduction_hops")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    note = models.CharField(max_length=NOTE_MAX, blank=True)  # the introducer's own words, when forwarding
    reached_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="introduction_hop_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1) & Q(position__lte=2), name="introduction_hop_position_1_2"),
        ]
        indexes = [models.Index(fields=["introducer", "status", "-reached_at"])]

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.status]


class MarketDigestPreference(models.Model):
    """A member opted in to the weekly "Reach my market" email."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="market_digest")
    weekly = models.BooleanField(default=False)
    last_sent_at = models.DateTimeField(null=True, blank=True)
