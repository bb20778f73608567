"""Background work: building exports, and the periodic sweeps (settings.CELERY_BEAT_SCHEDULE).

Tasks take ids, re-fetch and call an action; they run inline in the embedded default.
"""

from celery import shared_task

from kith.portability import actions


@shared_task(name="kith.portability.tasks.match_new_members")
def match_new_members() -> int:
    """Find recent members among everyone's imported contacts (hourly)."""
    return actions.match_new_members()


@shared_task(name="kith.portability.tasks.build_export")
def build_export(export_id: int) -> str | None:
    """Build one member's data export and tell them it is ready."""
    export = actions.build_export(export_id)
    return export.status if export is not None else None


@shared_task(name="kith.portability.tasks.expire_exports")
def expire_exports() -> int:
    """Delete the files of exports older than KITH_EXPORT_HOURS (hourly)."""
    return actions.expire_exports()


@shared_task(name="kith.portability.tasks.erase_due_accounts")
def erase_due_accounts() -> int:
    """Erase the accounts whose deletion grace period is over (hourly)."""
    return actions.erase_due()
