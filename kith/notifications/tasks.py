"""Notification emails: a task takes an id, re-fetches, checks the preference, sends."""

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from kith.core.email import render_subject, send_member_email
from kith.notifications.models import Notification
from kith.notifications.selectors import notifications_for, url_of, wants_email


@shared_task(name="kith.notifications.tasks.send_notification_email")
def send_notification_email(notification_id: int) -> bool:
    """Email one notification if it still stands and its recipient wants that kind by email."""
    notification = notifications_for_email(notification_id)
    if notification is None:
        return False
    if not wants_email(notification.recipient, notification.kind):
        return False
    base = getattr(settings, "KITH_SITE_URL", "").rstrip("/")
    context = {
        "notification": notification,
        "n": notification,
        "actor": notification.actor.profile,
        "target": notification.target,
        "site_name": settings.SITE_NAME,
        "site_url": base,
        "url": base + url_of(notification),
        "preferences_path": base + reverse("notifications:preferences"),
    }
    subject = render_subject(f"notifications/email/{notification.kind}_subject.txt", context)
    send_member_email(
        to=notification.recipient.email,
        name=notification.recipient.profile.name,
        subject=subject,
        template=f"notifications/email/{notification.kind}.txt",
        context=context,
    )
    return True


def notifications_for_email(notification_id: int) -> Notification | None:
    """The notification, if it still stands for an active recipient: a block, a
    deactivation or a retraction since it was queued silences it."""
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or not notification.recipient.is_active:
        return None
    return notifications_for(notification.recipient).filter(pk=notification.pk).first()
