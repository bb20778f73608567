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


@shared_task(name="kith.network.tasks.rebuild_graph_snapshot")
def rebuild_graph_snapshot() -> dict:
    """Rebuild the connection graph from the database into the shared snapshot every process
    maps (kith.graph.adapter.write_snapshot); each picks it up at its next request. Nothing
    when KITH_GRAPH_SNAPSHOTS is off (each process then compacts its own overlay)."""
    from django.conf import settings

    from kith.graph import adapter

    if not settings.KITH_GRAPH_SNAPSHOTS:
        return {"skipped": "KITH_GRAPH_SNAPSHOTS is off"}
    return adapter.write_snapshot()
