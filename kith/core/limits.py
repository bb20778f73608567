"""Rolling-window limits counted from a table (invitations a week, messages a minute…)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet


def rolling_window_lifts_at(
    events: QuerySet, *, limit: int, window: timedelta, now: datetime, field: str = "created_at"
) -> datetime | None:
    """None while fewer than ``limit`` of ``events`` fall in the ``window`` before ``now``;
    else the moment the oldest of the ``limit`` most recent leaves it (when the limit lifts)."""
    recent = list(
        events.filter(**{f"{field}__gt": now - window}).order_by(f"-{field}").values_list(field, flat=True)[:limit]
    )
    if len(recent) < limit:
        return None
    return recent[-1] + window
