"""Reads for notifications: a member's list and unread count, with blocked actors left out."""

from __future__ import annotations

from django.db.models import QuerySet

from kith.members.models import User
from kith.members.selectors import blocked_ids
from kith.notifications import kinds
from kith.notifications.models import Notification, NotificationPreference


def notifications_for(member: User) -> QuerySet[Notification]:
    """The member's notifications, newest first.

    Left out: anything from a member blocked either way or deactivated, and kinds no
    app registers any more. (What a notification told of and that has since gone —
    a withdrawn invitation, a deleted post — is retracted by the action that removed it.)
    """
    return _shown(member).select_related("actor__profile").prefetch_related("target").order_by("-created_at", "-pk")


def _shown(member: User) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=member, actor__is_active=True, kind__in=[k.key for k in kinds.registered()])
    hidden = blocked_ids(member)
    return qs.exclude(actor_id__in=hidden) if hidden else qs


def unread(member: User) -> QuerySet[Notification]:
    """The member's unread notifications, as ``notifications_for`` shows them (unordered, for counting)."""
    return _shown(member).filter(read_at__isnull=True)


def unread_count(member: User) -> int:
    return unread(member).count()


def wants_email(member: User, kind: str) -> bool:
    preference = NotificationPreference.objects.filter(member=member, kind=kind).first()
    if preference is not None:
        return preference.email
    registered = kinds.get(kind)
    return registered.email if registered is not None else False


def email_preferences(member: User) -> list[dict]:
    """Every kind with its label and whether email is on, for the preferences page and API."""
    chosen = dict(NotificationPreference.objects.filter(member=member).values_list("kind", "email"))
    return [{"kind": k.key, "label": k.label, "email": chosen.get(k.key, k.email)} for k in kinds.registered()]


def url_of(notification: Notification) -> str:
    """Where a notification leads (its kind decides)."""
    kind = kinds.get(notification.kind)
    return kind.url(notification) if kind is not None else ""
