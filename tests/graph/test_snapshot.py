"""The shared graph snapshot: the CSR in files, memory-mapped read-only by every process."""

import numpy as np
import pytest

from kith.graph import Graph, adapter, snapshot
from kith.graph.queries import degrees, mutual, reach
from kith.graph.suggest import suggest
from kith.members.models import ConnectionEvent
from kith.network.tasks import rebuild_graph_snapshot
from tests.factories import connect, make_member


def random_graph(n: int = 400, m: int = 3000, seed: int = 3) -> Graph:
    rng = np.random.default_rng(seed)
    return Graph.from_edges(n, rng.integers(0, n, m), rng.integers(0, n, m))


def answers(g: Graph, viewers=range(0, 400, 37)) -> list:
    everyone = np.arange(g.n)
    out = []
    for v in viewers:
        out.append(degrees(g, v, everyone).tolist())
        out.append(mutual(g, v, (v + 1) % g.n).tolist())
        out.append(reach(g, v))
        out.append([(s.member, round(s.score, 9)) for s in suggest(g, v, k=20)])
    return out


def test_a_mapped_graph_answers_as_the_in_memory_one(tmp_path):
    memory = random_graph()
    snapshot.write(tmp_path, memory.indptr, memory.indices, last_event=5)
    snap = snapshot.open_current(tmp_path)
    assert isinstance(snap.indices, np.memmap) and not snap.indices.flags.writeable
    mapped = Graph(snap.indptr, snap.indices)
    assert not mapped.indices.flags.owndata  # the file's pages, not a private copy
    assert answers(mapped) == answers(memory)
    # The overlay works over mapped arrays as over private ones.
    for g in (memory, mapped):
        g.add_edge(1, 399)
        g.remove_edge(*next((u, int(g.neighbors(u)[0])) for u in range(g.n) if g.degree(u)))
    assert answers(mapped) == answers(memory)


def test_a_new_snapshot_replaces_the_old_and_old_ones_are_pruned(tmp_path):
    g = random_graph()
    first = snapshot.write(tmp_path, g.indptr, g.indices, last_event=1)
    held = snapshot.open_current(tmp_path)  # a process still mapping the first one
    names = [snapshot.write(tmp_path, g.indptr, g.indices, last_event=i) for i in (2, 3)]
    assert snapshot.current_name(tmp_path) == names[-1]
    folders = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("snap-"))
    assert first not in folders and len(folders) == 2
    assert held.indices.sum() == g.indices.sum()  # its pages stay readable after the folder went


def test_no_snapshot_is_none(tmp_path):
    assert snapshot.open_current(tmp_path) is None


@pytest.fixture
def shared(settings, tmp_path):
    settings.KITH_GRAPH_SNAPSHOTS = True
    settings.KITH_GRAPH_SNAPSHOT_DIR = str(tmp_path / "graph")
    adapter.reset()
    yield tmp_path / "graph"
    adapter.reset()


def in_memory_answers(viewer_ids, member_ids) -> dict:
    """What a process without snapshots answers (loaded from the database)."""
    g, _ = adapter._load_from_database()
    return {v: degrees(g, v, np.array(member_ids)).tolist() for v in viewer_ids}


