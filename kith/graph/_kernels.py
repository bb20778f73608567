"""Numba kernels behind :mod:`kith.graph.csr` and the modules that query it.

Every kernel takes the graph as five arrays ``(ip, ix, slot, oip, oix)``: the
CSR snapshot (``ip`` int64 row pointers, ``ix`` int32 sorted neighbours) and the
overlay (``slot[u] >= 0`` means member ``u``'s current neighbours are
``oix[oip[slot[u]]:oip[slot[u] + 1]]`` instead of its CSR row). Kernels never
allocate n-length arrays except where the caller passes scratch; all are compiled
with ``cache=True`` so only the first run on a machine pays for compilation.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _row(ip, ix, slot, oip, oix, u):
    s = slot[u]
    if s < 0:
        return ix[ip[u] : ip[u + 1]]
    return oix[oip[s] : oip[s + 1]]


@njit(cache=True)
def _deg(ip, slot, oip, u):
    s = slot[u]
    if s < 0:
        return ip[u + 1] - ip[u]
    return oip[s + 1] - oip[s]


@njit(cache=True)
def _has(bits, m):
    b = m >> 3
    return b < bits.shape[0] and ((bits[b] >> (m & 7)) & 1) == 1


@njit(cache=True)
def _weight(d, beta, damping):
    return d**-beta / (1.0 + d / damping)


@njit(cache=True)
def build_csr(n, src, dst):
    """Symmetric CSR with sorted, duplicate-free rows; self loops dropped.

    Two counting-sort passes: scatter each edge into both rows (unsorted), then
    transpose, which sorts every row because rows are visited in order and the
    matrix is symmetric. Duplicates are then adjacent and squeezed out in place.
    """
    counts = np.zeros(n + 1, np.int64)
    for i in range(src.shape[0]):
        a = src[i]
        b = dst[i]
        if a != b:
            counts[a + 1] += 1
            counts[b + 1] += 1
    ip = np.cumsum(counts)
    rows = np.empty(ip[n], np.int32)
    pos = ip[:n].copy()
    for i in range(src.shape[0]):
        a = src[i]
        b = dst[i]
        if a != b:
            rows[pos[a]] = b
            pos[a] += 1
            rows[pos[b]] = a
            pos[b] += 1
    ix = np.empty(ip[n], np.int32)
    pos[:] = ip[:n]
    for r in range(n):
        for j in range(ip[r], ip[r + 1]):
            c = rows[j]
            ix[pos[c]] = r
            pos[c] += 1
    out_ip = np.empty(n + 1, np.int64)
    out_ip[0] = 0
    w = 0
    for r in range(n):
        last = -1
        for j in range(ip[r], ip[r + 1]):
            x = ix[j]
            if x != last:
                ix[w] = x
                w += 1
                last = x
        out_ip[r + 1] = w
    return out_ip, ix[:w]


@njit(cache=True)
def gather(ip, ix, slot, oip, oix):
    """The effective adjacency (CSR merged with the overlay) as a fresh CSR."""
    n = slot.shape[0]
    out_ip = np.empty(n + 1, np.int64)
    out_ip[0] = 0
    for u in range(n):
        out_ip[u + 1] = out_ip[u] + _deg(ip, slot, oip, u)
    out_ix = np.empty(out_ip[n], np.int32)
    for u in range(n):
        out_ix[out_ip[u] : out_ip[u + 1]] = _row(ip, ix, slot, oip, oix, u)
    return out_ip, out_ix


@njit(cache=True)
def intersect(a, b):
    """Sorted intersection of two sorted unique int32 arrays."""
    out = np.empty(min(a.shape[0], b.shape[0]), np.int32)
    i = 0
    j = 0
    k = 0
    while i < a.shape[0] and j < b.shape[0]:
        x = a[i]
        y = b[j]
        if x == y:
            out[k] = x
            k += 1
            i += 1
            j += 1
        elif x < y:
            i += 1
        else:
            j += 1
    return out[:k]


@njit(cache=True)
def viewer_sets(ip, ix, slot, oip, oix, v, nbytes):
    """Bitmaps of the viewer's 1st and 2nd degree, and the 2nd degree as a list."""
    bits1 = np.zeros(nbytes, np.uint8)
    bits2 = np.zeros(nbytes, np.uint8)
    first = _row(ip, ix, slot, oip, oix, v)
    bound = 0
    for w in first:
        bits1[w >> 3] |= np.uint8(1 << (w & 7))
        bound += _deg(ip, slot, oip, w)
    second = np.empty(bound, np.int32)
    k = 0
    for w in first:
        for x in _row(ip, ix, slot, oip, oix, w):
            if x == v or _has(bits1, x) or _has(bits2, x):
                continue
            bits2[x >> 3] |= np.uint8(1 << (x & 7))
            second[k] = x
            k += 1
    return bits1, bits2, second[:k].copy()


