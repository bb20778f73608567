"""Each group's roster in memory, per process: every membership's id, member id and role, in the
member list's order (owner, managers, then the newest member first), as numpy arrays.

The database is the truth; this is a cache of it, kept the way the graph engine keeps its
overlay: every action that changes who is in a group or in what role bumps
``Group.roster_version`` in the same transaction (kith.groups.actions), and bulk loads (the demo,
bench/groups.py) change ``member_count``. A roster is used only for the (version, count) of the
group row the request read, so a join on one process is in the next request's member list on
any other: read-your-writes with no broadcast. A stale roster is reloaded in one pass over the
group's covering index (membership_group_role_idx).

Rosters of the KITH_GROUP_ROSTERS most recently listed groups are kept (about 17 bytes a member:
a 10,000-member group is 170 kB).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from django.conf import settings

from kith.groups.models import Group, Membership

__all__ = ["RANKS", "Roster", "forget", "roster"]

# The member list's order: owner, managers, members.
RANKS = {Membership.Role.OWNER: 0, Membership.Role.MANAGER: 1, Membership.Role.MEMBER: 2}
ROLES = [Membership.Role.OWNER, Membership.Role.MANAGER, Membership.Role.MEMBER]  # by rank


@dataclass(frozen=True)
class Roster:
    key: tuple  # (created_at, roster_version, member_count) of the group row it was read for
    row_ids: np.ndarray  # int64 membership ids, in list order
    member_ids: np.ndarray  # int64, the same order
    ranks: np.ndarray  # int8: 0 owner, 1 manager, 2 member

    def __len__(self) -> int:
        return int(self.row_ids.shape[0])


_rosters: OrderedDict[int, Roster] = OrderedDict()
_lock = threading.Lock()


def _key(group: Group) -> tuple:
    # created_at too: a database flushed and loaded again (kith demo) reuses group ids.
    return (group.created_at, group.roster_version, group.member_count)


def _load(group: Group) -> Roster:
    rows = list(Membership.objects.filter(group_id=group.pk).values_list("id", "member_id", "role"))
    n = len(rows)
    row_ids = np.fromiter((r[0] for r in rows), np.int64, n)
    member_ids = np.fromiter((r[1] for r in rows), np.int64, n)
    ranks = np.fromiter((RANKS.get(r[2], 2) for r in rows), np.int8, n)
    # Managers first, then the newest: memberships are written when members join, so the newest
    # has the highest id (sorting ids needs no date read for each of 10,000 rows).
    order = np.lexsort((-row_ids, ranks))
    return Roster(_key(group), row_ids[order], member_ids[order], ranks[order])


def roster(group: Group) -> Roster:
    """The group's roster as of the group row the caller read (``group`` straight from
    ``access_group``: its version and count are this request's)."""
    key = _key(group)
    with _lock:
        found = _rosters.get(group.pk)
        if found is not None and found.key == key:
            _rosters.move_to_end(group.pk)
            return found
    fresh = _load(group)
    with _lock:
        # Two threads loading at once both store; the loser's roster is as good, or reloaded next time.
        _rosters[group.pk] = fresh
        _rosters.move_to_end(group.pk)
        while len(_rosters) > max(1, settings.KITH_GROUP_ROSTERS):
            _rosters.popitem(last=False)
    return fresh


def forget() -> None:
    """Drop every roster (tests)."""
    with _lock:
        _rosters.clear()
