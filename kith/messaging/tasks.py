"""Background work for messaging: email about messages left unread.

Two ways in, one action: on Celery workers each message queues ``email_if_unread``
with a countdown; the periodic ``email_unread_messages`` sweep (beat, and the way
the embedded default catches up) finds whatever is due. ``send_unread_email`` is
idempotent, so both may run.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kith.core.email import send_member_email
from kith.members.models import User
from kith.messaging import actions
from kith.messaging.models import Participant

SWEEP_BATCH = 500


@shared_task(name="kith.messaging.tasks.email_if_unread")
def email_if_unread(conversation_id: int) -> int:
    ids = Participant.objects.filter(conversation_id=conversation_id, unread_count__gt=0, unread_emailed=False).values_list(
        "pk", flat=True
    )
    return sum(actions.send_unread_email(pk) for pk in list(ids))


@shared_task(name="kith.messaging.tasks.email_unread_messages")
def email_unread_messages() -> int:
    """Email every member whose messages have waited unread long enough. Returns how many."""
    due = timezone.now() - timedelta(seconds=settings.KITH_MESSAGE_UNREAD_EMAIL_AFTER)
    ids = list(
        Participant.objects.filter(unread_count__gt=0, unread_emailed=False, unread_since__lte=due)
        .order_by("unread_since")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(actions.send_unread_email(pk) for pk in ids)


@shared_task(name="kith.messaging.tasks.deliver_unread_email")
def deliver_unread_email(member_id: int, conversation_id: int, names: str, count: int) -> None:
    member = User.objects.filter(pk=member_id, is_active=True).first()
    if member is None:
        return
    base = getattr(settings, "KITH_SITE_URL", "").rstrip("/")
    context = {
        "names": names,
        "count": count,
        "path": base + reverse("messaging:conversation", args=[conversation_id]),
        "settings_path": base + reverse("messaging:settings"),
        "SITE_NAME": settings.SITE_NAME,
    }
    subject = f"{names} sent you {'a message' if count == 1 else f'{count} messages'}"
    name = getattr(getattr(member, "profile", None), "name", None)
    send_member_email(to=member.email, name=name, subject=subject, template="messaging/email/unread.txt", context=context)
