"""What apps above insights add to its cards, registered on start-up (insights imports none of them).

- ``register_introduced_by(fn)``: ``fn(viewer_id, member_ids) -> {member id: [introducer names]}``,
  the members who introduced the viewer and each of ``member_ids`` (kith.introductions fills it);
  the card says "Introduced by Grace Hopper".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

__all__ = ["register_introduced_by", "introduced_by"]

IntroducedBy = Callable[[int, list[int]], dict[int, list[str]]]

_introduced_by: list[IntroducedBy] = []


def register_introduced_by(fn: IntroducedBy) -> None:
    """Add a source of "introduced by" lines (idempotent for the same function)."""
    if fn not in _introduced_by:
        _introduced_by.append(fn)


def introduced_by(viewer_id: int, member_ids: Iterable[int]) -> dict[int, list[str]]:
    """``{member id: [names]}`` from every registered source (members without one are left out)."""
    ids = [int(i) for i in member_ids]
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    for fn in _introduced_by:
        for member_id, names in fn(viewer_id, ids).items():
            out.setdefault(member_id, []).extend(n for n in names if n not in out.get(member_id, []))
    return out
