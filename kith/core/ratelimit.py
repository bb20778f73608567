"""Fixed-window counters for limits with no table of their own to count: failed sign-ins,
sign-ups from one address, email addresses typed into invitations.

``consume`` adds one to the count and compares the new count with the limit in one atomic
step, so concurrent requests can never let more than ``limit`` through (checking first and
counting afterwards lets every request of a burst pass the check before any of them counts).

The counts live where every process sees them: in Redis (INCR and EXPIRE in one MULTI) when
KITH_REDIS_URL is set, else in the database (``RateCounter``, one ``INSERT … ON CONFLICT DO
UPDATE … RETURNING``, which SQLite ≥ 3.35 and PostgreSQL both run atomically). So a limit
holds once whatever the number of worker processes; a local-memory cache would keep one
count a process and multiply every limit by the number of workers.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connections, router
from django.db.models import F
from django.utils import timezone

from kith.core.errors import LimitReached
from kith.core.models import RateCounter

__all__ = ["Usage", "consume", "network_of", "per_window", "purge_expired", "refund"]

# A counter outlives its window by this much, so processes whose clocks differ a little agree.
SLACK = 60


@dataclass(frozen=True)
class Usage:
    """One counted use: what ``refund`` needs to take it back."""

    key: str
    count: int
    expires_at: datetime


def consume(
    name: str,
    subject: str,
    *,
    limit: int,
    window: int,
    what: str,
    code: str = "rate_limited",
    field: str | None = None,
) -> Usage:
    """Count one use of limit ``name`` by ``subject`` in the current ``window`` (seconds).

    Raises LimitReached, saying which limit and when it lifts, when that use is more than
    ``limit`` in the window; the refused use stays counted (the window ends when it ends).
    ``what`` names what is counted, for the message: "failed sign-ins for this email address".
    """
    now = timezone.now()
    bucket = int(now.timestamp() // window)
    lifts_at = datetime.fromtimestamp((bucket + 1) * window, tz=UTC)
    digest = hashlib.blake2b(subject.encode(), digest_size=16).hexdigest()
    key = f"{name}:{digest}:{window}:{bucket}"
    expires_at = lifts_at + timedelta(seconds=SLACK)
    count = _store().add(key, expires_at=expires_at, ttl=window + SLACK)
    if count > limit:
        raise LimitReached(
            f"Too many {what}: at most {limit} {per_window(window)}. You can try again at {_moment(lifts_at, now)}.",
            code,
            lifts_at=lifts_at,
            field=field,
        )
    return Usage(key, count, expires_at)


def refund(usage: Usage) -> None:
    """Take back one counted use (a sign-in that turned out to be right is not a failure)."""
    if timezone.now() < usage.expires_at:
        _store().subtract(usage.key)


def purge_expired() -> int:
    """Delete the database's counters whose window is over (Redis expires its own)."""
    deleted, _ = RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted


def network_of(address: str) -> str:
    """The subject a per-address limit counts: the address itself for IPv4, its /64 for IPv6
    (one subscriber usually holds a whole /64, so counting single IPv6 addresses limits nothing)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.IPv6Network(f"{ip}/64", strict=False).network_address) + "/64"
    return str(ip)


def per_window(window: int) -> str:
    """60 -> "a minute", 300 -> "every 5 minutes", 3600 -> "an hour", 86400 -> "a day"."""
    for seconds, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if window % seconds == 0:
            n = window // seconds
            if n == 1:
                return f"an {unit}" if unit == "hour" else f"a {unit}"
            return f"every {n} {unit}s"
    raise AssertionError("unreachable: every window is a whole number of seconds")


def _moment(when: datetime, now: datetime) -> str:
    local, today = timezone.localtime(when), timezone.localtime(now)
    return f"{local:%H:%M:%S %Z}" if local.date() == today.date() else f"{local:%Y-%m-%d %H:%M %Z}"


# --- where the counts live -------------------------------------------------------------------


class _DatabaseStore:
    """One row a key; the upsert both creates and increments, atomically, and returns the count."""

    def __init__(self) -> None:
        self.alias = router.db_for_write(RateCounter)

    def add(self, key: str, *, expires_at: datetime, ttl: int) -> int:
        connection = connections[self.alias]
        table = connection.ops.quote_name(RateCounter._meta.db_table)
        key_col, count_col, expires_col = (connection.ops.quote_name(c) for c in ("key", "count", "expires_at"))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({key_col}, {count_col}, {expires_col}) VALUES (%s, 1, %s) "
                f"ON CONFLICT ({key_col}) DO UPDATE SET {count_col} = {table}.{count_col} + 1 "
                f"RETURNING {count_col}",
                [key, connection.ops.adapt_datetimefield_value(expires_at)],
            )
            return cursor.fetchone()[0]

    def subtract(self, key: str) -> None:
        RateCounter.objects.using(self.alias).filter(key=key, count__gt=0).update(count=F("count") - 1)


class _RedisStore:
    # Never below zero, and never recreate a key that has expired (it would have no TTL).
    _SUBTRACT = "if redis.call('exists', KEYS[1]) == 1 and tonumber(redis.call('get', KEYS[1])) > 0 then return redis.call('decr', KEYS[1]) end return 0"

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = prefix

    def add(self, key: str, *, expires_at: datetime, ttl: int) -> int:
        pipe = self.client.pipeline(transaction=True)
        pipe.incr(self.prefix + key)
        pipe.expire(self.prefix + key, ttl)
        count, _ = pipe.execute()
        return int(count)

    def subtract(self, key: str) -> None:
        self.client.eval(self._SUBTRACT, 1, self.prefix + key)


_stores: dict[tuple, _DatabaseStore | _RedisStore] = {}


def _store() -> _DatabaseStore | _RedisStore:
    kind = settings.KITH_RATE_LIMIT_STORE
    ident = (kind, settings.REDIS_URL, settings.KITH_RATE_LIMIT_PREFIX) if kind == "redis" else (kind,)
    store = _stores.get(ident)
    if store is None:
        if kind == "redis":
            store = _RedisStore(settings.REDIS_URL, settings.KITH_RATE_LIMIT_PREFIX)
        elif kind == "database":
            store = _DatabaseStore()
        else:
            raise ValueError(f"KITH_RATE_LIMIT_STORE: {kind!r} (use 'database' or 'redis')")
        _stores[ident] = store
    return store
