"""Rolling-window limits counted from a table (invitations a week, messages a minute…)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models
from django.db.models import QuerySet


def rolling_window_lifts_at(
    events: QuerySet,
    *,
    limit: int,
    window: timedelta,
    now: datetime,
    actor: models.Model,
    field: str = "created_at",
) -> datetime | None:
    """None while fewer than ``limit`` of ``events`` fall in the ``window`` before ``now``;
    else the moment the oldest of the ``limit`` most recent leaves it (when the limit lifts).

    First locks ``actor``'s row (the member whose events these are) until the transaction
    ends, so the caller's check and the insert that follows it are atomic: two concurrent
    actions by one member run one after the other, and the second counts the first's row.
    Without the lock both count the same rows and both pass (a burst overshoots the limit).
    Must run inside the transaction that writes the new event.
    """
    lock(actor)
    recent = list(
        events.filter(**{f"{field}__gt": now - window}).order_by(f"-{field}").values_list(field, flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    return recent[-1] + window


def lock(row: models.Model) -> None:
    """Lock ``row`` (SELECT … FOR UPDATE) until the current transaction ends. On SQLite, whose
    write transactions already run one at a time (BEGIN IMMEDIATE), this is a plain read."""
    list(row._meta.model._default_manager.select_for_update().filter(pk=row.pk).values_list("pk", flat=True))
