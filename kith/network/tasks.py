"""Periodic network work (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from kith.network import actions


@shared_task(name="kith.network.tasks.expire_invitations")
def expire_invitations() -> int:
    """Expire pending invitations past their 6 months."""
    return actions.expire_invitations()


@shared_task(name="kith.network.tasks.fit_pymk_weights")
def fit_pymk_weights() -> dict:
    """Refit People You May Know's weights on the community's graph (daily)."""
    from dataclasses import asdict

    from kith.graph import adapter

    return asdict(adapter.fit_and_store())
