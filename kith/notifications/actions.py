"""Writes for notifications: notify (email queued after commit), retract, mark read, preferences."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from kith.core.errors import KithError
from kith.members.models import User
from kith.notifications import kinds
from kith.notifications.models import Notification, NotificationPreference


def _target_filter(target: models.Model) -> dict:
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": target.pk}


def notify(
    recipient: User, kind: str, *, actor: User, target: models.Model | None = None, collapse: bool = False
) -> Notification | None:
    """Tell ``recipient`` that ``actor`` did ``kind`` (to ``target``); email it once the
    surrounding transaction commits, if the recipient wants that kind by email.

    Called from inside other actions: if their transaction rolls back, neither the
    notification nor the email exists. Nobody is notified of their own doing (None).

    ``collapse``: fold into the recipient's unread notification of the same kind about
    the same target, if there is one ("Grace and 3 others reacted to your post"): its
    actor becomes the latest, its count grows, it moves to the top, and no second
    email is sent.
    """
    registered = kinds.get(kind)
    if registered is None:
        raise ValueError(f"Unregistered notification kind: {kind!r}")
    if recipient.pk == actor.pk and not registered.own:
        return None
    about = _target_filter(target) if target is not None else {"target_type": None, "target_id": None}
    if collapse:
        existing = (
            Notification.objects.select_for_update()
            .filter(recipient=recipient, kind=kind, read_at__isnull=True, **about)
            .order_by("-created_at")
            .first()
        )
        if existing is not None:
            if existing.actor_id != actor.pk:
                Notification.objects.filter(pk=existing.pk).update(
                    actor=actor, actor_count=F("actor_count") + 1, created_at=timezone.now()
                )
            existing.refresh_from_db()
            return existing
    notification = Notification.objects.create(recipient=recipient, kind=kind, actor=actor, **about)

    def queue_email() -> None:
        from kith.notifications.tasks import send_notification_email

        send_notification_email.delay(notification.pk)

    transaction.on_commit(queue_email)
    return notification


@transaction.atomic
def retract(
    *, target: models.Model | None = None, targets: models.QuerySet | None = None, kind: str | None = None
) -> int:
    """Remove notifications about ``target`` (or every object in ``targets``), of one
    ``kind`` when given: what they told of is gone (a withdrawn invitation, a deleted
    post). Returns how many went. An email not yet sent is then not sent (the task
    re-checks)."""
    if target is not None:
        qs = Notification.objects.filter(**_target_filter(target))
    elif targets is not None:
        qs = Notification.objects.filter(
            target_type=ContentType.objects.get_for_model(targets.model), target_id__in=targets.values("pk")
        )
    else:
        raise ValueError("retract() needs a target or targets")
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs.delete()[0]


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
    for kind, email in preferences.items():
        if kinds.get(kind) is None:
            raise KithError(f"Unknown notification type: {kind}.", "invalid", kind)
        NotificationPreference.objects.update_or_create(member=member, kind=kind, defaults={"email": bool(email)})


@transaction.atomic
def erase_member(member: User) -> int:
    """Account deletion: the member's notifications, those they caused in others' lists (nothing
    is left naming them), and their email preferences. Returns how many notifications went."""
    gone = Notification.objects.filter(models.Q(recipient=member) | models.Q(actor=member)).delete()[1].get(
        Notification._meta.label, 0
    )
    NotificationPreference.objects.filter(member=member).delete()
    return gone
