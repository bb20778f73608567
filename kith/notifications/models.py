"""Notifications: what a member is told about, in the app and (by preference) by email."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """One thing a member is told about: ``actor`` did ``kind`` to ``target``.

    ``kind`` is one of the kinds registered in kith.notifications.kinds; ``target`` is
    any object (an invitation, a post, a comment…). A notification that collapses
    others ("Grace and 3 others reacted") counts them in ``actor_count``, with the
    latest actor in ``actor``.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    actor_count = models.PositiveIntegerField(default=1)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(actor_count__gte=1), name="notification_actor_count_positive")]

    @property
    def template_name(self) -> str:
        return f"notifications/kinds/{self.kind}.html"

    @property
    def others_count(self) -> int:
        return self.actor_count - 1


class NotificationPreference(models.Model):
    """Per member and kind: whether to email. Missing row = the kind's default."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=40)
    email = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="notification_preference_unique")]