@njit(cache=True)
def degrees_of(ip, ix, slot, oip, oix, v, bits1, bits2, members, out):
    for i in range(members.shape[0]):
        m = members[i]
        if m == v:
            out[i] = 0
        elif _has(bits1, m):
            out[i] = 1
        elif _has(bits2, m):
            out[i] = 2
        else:
            out[i] = 0
            for x in _row(ip, ix, slot, oip, oix, m):
                if _has(bits2, x):
                    out[i] = 3
                    break


@njit(cache=True)
def third_count(ip, ix, slot, oip, oix, v, bits1, bits2, second):
    """How many members are exactly three hops from ``v``."""
    seen = np.zeros(bits1.shape[0], np.uint8)
    count = 0
    for x in second:
        for y in _row(ip, ix, slot, oip, oix, x):
            if y == v or _has(bits1, y) or _has(bits2, y) or _has(seen, y):
                continue
            seen[y >> 3] |= np.uint8(1 << (y & 7))
            count += 1
    return count


@njit(cache=True)
def gain_of(ip, ix, slot, oip, oix, v, c, bits1, bits2, target):
    gain = 0
    hit = 0
    for y in _row(ip, ix, slot, oip, oix, c):
        if y == v or _has(bits1, y) or _has(bits2, y):
            continue
        gain += 1
        if y < target.shape[0] and target[y]:
            hit += 1
    return gain, hit


@njit(cache=True)
def expand(ip, ix, slot, oip, oix, u, beta, damping, three_hop, acc, cnt, h, l3):
    """Accumulate recommendation evidence around ``u`` into scratch arrays.

    For every member c two hops away: ``acc[c]`` sums the shared-connection
    weights, ``cnt[c]`` counts shared connections, and ``h[c]`` is the
    resource-allocation mass (sum of 1/deg of the shared connections) that the
    3-path term is built from. With ``three_hop`` the 3-path term ``l3`` is
    accumulated for every member reached in three hops as well. Returns the
    touched members; the caller must zero the scratch at those positions.
    """
    first = _row(ip, ix, slot, oip, oix, u)
    bound = 0
    for w in first:
        bound += _deg(ip, slot, oip, w)
    touched = np.empty(bound, np.int32)
    t = 0
    for w in first:
        d = _deg(ip, slot, oip, w)
        fw = _weight(d, beta, damping)
        hw = 1.0 / d
        for c in _row(ip, ix, slot, oip, oix, w):
            if cnt[c] == 0:
                touched[t] = c
                t += 1
            cnt[c] += 1
            acc[c] += fw
            h[c] += hw
    if not three_hop:
        return touched[:t]
    two = t
    bound = t
    for i in range(two):
        bound += _deg(ip, slot, oip, touched[i])
    grown = np.empty(bound, np.int32)
    grown[:two] = touched[:two]
    for i in range(two):
        y = grown[i]
        d = _deg(ip, slot, oip, y)
        hy = h[y] / d
        for c in _row(ip, ix, slot, oip, oix, y):
            if cnt[c] == 0 and l3[c] == 0.0:
                grown[t] = c
                t += 1
            l3[c] += hy
    return grown[:t]


@njit(cache=True)
def paths3_of(ip, ix, slot, oip, oix, cands, h, out):
    """The 3-path term for chosen candidates from the ``h`` left by :func:`expand`."""
    for i in range(cands.shape[0]):
        c = cands[i]
        s = 0.0
        for y in _row(ip, ix, slot, oip, oix, c):
            if h[y] != 0.0:
                s += h[y] / _deg(ip, slot, oip, y)
        out[i] = s