def test_the_adapter_maps_the_shared_snapshot_and_answers_as_the_database_says(db, shared):
    ada, grace, linus, mary = (make_member(n) for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Mary Somerville"))
    connect(ada, grace)
    connect(grace, linus)
    g = adapter.graph()
    assert adapter.snapshot_info()["snapshot"] == snapshot.current_name(shared)
    assert isinstance(snapshot.open_current(shared).indices, np.memmap)
    ids = [ada.pk, grace.pk, linus.pk, mary.pk]
    assert {v: degrees(g, v, np.array(ids)).tolist() for v in ids} == in_memory_answers(ids, ids)

    # A connection after the snapshot lives in this process's overlay.
    connect(linus, mary)
    assert adapter.degrees_of(ada.pk, [mary.pk]) == {mary.pk: 3}  # ada, grace, linus, mary
    connect(ada, mary)
    assert adapter.degrees_of(ada.pk, [mary.pk, linus.pk]) == {mary.pk: 1, linus.pk: 2}
    assert {v: adapter.degrees_of(v, ids) for v in ids} == {
        v: dict(zip(ids, row, strict=True)) for v, row in in_memory_answers(ids, ids).items()
    }


def test_a_rebuilt_snapshot_is_picked_up_without_a_restart(db, shared):
    ada, grace, linus = (make_member(n) for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds"))
    connect(ada, grace)
    adapter.graph()
    before = adapter.snapshot_info()["snapshot"]
    connect(grace, linus)

    result = rebuild_graph_snapshot()  # the beat task, in another process in production
    assert result["connections"] == 2 and result["last_event"] == ConnectionEvent.objects.latest("id").pk

    token = adapter.begin_request()  # this process's next request
    try:
        assert adapter.degrees_of(ada.pk, [linus.pk]) == {linus.pk: 2}
        assert adapter.snapshot_info()["snapshot"] == result["snapshot"] != before
        assert adapter.graph().overlay_members == 0  # the events are in the snapshot now
    finally:
        adapter.end_request(token)


def test_a_snapshot_ahead_of_the_event_log_is_not_used(db, shared):
    """A snapshot from another database (a restore of an older backup) is rebuilt, not believed."""
    ada, grace = make_member("Ada Lovelace"), make_member("Grace Hopper")
    snapshot.write(shared, np.zeros(3, np.int64), np.zeros(0, np.int32), last_event=10**6)
    connect(ada, grace)
    assert adapter.degrees_of(ada.pk, [grace.pk]) == {grace.pk: 1}
    assert snapshot.open_current(shared).last_event < 10**6


def test_discarding_makes_the_next_load_rebuild(db, shared):
    ada, grace = make_member("Ada Lovelace"), make_member("Grace Hopper")
    adapter.graph()
    # A bulk load writes connections without events (the demo), then discards the snapshot.
    from kith.members.models import Connection

    Connection.objects.bulk_create([Connection(member=ada, other=grace), Connection(member=grace, other=ada)])
    adapter.discard_snapshot()
    adapter.reset()
    assert adapter.degrees_of(ada.pk, [grace.pk]) == {grace.pk: 1}


def test_the_task_does_nothing_without_snapshots(db, settings):
    settings.KITH_GRAPH_SNAPSHOTS = False
    assert "skipped" in rebuild_graph_snapshot()


def test_doctor_finds_a_snapshot_that_disagrees_with_the_table(doctor, shared):
    from kith.members.models import Connection

    ada, grace, linus, mary = (make_member(n) for n in ("Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Mary Somerville"))
    connect(ada, grace)
    rebuild_graph_snapshot()
    connect(grace, linus)  # after the snapshot: replayed from the event log
    assert doctor("network.graph_snapshot") == []
    name = snapshot.current_name(shared)

    # A bulk load that wrote rows without events and kept the old snapshot (no discard).
    Connection.objects.bulk_create([Connection(member=linus, other=mary), Connection(member=mary, other=linus)])
    # A row removed behind the actions' back.
    Connection.objects.filter(member__in=[ada, grace], other__in=[ada, grace]).delete()
    lo, hi = sorted((linus.pk, mary.pk))
    a, g = sorted((ada.pk, grace.pk))
    assert doctor("network.graph_snapshot") == [
        f"snapshot {name} with the events after it connects {a} and {g}, who are not connected",
        f"{lo} and {hi} are connected, but snapshot {name} with the events after it does not connect them",
    ]

    rebuild_graph_snapshot()
    assert doctor("network.graph_snapshot") == []


def test_doctor_has_no_snapshot_to_check_without_snapshots(doctor, settings):
    settings.KITH_GRAPH_SNAPSHOTS = False
    assert doctor("network.graph_snapshot") == []
