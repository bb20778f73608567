"""Reads for notifications: a member's list and unread count, with blocked actors left out."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from kith.members.models import User
from kith.members.selectors import blocked_ids
from kith.network.models import Invitation
from kith.notifications.models import Notification, NotificationPreference


def notifications_for(member: User) -> QuerySet[Notification]:
    """The member's notifications, newest first.

    Left out: anything from a member blocked either way or deactivated, and
    "invited you" for an invitation that was since withdrawn or expired (there is
    nothing left to answer, and the withdrawal itself is silent).
    """
    qs = (
        Notification.objects.filter(recipient=member, actor__is_active=True)
        .exclude(
            Q(kind=Notification.Kind.INVITATION_RECEIVED)
            & Q(invitation__status__in=[Invitation.Status.WITHDRAWN, Invitation.Status.EXPIRED])
        )
        .select_related("actor__profile", "invitation")
        .order_by("-created_at", "-pk")
    )
    hidden = blocked_ids(member)
    return qs.exclude(actor_id__in=hidden) if hidden else qs


def unread_count(member: User) -> int:
    return notifications_for(member).filter(read_at__isnull=True).count()


def wants_email(member: User, kind: str) -> bool:
    preference = NotificationPreference.objects.filter(member=member, kind=kind).first()
    return True if preference is None else preference.email


def email_preferences(member: User) -> list[dict]:
    """Every kind with its label and whether email is on, for the preferences page and API."""
    chosen = dict(NotificationPreference.objects.filter(member=member).values_list("kind", "email"))
    return [{"kind": kind, "label": label, "email": chosen.get(kind, True)} for kind, label in Notification.Kind.choices]
