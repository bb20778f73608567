"""Moderation: reports members file about other members, for staff to review."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Report(models.Model):
    """A member reports another. The reported member never learns who reported."""

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
    # A spam report on an invitation keeps the invitation (and its note) attached.
    invitation = models.ForeignKey("network.Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["reported", "-created_at"]),
        ]
