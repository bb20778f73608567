"""Messaging pages at scale: one member with 1,000 conversations and 10,000 messages.

Builds the data with bulk inserts in a scratch database (SQLite under a temp dir,
or PostgreSQL with --postgres), then times the inbox and a conversation page
through Django's test Client: server time is the time around ``client.get``.
Reports median and p95 over --runs requests, the queries each page makes, and the
inbox query done naively (ordering and unread counts aggregated from Message) for
comparison.

    .venv/bin/python bench/messaging.py               # SQLite
    .venv/bin/python bench/messaging.py --postgres    # PostgreSQL at 127.0.0.1:5432, db kith_bench_messaging
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = "postgres://postgres@127.0.0.1:5432/kith_bench_messaging"


def configure(postgres: bool) -> str:
    scratch = Path(tempfile.mkdtemp(prefix="kith-bench-messaging-"))
    os.environ["KITH_VAR_DIR"] = str(scratch)
    os.environ["KITH_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["KITH_LOG_LEVEL"] = "ERROR"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
    if postgres:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS kith_bench_messaging")
            conn.execute("CREATE DATABASE kith_bench_messaging")
        os.environ["KITH_DATABASE_URL"] = PG_URL
    else:
        os.environ["KITH_DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["KITH_DATABASE_URL"]


def build(conversations: int, messages: int, busy: int):
    """The member, ``conversations`` 1:1 conversations with connections, ``messages`` in all
    (``busy`` of them in one conversation, the rest spread evenly). Returns (member, busy conversation id)."""
    from django.db import transaction
    from django.utils import timezone

    from kith.members.models import Connection, Profile, User
    from kith.messaging.models import Conversation, Message, Participant

    now = timezone.now()
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(email=f"m{n}@bench.test", password="!") for n in range(conversations + 1)], batch_size=1000
        )
        if users[0].pk is None:  # SQLite before RETURNING support: fetch the ids
            users = list(User.objects.order_by("pk"))
        Profile.objects.bulk_create(
            [
                Profile(user=u, handle=f"member-{n}", name=f"Member {n:04d} Benchmark", headline=f"Role {n % 37} at Company {n % 91}")
                for n, u in enumerate(users)
            ],
            batch_size=1000,
        )
        me, others = users[0], users[1:]
        Connection.objects.bulk_create(
            [Connection(member=me, other=o) for o in others] + [Connection(member=o, other=me) for o in others],
            batch_size=1000,
        )
        convs = Conversation.objects.bulk_create(
            [
                Conversation(created_by=me, pair_key=Conversation.pair_key_for(me.pk, o.pk), created_at=now - timedelta(days=30))
                for o in others
            ],
            batch_size=1000,
        )
        if convs[0].pk is None:
            convs = list(Conversation.objects.order_by("pk"))
        rest = messages - busy
        per_conv = [rest // conversations + (1 if i < rest % conversations else 0) for i in range(conversations)]
        per_conv[0] += busy
        rows = []
        for i, (conv, other) in enumerate(zip(convs, others, strict=True)):
            for k in range(per_conv[i]):
                sender = me if k % 2 else other
                at = now - timedelta(days=30) + timedelta(minutes=i * 37 + k)
                rows.append(Message(conversation=conv, sender=sender, text=f"Message {k} in conversation {i}: " + "lorem ipsum " * 8, created_at=at))
        Message.objects.bulk_create(rows, batch_size=2000)
        last = {}
        for conv_id, msg_id, at in Message.objects.order_by("conversation_id", "pk").values_list("conversation_id", "pk", "created_at"):
            last[conv_id] = (msg_id, at)
        for conv in convs:
            conv.last_message_id, conv.last_message_at = last[conv.pk]
        Conversation.objects.bulk_update(convs, ["last_message", "last_message_at"], batch_size=1000)
        parts = []
        for i, (conv, other) in enumerate(zip(convs, others, strict=True)):
            msg_id, at = last[conv.pk]
            unread = 2 if i % 5 == 0 else 0
            parts.append(Participant(conversation=conv, member=me, last_message_at=at, last_read_message_id=msg_id - unread, unread_count=unread, unread_since=at if unread else None))
            parts.append(Participant(conversation=conv, member=other, last_message_at=at, last_read_message_id=msg_id))
        Participant.objects.bulk_create(parts, batch_size=2000)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return me, convs[0].pk


def timed(fn, runs: int, cpu: list[float] | None = None) -> list[float]:
    """Wall-clock ms per call; also the process CPU ms per call into ``cpu`` when given
    (on a shared machine wall time includes waiting for a core; CPU time does not)."""
    fn()  # warm-up (templates, caches, connection)
    fn()
    samples = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - start_cpu) * 1000)
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def naive_inbox(member):
    """What the inbox costs without the denormalised columns: order by the newest
    message and count unread messages per conversation with aggregates."""
    from django.db.models import Count, F, Max, Q

    from kith.messaging.models import Conversation

    return list(
        Conversation.objects.filter(participants__member=member, participants__status="active")
        .annotate(
            newest=Max("messages__created_at"),
            unread=Count(
                "messages",
                filter=Q(messages__id__gt=F("participants__last_read_message_id")) & ~Q(messages__sender=member),
            ),
        )
        .order_by("-newest")[:30]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true", help="use PostgreSQL (db kith_bench_messaging, recreated)")
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--busy", type=int, default=1000, help="messages in the one busy conversation")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    url = configure(args.postgres)
    started = time.perf_counter()
    member, busy_id = build(args.conversations, args.messages, args.busy)
    build_s = time.perf_counter() - started

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kith.messaging import selectors

    client = Client()
    client.force_login(member)
    pages = {
        "baseline: nav badge partial (1 count query)": "/messaging/unread/",
        "inbox (/messaging/, 30 of 1,000)": "/messaging/",
        "inbox filtered by name (?q=)": "/messaging/?q=member%2009",
        f"conversation page (last 50 of {args.busy + args.messages // args.conversations:,})": f"/messaging/{busy_id}/",
        "live poll (/new/?after=last)": None,
    }
    from kith.messaging.models import Conversation

    last_id = Conversation.objects.get(pk=busy_id).last_message_id
    pages["live poll (/new/?after=last)"] = f"/messaging/{busy_id}/new/?after={last_id}"

    print(f"# Messaging bench — {'PostgreSQL' if args.postgres else 'SQLite'} ({url.split('@')[-1]})")
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cpu, Python {platform.python_version()}, {platform.system()}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"data: {args.conversations:,} conversations, {args.messages:,} messages, built in {build_s:.1f}s; {args.runs} runs a page\n")
    print("| page | median ms | p95 ms | queries | median CPU ms (this process) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, path in pages.items():
        headers = {"HX-Request": "true"} if "/new/" in path or "/unread/" in path else {}

        def get(path=path, headers=headers):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, (path, response.status_code)

        cpu: list[float] = []
        samples = timed(get, args.runs, cpu)
        with CaptureQueriesContext(connection) as queries:
            get()
        median, p95 = summary(samples)
        print(f"| {label} | {median:.1f} | {p95:.1f} | {len(queries)} | {statistics.median(cpu):.1f} |")

    selector_samples = timed(lambda: selectors.inbox(member), args.runs)
    naive_samples = timed(lambda: naive_inbox(member), args.runs)
    print(f"| inbox query only: selectors.inbox (denormalised) | {summary(selector_samples)[0]:.1f} | {summary(selector_samples)[1]:.1f} | 2 | |")
    print(f"| inbox query only: naive aggregate over Message | {summary(naive_samples)[0]:.1f} | {summary(naive_samples)[1]:.1f} | 1 | |")
    print()
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
