"""kith.core.ratelimit: one atomic count a limit, in the database or in Redis, shared by every process."""

import os
import socket
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from kith.core import ratelimit
from kith.core.errors import LimitReached
from kith.core.models import RateCounter

LIMIT = {"limit": 3, "window": 300, "what": "attempts at the thing"}
# A moment in the middle of a 5-minute window, so a test never straddles two windows.
NOON = datetime(2030, 5, 6, 12, 2, 30, tzinfo=UTC)


def redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 1).close()
        return True
    except OSError:
        return False


@pytest.fixture(params=["database", "redis"])
def store(request, settings, db):
    """Run the test against both stores (Redis one needs a server: required in CI)."""
    if request.param == "redis":
        if not redis_reachable():
            if os.environ.get("CI"):
                pytest.fail("Redis is not running on 127.0.0.1:6379")
            pytest.skip("Redis is not running on 127.0.0.1:6379")
        settings.REDIS_URL = "redis://127.0.0.1:6379/0"
        settings.KITH_RATE_LIMIT_PREFIX = f"kith-test:{uuid.uuid4().hex}:"  # others share this Redis
    settings.KITH_RATE_LIMIT_STORE = request.param
    return request.param


def test_counts_up_to_the_limit_then_says_which_limit_and_when_it_lifts(store):
    with time_machine.travel(NOON, tick=False):
        counts = [ratelimit.consume("thing", "ada@example.com", **LIMIT).count for _ in range(3)]
        with pytest.raises(LimitReached) as refused:
            ratelimit.consume("thing", "ada@example.com", **LIMIT)
        assert ratelimit.consume("thing", "grace@example.com", **LIMIT).count == 1  # another subject
    assert counts == [1, 2, 3]
    error = refused.value
    assert error.status == 429 and error.code == "rate_limited"
    assert error.lifts_at == datetime(2030, 5, 6, 12, 5, tzinfo=UTC)  # the end of the 5-minute window
    assert error.message == (
        "Too many attempts at the thing: at most 3 every 5 minutes. You can try again at 12:05:00 UTC."
    )
    with time_machine.travel(NOON, tick=False):
        assert error.retry_after == 150


def test_a_new_window_starts_a_new_count(store):
    with time_machine.travel(NOON, tick=False):
        for _ in range(3):
            ratelimit.consume("thing", "ada", **LIMIT)
    with time_machine.travel(NOON + timedelta(minutes=3), tick=False):
        assert ratelimit.consume("thing", "ada", **LIMIT).count == 1


def test_refund_takes_one_back(store):
    with time_machine.travel(NOON, tick=False):
        usages = [ratelimit.consume("thing", "ada", **LIMIT) for _ in range(3)]
        ratelimit.refund(usages[0])
        assert ratelimit.consume("thing", "ada", **LIMIT).count == 3
        with pytest.raises(LimitReached):
            ratelimit.consume("thing", "ada", **LIMIT)


def test_refund_never_goes_below_zero_nor_outlives_the_window(store):
    with time_machine.travel(NOON, tick=False):
        usage = ratelimit.consume("thing", "ada", **LIMIT)
        ratelimit.refund(usage)
        ratelimit.refund(usage)
        assert ratelimit.consume("thing", "ada", **LIMIT).count == 1
    with time_machine.travel(NOON + timedelta(hours=1), tick=False):
        ratelimit.refund(usage)  # long over: nothing to take back, nothing recreated
        assert ratelimit.consume("thing", "ada", **LIMIT).count == 1


def test_the_database_keeps_hashed_subjects_and_purges_finished_windows(settings, db):
    settings.KITH_RATE_LIMIT_STORE = "database"
    with time_machine.travel(NOON, tick=False):
        ratelimit.consume("signin-email", "ada@example.com", **LIMIT)
    (row,) = RateCounter.objects.all()
    assert "ada" not in row.key and row.key.startswith("signin-email:") and row.count == 1
    with time_machine.travel(NOON + timedelta(minutes=3), tick=False):
        assert ratelimit.purge_expired() == 0  # the window (plus its slack) is not over yet
    with time_machine.travel(NOON + timedelta(minutes=4), tick=False):
        assert ratelimit.purge_expired() == 1
    assert not RateCounter.objects.exists()


def test_the_periodic_task_purges_counters(settings, db):
    from django.core.management import call_command

    settings.KITH_RATE_LIMIT_STORE = "database"
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        ratelimit.consume("thing", "ada", **LIMIT)
    call_command("periodic", "--once")
    assert not RateCounter.objects.exists()


@pytest.mark.parametrize(
    ("window", "words"),
    [(1, "a second"), (60, "a minute"), (300, "every 5 minutes"), (3600, "an hour"), (7200, "every 2 hours"), (86400, "a day"), (90, "every 90 seconds")],
)
def test_per_window(window, words):
    assert ratelimit.per_window(window) == words


def test_ipv6_addresses_count_by_their_64():
    assert ratelimit.network_of("2001:db8:1:2:aaaa::1") == ratelimit.network_of("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert ratelimit.network_of("2001:db8:1:3::1") != ratelimit.network_of("2001:db8:1:2::1")
    assert ratelimit.network_of("192.0.2.7") == "192.0.2.7"


# --- two processes, one count ------------------------------------------------------------------

WORKER = """
import sys, django
django.setup()
from kith.core import ratelimit
from kith.core.errors import LimitReached
sys.stdin.readline()  # both processes start counting together
allowed = 0
for _ in range(int(sys.argv[1])):
    try:
        ratelimit.consume("signin-email", "ada@example.com", limit=25, window=3600, what="tries")
        allowed += 1
    except LimitReached:
        pass
print(allowed)
"""


@pytest.mark.slow
def test_two_processes_on_one_sqlite_file_share_one_count(tmp_path):
    """The embedded default: SQLite, no Redis. Each process would count 20 of 20 with a
    local-memory cache (40 let through against a limit of 25); sharing the count, 25 are."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KITH_", "DJANGO_"))}
    env.update(KITH_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kith.settings")
    kith = os.path.join(os.path.dirname(sys.executable), "kith")
    subprocess.run([kith, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=tmp_path)
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, "20"], env=env, cwd=tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    allowed = [int(worker.communicate(timeout=120)[0]) for worker in workers]
    assert sum(allowed) == 25, allowed
    assert all(n > 0 for n in allowed), allowed  # both processes took part
