"""Moderation: reports members file about other members and their content, for staff to review."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


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
