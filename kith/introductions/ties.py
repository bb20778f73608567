"""The facts behind a tie's strength, read from the database for a batch of pairs.

``kith.graph.introduce.tie_strength`` scores them; this module only gathers them:
how long the two were at the same company at the same time (their positions), how
many messages they exchanged and when last (their 1:1 conversation), and how long
they have been connected. Three queries for any number of pairs.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

import numpy as np
from django.db.models import Count, Max
from django.utils import timezone

from kith.graph.introduce import TieFn, tie_strength
from kith.members.models import Connection, Position, term_key
from kith.messaging.models import Conversation, Message

__all__ = ["TieFacts", "tie_facts", "db_tie"]

Pair = tuple[int, int]


def _key(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


class TieFacts(dict):
    """``{(low id, high id): (years_together, messages, age_days, idle_days)}``."""


def _overlap_years(mine: list[tuple[str, date, date]], theirs: list[tuple[str, date, date]]) -> float:
    days = 0
    for company, start, end in mine:
        for other, o_start, o_end in theirs:
            if company == other:
                days += max(0, (min(end, o_end) - max(start, o_start)).days)
    return days / 365.25


def tie_facts(pairs: list[Pair], *, now: datetime | None = None) -> TieFacts:
    """Facts for each connected pair (pairs not connected are left out)."""
    now = now or timezone.now()
    today = now.date()
    wanted = {_key(int(a), int(b)) for a, b in pairs if int(a) != int(b)}
    if not wanted:
        return TieFacts()
    lows = {a for a, _ in wanted}
    highs = {b for _, b in wanted}
    since: dict[Pair, datetime] = {}
    for a, b, created in Connection.objects.filter(member_id__in=lows, other_id__in=highs).values_list("member_id", "other_id", "created_at"):
        if (a, b) in wanted:
            since[(a, b)] = created
    ids = lows | highs
    stints: dict[int, list[tuple[str, date, date]]] = defaultdict(list)
    for pid, company, start, end in Position.objects.filter(profile_id__in=ids).values_list("profile_id", "company", "start", "end"):
        stints[pid].append((term_key(company), start, end or today))
    keys = {Conversation.pair_key_for(a, b): (a, b) for a, b in since}
    talk = {
        keys[row["conversation__pair_key"]]: (row["n"], row["last"])
        for row in Message.objects.filter(conversation__pair_key__in=list(keys))
        .values("conversation__pair_key")
        .annotate(n=Count("id"), last=Max("created_at"))
    }
    out = TieFacts()
    for pair, created in since.items():
        count, last = talk.get(pair, (0, None))
        age = max(0, (now - created).days)
        idle = max(0, (now - (last or created)).days)
        out[pair] = (_overlap_years(stints.get(pair[0], []), stints.get(pair[1], [])), count, age, idle)
    return out


def db_tie(facts: TieFacts | None = None) -> TieFn:
    """A tie function for kith.graph.introduce over facts from the database.

    Pairs missing from ``facts`` are fetched in one batch per call, so the engine may
    ask about any pairs; a pair that is not connected scores as a bare connection.
    """
    known = facts if facts is not None else TieFacts()

    def tie(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        pairs = [_key(int(a), int(b)) for a, b in zip(u.tolist(), v.tolist(), strict=True)]
        missing = [p for p in pairs if p not in known]
        if missing:
            known.update(tie_facts(missing))
        rows = np.array([known.get(p, (0.0, 0, 0, 365)) for p in pairs], dtype=np.float64).reshape(-1, 4)
        return tie_strength(years_together=rows[:, 0], messages=rows[:, 1], age_days=rows[:, 2], idle_days=rows[:, 3])

    return tie
