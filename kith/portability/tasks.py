"""Background work: the periodic sweeps (settings.CELERY_BEAT_SCHEDULE).

Tasks take ids, re-fetch and call an action; they run inline in the embedded default.
"""

from celery import shared_task

from kith.portability import actions


@shared_task(name="kith.portability.tasks.match_new_members")
def match_new_members() -> int:
    """Find recent members among everyone's imported contacts (hourly)."""
    return actions.match_new_members()
