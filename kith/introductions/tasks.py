"""Periodic introductions work (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from kith.introductions import actions, digest


@shared_task(name="kith.introductions.tasks.mark_not_forwarded")
def mark_not_forwarded() -> int:
    """Requests that never reached their target in 14 days show the asker "Not forwarded"."""
    return actions.mark_not_forwarded()


@shared_task(name="kith.introductions.tasks.send_market_digest")
def send_market_digest(member_id: int) -> bool:
    return digest.send_digest(member_id)


@shared_task(name="kith.introductions.tasks.send_market_digests")
def send_market_digests() -> int:
    """Queue the weekly market email for every member whose week is up (hourly)."""
    members = digest.due()
    for member_id in members:
        send_market_digest.delay(member_id)
    return len(members)
