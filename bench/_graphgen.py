"""A seeded synthetic professional network, generated fast with numpy.

Members live in communities (lognormal sizes, median about 300): a company, a
city, an alumni year. Each member gets a target degree from a lognormal (most
between 10 and 150, a few hubs over 1,000, capped at 5,000), scaled so the mean
is the requested average. Edges are Chung-Lu style: one endpoint drawn with
probability proportional to target degree, the other too, from the same
community with probability ``local`` and from everyone otherwise. Duplicates and
self loops are left in; ``Graph.from_edges`` drops them.
"""

from __future__ import annotations

import numpy as np


def generate(
    n: int, avg_degree: float, *, seed: int = 0, local: float = 0.8
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(src, dst)`` int32 arrays, about ``n * avg_degree / 2`` distinct edges."""
    rng = np.random.default_rng(seed)
    sizes = np.clip(rng.lognormal(np.log(300), 1.0, n // 50 + 1), 5, 50_000).astype(np.int64)
    ends = np.cumsum(sizes)
    sizes = sizes[: np.searchsorted(ends, n) + 1]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    community = np.repeat(np.arange(sizes.shape[0]), sizes)[:n]
    starts = np.minimum(starts, n)
    stops = np.minimum(starts + sizes, n)

    weight = np.clip(rng.lognormal(0.0, 0.9, n), 0.05, None)
    weight = np.minimum(weight * avg_degree / weight.mean(), 5000.0)
    weight *= avg_degree / weight.mean()
    cum = np.concatenate([[0.0], np.cumsum(weight)])

    m = int(n * avg_degree / 2 * 1.1)  # about 10% come out as duplicates
    src = np.searchsorted(cum, rng.random(m) * cum[-1], side="right") - 1
    np.clip(src, 0, n - 1, out=src)
    c = community[src]
    lo = np.where(rng.random(m) < local, cum[starts[c]], 0.0)
    hi = np.where(lo > 0.0, cum[stops[c]], cum[-1])
    # A member of the first community has lo == 0.0 for local edges too, which
    # makes them global: harmless for a benchmark.
    dst = np.searchsorted(cum, lo + rng.random(m) * (hi - lo), side="right") - 1
    np.clip(dst, 0, n - 1, out=dst)
    return src.astype(np.int32), dst.astype(np.int32)
