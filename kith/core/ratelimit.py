"""A fixed-window counter in the cache (Redis in production) for limits with no table to count."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from django.core.cache import cache

from kith.core.errors import LimitReached


def check(key: str, *, limit: int, window: int, what: str) -> None:
    """Raise LimitReached if ``key`` has been hit ``limit`` times in the current window."""
    bucket = int(time.time() // window)
    count = cache.get(f"rl:{key}:{bucket}", 0)
    if count >= limit:
        lifts_at = datetime.fromtimestamp((bucket + 1) * window, tz=UTC)
        raise LimitReached(
            f"Too many {what}: at most {limit} every {window // 60 or window} "
            f"{'minutes' if window >= 60 else 'seconds'}. Try again after {lifts_at:%H:%M:%S} UTC.",
            "rate_limited",
            lifts_at=lifts_at,
        )


def hit(key: str, *, window: int) -> None:
    bucket = int(time.time() // window)
    full = f"rl:{key}:{bucket}"
    if not cache.add(full, 1, timeout=window + 5):
        try:
            cache.incr(full)
        except ValueError:
            cache.set(full, 1, timeout=window + 5)
