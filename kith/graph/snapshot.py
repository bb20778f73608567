"""The compacted CSR on disk, memory-mapped read-only by every process on the machine.

A snapshot is a folder holding ``indptr.npy`` (int64, n + 1), ``indices.npy`` (int32) and
``meta.json`` (``n``, ``num_edges``, ``last_event``: the id of the last connection event it
holds). The folder ``CURRENT`` names is the one to use; :func:`write` fills a new folder,
fsyncs it and then replaces ``CURRENT`` atomically, so a reader sees the old snapshot or the
new one, never half of one. Folders no longer current are removed after a new one is
published: a process still mapping one keeps its pages (the kernel frees them at unmap).

Mapping instead of loading means the operating system keeps one copy of the adjacency in its
page cache for every worker process, instead of one copy each; each process keeps only its
small overlay of newer events (kith.graph.csr.Graph's patch rows) and its caches.

Pure numpy, no Django (kith.graph.adapter decides when to write and when to reload).

Examples
--------
>>> import tempfile, numpy as np
>>> folder = tempfile.mkdtemp()
>>> name = write(folder, np.array([0, 1, 2]), np.array([1, 0], np.int32), last_event=7)
>>> snap = open_current(folder)
>>> snap.last_event, snap.indices.tolist(), snap.indices.flags.writeable
(7, [1, 0], False)
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Snapshot", "current_name", "open_current", "write"]

CURRENT = "CURRENT"


@dataclass(frozen=True)
class Snapshot:
    name: str
    indptr: np.ndarray  # read-only memmap
    indices: np.ndarray  # read-only memmap
    n: int
    num_edges: int
    last_event: int


def current_name(folder: str | os.PathLike) -> str | None:
    """The current snapshot's folder name, or None when none was written (one small read)."""
    try:
        return (Path(folder) / CURRENT).read_text().strip() or None
    except FileNotFoundError:
        return None


def open_current(folder: str | os.PathLike) -> Snapshot | None:
    """Map the current snapshot read-only; None when there is none (or it vanished meanwhile)."""
    folder = Path(folder)
    name = current_name(folder)
    if name is None:
        return None
    path = folder / name
    try:
        meta = json.loads((path / "meta.json").read_text())
        indptr = np.load(path / "indptr.npy", mmap_mode="r")
        indices = np.load(path / "indices.npy", mmap_mode="r")
    except (FileNotFoundError, ValueError):
        return None  # replaced and removed between the two reads: the caller asks again later
    if indptr.shape[0] != meta["n"] + 1 or indices.shape[0] != indptr[-1]:
        return None
    return Snapshot(name, indptr, indices, int(meta["n"]), int(meta["num_edges"]), int(meta["last_event"]))


def _save(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as f:
        np.save(f, array, allow_pickle=False)
        f.flush()
        os.fsync(f.fileno())


def write(folder: str | os.PathLike, indptr: np.ndarray, indices: np.ndarray, *, last_event: int, keep: int = 2) -> str:
    """Publish a new current snapshot; returns its folder name.

    ``indptr``/``indices`` must be a symmetric CSR as kith.graph.csr.Graph holds it (sorted,
    duplicate-free rows). Keeps the ``keep`` newest folders (the current one included).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    indptr = np.ascontiguousarray(indptr, dtype=np.int64)
    indices = np.ascontiguousarray(indices, dtype=np.int32)
    name = f"snap-{int(time.time() * 1000):013d}-{last_event}-{uuid.uuid4().hex[:8]}"
    scratch = folder / f".{name}.tmp"
    scratch.mkdir()
    _save(scratch / "indptr.npy", indptr)
    _save(scratch / "indices.npy", indices)
    meta = {"n": int(indptr.shape[0] - 1), "num_edges": int(indices.shape[0] // 2), "last_event": int(last_event)}
    (scratch / "meta.json").write_text(json.dumps(meta))
    os.replace(scratch, folder / name)
    pointer = folder / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
    pointer.write_text(name)
    os.replace(pointer, folder / CURRENT)
    _prune(folder, keep=keep)
    return name


def _prune(folder: Path, *, keep: int) -> None:
    current = current_name(folder)
    snaps = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.startswith("snap-"))
    for old in snaps[:-keep] if keep > 0 else snaps:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)
    for stale in folder.glob(".snap-*.tmp"):
        if time.time() - stale.stat().st_mtime > 3600:  # a writer that died half way
            shutil.rmtree(stale, ignore_errors=True)
