"""`kith doctor` checks for the network's facts: connections, their event log, blocks,
invitations (see kith.core.doctor). This app's actions are the only writers of these rows,
so these are the promises those actions keep."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q

from kith.core.doctor import check
from kith.members.models import Block, Connection, ConnectionEvent
from kith.network.models import Follow, Invitation


def _pairs(sql: str) -> Iterator[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        yield from cursor.fetchall()


@check("network.connections", "Connections are symmetric, one row each way, never to oneself")
def connections_symmetric() -> Iterator[str]:
    reverse = Connection.objects.filter(member=OuterRef("other"), other=OuterRef("member"))
    for a, b in Connection.objects.exclude(Exists(reverse)).values_list("member_id", "other_id").order_by("member_id", "other_id"):
        yield f"{a} is connected to {b}, but {b} is not connected to {a}"
    twice = Connection.objects.values("member_id", "other_id").annotate(n=Count("id")).filter(n__gt=1)
    for row in twice.order_by("member_id", "other_id"):
        yield f"{row['member_id']} is connected to {row['other_id']} {row['n']} times"
    for a in Connection.objects.filter(member=F("other")).values_list("member_id", flat=True):
        yield f"{a} is connected to themselves"


def _events_sql() -> str:
    """Each event with its pair in order (lo < hi), its kind, the pair's previous kind and
    whether it is the pair's last event."""
    table = ConnectionEvent._meta.db_table
    return (
        "SELECT lo, hi, id, kind, LAG(kind) OVER (PARTITION BY lo, hi ORDER BY id) AS previous, "
        "ROW_NUMBER() OVER (PARTITION BY lo, hi ORDER BY id DESC) AS from_end FROM ("
        "SELECT id, kind, "
        "CASE WHEN member_a_id < member_b_id THEN member_a_id ELSE member_b_id END AS lo, "
        f"CASE WHEN member_a_id < member_b_id THEN member_b_id ELSE member_a_id END AS hi FROM {table}) e"
    )


@check("network.event_log", "The connection event log replays to the connections table")
def event_log_replays() -> Iterator[str]:
    """Every pair's last event says what the table says, and no pair has the same event twice
    in a row. A connected pair without events is fine: bulk loads (the demo, imports) write
    the table alone, and the graph engine loads the table before replaying the log."""
    added = ConnectionEvent.Kind.ADDED
    events = _events_sql()
    table = Connection._meta.db_table
    last = (
        f"SELECT x.lo, x.hi, x.id, x.kind FROM ({events}) x "
        f"LEFT JOIN {table} c ON c.member_id = x.lo AND c.other_id = x.hi WHERE x.from_end = 1 AND "
        f"((x.kind = '{added}' AND c.member_id IS NULL) OR (x.kind <> '{added}' AND c.member_id IS NOT NULL)) ORDER BY x.lo, x.hi"
    )
    for lo, hi, event_id, kind in _pairs(last):
        if kind == added:
            yield f"{lo} and {hi} are not connected, but the log's last event for them (event {event_id}) connects them"
        else:
            yield f"{lo} and {hi} are connected, but the log's last event for them (event {event_id}) disconnects them"
    for lo, hi, event_id, kind in _pairs(f"SELECT lo, hi, id, kind FROM ({events}) x WHERE previous = kind ORDER BY id"):
        yield f"event {event_id} ({kind}) repeats the event before it for {lo} and {hi}"


def _blocked_between(a: str, b: str) -> Exists:
    """Whether the members in fields ``a`` and ``b`` of the outer row blocked one another."""
    return Exists(
        Block.objects.filter(
            Q(blocker=OuterRef(a), blocked=OuterRef(b)) | Q(blocker=OuterRef(b), blocked=OuterRef(a))
        )
    )


@check("network.blocks", "Members who blocked one another share no connection, follow or open invitation")
def blocked_apart() -> Iterator[str]:
    rows = Connection.objects.filter(_blocked_between("member", "other"), member__lt=F("other"))
    for a, b in rows.values_list("member_id", "other_id").order_by("member_id", "other_id"):
        yield f"{a} and {b} are connected although one blocked the other"
    rows = Follow.objects.filter(_blocked_between("follower", "followed"))
    for a, b in rows.values_list("follower_id", "followed_id").order_by("follower_id", "followed_id"):
        yield f"{a} follows {b} although one blocked the other"
    rows = Invitation.objects.filter(_blocked_between("sender", "recipient"), status__in=Invitation.OPEN)
    for pk, a, b, status in rows.values_list("pk", "sender_id", "recipient_id", "status").order_by("pk"):
        yield f"invitation {pk} from {a} to {b} is still {status} although one blocked the other"


@check("network.invitations", "No open invitation between connected members, nor two crossed open ones")
def open_invitations() -> Iterator[str]:
    connected = Exists(Connection.objects.filter(member=OuterRef("sender"), other=OuterRef("recipient")))
    rows = Invitation.objects.filter(connected, status__in=Invitation.OPEN)
    for pk, a, b, status in rows.values_list("pk", "sender_id", "recipient_id", "status").order_by("pk"):
        yield f"invitation {pk} from {a} to {b} is still {status} although they are connected"
    crossed = Exists(
        Invitation.objects.filter(sender=OuterRef("recipient"), recipient=OuterRef("sender"), status__in=Invitation.OPEN)
    )
    rows = Invitation.objects.filter(crossed, status__in=Invitation.OPEN, sender__lt=F("recipient"))
    for pk, a, b in rows.values_list("pk", "sender_id", "recipient_id").order_by("pk"):
        yield f"{a} and {b} each have an open invitation to the other (invitation {pk} and its reverse)"


@check("network.graph_snapshot", "The shared graph snapshot, with the events after it replayed, is the connections table")
def graph_snapshot_replays() -> Iterator[str]:
    """Every worker maps the snapshot and replays only the events after it: a pair the two
    disagree on is a badge, a mutual count and a path every worker gets wrong until the next
    rebuild (KITH_GRAPH_SNAPSHOTS off: nothing to check)."""
    from kith.graph import adapter

    name, drift = adapter.snapshot_drift()
    for lo, hi, how in drift:
        if how == "missing":
            yield f"{lo} and {hi} are connected, but snapshot {name} with the events after it does not connect them"
        else:
            yield f"snapshot {name} with the events after it connects {lo} and {hi}, who are not connected"
