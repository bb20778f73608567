"""Writes for notifications: create one (email queued after commit), mark read, set preferences."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from kith.core.errors import KithError
from kith.members.models import User
from kith.network.models import Invitation
from kith.notifications.models import Notification, NotificationPreference


def notify(recipient: User, kind: str, *, actor: User, invitation: Invitation | None = None) -> Notification:
    """Record an in-app notification and queue its email once the surrounding transaction commits.

    Called from inside other actions: if their transaction rolls back, neither the
    notification nor the email exists.
    """
    notification = Notification.objects.create(recipient=recipient, kind=kind, actor=actor, invitation=invitation)

    def queue_email() -> None:
        from kith.notifications.tasks import send_notification_email

        send_notification_email.delay(notification.pk)

    transaction.on_commit(queue_email)
    return notification


@transaction.atomic
def mark_read(member: User, *, ids: Iterable[int] | None = None) -> int:
    """Mark the member's notifications read (all of them when ``ids`` is None). Returns how many changed."""
    qs = Notification.objects.filter(recipient=member, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


@transaction.atomic
def set_email_preferences(member: User, preferences: dict[str, bool]) -> None:
    """Turn emails on or off per notification kind."""
    kinds = set(Notification.Kind.values)
    for kind, email in preferences.items():
        if kind not in kinds:
            raise KithError(f"Unknown notification type: {kind}.", "invalid", kind)
        NotificationPreference.objects.update_or_create(member=member, kind=kind, defaults={"email": bool(email)})
