"""Memory of N worker processes holding the connection graph: a private copy each (before) against
one memory-mapped snapshot shared by all (after, kith.graph.snapshot).

    PYTHONPATH=. python bench/graph_memory.py --members 1000000 --avg-degree 100 --workers 4

A synthetic graph (bench/_graphgen.py) is written once as a snapshot (the rebuild task's
format). Then, for each mode, ``--workers`` processes start together; each builds its
``kith.graph.Graph`` — ``np.load`` into private memory (what every worker did before: its own
copy, as loaded from the database) or ``snapshot.open_current`` (mmap) — answers the same
queries (degree badges for 100 members, People You May Know for 20 viewers), then touches every
page of the adjacency (the worst case: a long-running worker sooner or later reads all of it),
and reports its RSS and PSS from /proc/self/smaps_rollup. PSS divides a shared page among the
processes mapping it, so the sum of PSS is what the machine really spends.

Not through the database: at 1M members the demo takes too long to build here, so the graph is
synthetic and the processes use the engine and the snapshot module directly (what
kith.graph.adapter does after its load).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _graphgen import generate  # noqa: E402

from kith.graph import Graph, snapshot  # noqa: E402
from kith.graph.queries import degrees  # noqa: E402
from kith.graph.suggest import suggest  # noqa: E402


def memory() -> tuple[float, float]:
    """(RSS, PSS) of this process in MiB."""
    fields = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        fields[key] = int(value.split()[0])
    return fields["Rss"] / 1024, fields["Pss"] / 1024


def worker(mode: str, folder: str, start, results) -> None:
    start.wait()
    t0 = time.perf_counter()
    if mode == "private":
        name = snapshot.current_name(folder)
        indptr = np.load(Path(folder) / name / "indptr.npy")
        indices = np.load(Path(folder) / name / "indices.npy")
        g = Graph(indptr, indices)
    else:
        snap = snapshot.open_current(folder)
        g = Graph(snap.indptr, snap.indices)
    loaded = time.perf_counter() - t0
    rng = np.random.default_rng(os.getpid())
    viewers = rng.integers(0, g.n, 20)
    members = rng.integers(0, g.n, 100)
    for v in viewers:
        degrees(g, int(v), members)
        suggest(g, int(v), k=50)
    after_queries = memory()
    checksum = int(np.asarray(g.indices[:: 1024]).sum()) + int(np.asarray(g.indices).sum())  # every page
    results.put((mode, loaded, *after_queries, *memory(), checksum))
    # Stay alive until every worker has measured, so the shared pages are shared while measured.
    start.wait()


def run(mode: str, folder: str, workers: int) -> list[tuple]:
    ctx = mp.get_context("fork")
    start = ctx.Barrier(workers + 1)
    results = ctx.Queue()
    procs = [ctx.Process(target=worker, args=(mode, folder, start, results)) for _ in range(workers)]
    for p in procs:
        p.start()
    start.wait()
    rows = [results.get() for _ in procs]
    start.wait()
    for p in procs:
        p.join()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--avg-degree", type=float, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    folder = args.dir or tempfile.mkdtemp(prefix="kith-graph-memory-")
    print(f"load average {os.getloadavg()[0]:.1f}; generating {args.members:,} members, average degree {args.avg_degree}", file=sys.stderr)
    t0 = time.perf_counter()
    src, dst = generate(args.members, args.avg_degree, seed=1)
    g = Graph.from_edges(args.members, src, dst)
    del src, dst
    snapshot.write(folder, g.indptr, g.indices, last_event=0)
    print(f"graph: {g.n:,} members, {g.num_edges:,} connections, adjacency {g.nbytes / 2**20:.0f} MiB; "
          f"built and written in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    del g
    print("| mode | workers | load s (median) | RSS MiB each, after queries | PSS MiB each, after queries | RSS MiB each, all pages | PSS MiB each, all pages | PSS MiB, sum |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for mode in ("private", "mmap"):
        rows = run(mode, folder, args.workers)

        def med(i: int, rows: list[tuple] = rows) -> float:
            return statistics.median(r[i] for r in rows)

        pss_sum = sum(r[5] for r in rows)
        print(f"| {'private copy (before)' if mode == 'private' else 'memory-mapped snapshot (after)'} | {args.workers} | "
              f"{med(1):.2f} | {med(2):.0f} | {med(3):.0f} | {med(4):.0f} | {med(5):.0f} | {pss_sum:.0f} |")
    print(f"load average after {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
