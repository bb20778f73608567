"""Periodic kernel work (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from kith.core import ratelimit


@shared_task(name="kith.core.tasks.purge_rate_counters")
def purge_rate_counters() -> int:
    """Delete rate-limit counters whose window is over."""
    return ratelimit.purge_expired()
