"""Periodic group work (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from kith.groups import actions


@shared_task(name="kith.groups.tasks.return_unreviewed")
def return_unreviewed() -> int:
    """Pending group posts unanswered for KITH_GROUP_PENDING_DAYS go back to their authors."""
    return actions.return_unreviewed()