@njit(cache=True)
def _paths3_between(ip, ix, slot, oip, oix, a, b, stamp):
    """Resource-allocation weight of the 3-step paths between two members whose
    neighbour rows are ``a`` and ``b``: sum over edges x-y with x in a, y in b of
    1 / (deg x * deg y). ``stamp`` is an all-zero scratch array, left all-zero."""
    if a.shape[0] > b.shape[0]:  # symmetric: walk from the smaller side
        a, b = b, a
    for y in b:
        stamp[y] = 1
    l3 = 0.0
    for x in a:
        dx = _deg(ip, slot, oip, x)
        for y in _row(ip, ix, slot, oip, oix, x):
            if stamp[y] == 1:
                l3 += 1.0 / (dx * _deg(ip, slot, oip, y))
    for y in b:
        stamp[y] = 0
    return l3


@njit(cache=True)
def score_pairs_of(
    ip, ix, slot, oip, oix, us, vs, beta, damping, common, paths3, degree_norm, stamp, out
):
    """Pairwise score; ``stamp`` is an int32 scratch of length n, zero on entry and exit."""
    for i in range(us.shape[0]):
        u = us[i]
        v = vs[i]
        a = _row(ip, ix, slot, oip, oix, u)
        b = _row(ip, ix, slot, oip, oix, v)
        s = 0.0
        for x in intersect(a, b):
            s += _weight(_deg(ip, slot, oip, x), beta, damping) + common
        if paths3 != 0.0:
            s += paths3 * _paths3_between(ip, ix, slot, oip, oix, a, b, stamp)
        if degree_norm != 0.0:
            s *= (max(a.shape[0], 1) * max(b.shape[0], 1)) ** -degree_norm
        out[i] = s


@njit(cache=True)
def bridges(ip, ix, slot, oip, oix, v, t, stamp):
    """All (a, b) with a a neighbour of ``v``, b a neighbour of ``t`` and a ~ b.

    ``stamp`` is an int32 scratch of length n, zero on entry and exit.
    """
    for y in _row(ip, ix, slot, oip, oix, t):
        stamp[y] = 1
    first = _row(ip, ix, slot, oip, oix, v)
    bound = 0
    for a in first:
        bound += _deg(ip, slot, oip, a)
    out = np.empty((bound, 2), np.int32)
    k = 0
    for a in first:
        if a == t:
            continue
        for b in _row(ip, ix, slot, oip, oix, a):
            if stamp[b] == 1 and b != v:
                out[k, 0] = a
                out[k, 1] = b
                k += 1
    for y in _row(ip, ix, slot, oip, oix, t):
        stamp[y] = 0
    return out[:k].copy()


@njit(cache=True)
def pair_features(ip, ix, slot, oip, oix, us, vs, betas, dampings, stamp, out):
    """The terms of the pair score, for fitting :class:`ScoreWeights` in one pass.

    ``out[i, j]`` for ``j < m`` (``m = betas.shape[0]``) is the sum over shared
    connections of ``_weight(deg, betas[j], dampings[j])``; ``out[i, m]`` the
    number of shared connections; ``out[i, m + 1]`` the resource-allocation
    weight of 3-step paths. ``stamp`` is an int32 scratch of length n, zero on
    entry and exit. Any weighting's score is then a linear combination (see
    ``score_pairs_of``).
    """
    m = betas.shape[0]
    for i in range(us.shape[0]):
        u = us[i]
        v = vs[i]
        a = _row(ip, ix, slot, oip, oix, u)
        b = _row(ip, ix, slot, oip, oix, v)
        for j in range(m + 2):
            out[i, j] = 0.0
        for x in intersect(a, b):
            d = _deg(ip, slot, oip, x)
            for j in range(m):
                out[i, j] += _weight(d, betas[j], dampings[j])
            out[i, m] += 1.0
        out[i, m + 1] = _paths3_between(ip, ix, slot, oip, oix, a, b, stamp)
