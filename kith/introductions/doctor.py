"""`kith doctor` checks for introductions (see kith.core.doctor): the promises
kith.introductions.actions keep about a request, its hops and the members on its path.

- ``introductions.statuses``: a request's status agrees with its hops (one hop answering at a
  time, in order; at the target only when every introducer forwarded it).
- ``introductions.hops_connected``: each introducer who forwarded a request was connected, at
  that moment, with the one before them and the one after (the connection event log says
  when pairs connected; a pair with no event was connected by a bulk load, before any);
  or the request was closed on the way.
- ``introductions.blocks``: no request still on its way has two members blocked either way on
  its path, and no introduction waiting at its target is across a block between asker and target.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Q

from kith.core.doctor import check
from kith.introductions.models import IntroductionHop, IntroductionRequest
from kith.members.models import Block, Connection, ConnectionEvent

Status = IntroductionRequest.Status
Hop = IntroductionHop.Status
CHUNK = 2000
STILL_TO_ANSWER = (Hop.WAITING, Hop.PENDING)
STOPPED = (Hop.DECLINED, Hop.UNKNOWN, Hop.ENDED)


def _requests(**filters) -> Iterator[list[IntroductionRequest]]:
    """Requests (with their hops in order) in chunks, by id."""
    last = 0
    while True:
        chunk = list(IntroductionRequest.objects.filter(pk__gt=last, **filters).order_by("pk").prefetch_related("hops")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def _hops(request: IntroductionRequest) -> list[IntroductionHop]:
    return sorted(request.hops.all(), key=lambda h: h.position)


def _status_problem(request: IntroductionRequest, hops: list[IntroductionHop]) -> str | None:
    kinds = [h.status for h in hops]
    if [h.position for h in hops] != list(range(1, len(hops) + 1)) or not 1 <= len(hops) <= 2:
        return f"hops at positions {[h.position for h in hops]}, not 1 or 1 and 2"
    people = [request.asker_id, *(h.introducer_id for h in hops), request.target_id]
    if len(set(people)) != len(people):
        return "the same member twice on its path"
    if request.status == Status.PENDING:
        if kinds.count(Hop.PENDING) != 1:
            return f"on its way with hops {kinds}: exactly one should be waiting for an answer"
        at = kinds.index(Hop.PENDING)
        if any(k != Hop.FORWARDED for k in kinds[:at]) or any(k != Hop.WAITING for k in kinds[at + 1 :]):
            return f"on its way with hops {kinds}: forwarded before the one answering, not reached after it"
        if hops[at].reached_at is None:
            return f"hop {at + 1} is waiting for an answer but was never reached"
    elif request.status in (Status.DECLINED, Status.NOT_FORWARDED):
        if any(k in STILL_TO_ANSWER for k in kinds):
            return f"{request.status} with hops {kinds} still to answer"
        if all(k == Hop.FORWARDED for k in kinds):
            return f"{request.status} though every introducer forwarded it"
        if request.status == Status.DECLINED and not any(k in STOPPED for k in kinds):
            return f"declined with hops {kinds}: none declined or ended"
    else:  # at the target
        if any(k != Hop.FORWARDED for k in kinds):
            return f"{request.status} at the target with hops {kinds}: every introducer should have forwarded it"
        if request.introduced_at is None:
            return f"{request.status} at the target with no time it was introduced"
        if request.status == Status.REPLIED and request.conversation_id is None:
            return "replied without the conversation it opened"
    return None


@check("introductions.statuses", "Each introduction's status agrees with its introducers' answers, one at a time and in order")
def statuses() -> Iterator[str]:
    for chunk in _requests():
        for request in chunk:
            problem = _status_problem(request, _hops(request))
            if problem:
                yield f"introduction {request.pk} ({request.asker_id} -> {request.target_id}, {request.status}): {problem}"


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _connected_at(questions: Iterable[tuple[int, int, datetime]]) -> dict[tuple[int, int, datetime], bool]:
    """Whether each (a, b) pair was connected at the moment, from the event log (and, for a
    pair whose first event came later or that has none, from that event or the table)."""
    questions = list(questions)
    pairs = {_pair(a, b) for a, b, _ in questions}
    events: dict[tuple[int, int], list[tuple[datetime, int, str]]] = defaultdict(list)
    now_connected: set[tuple[int, int]] = set()
    pairs_list = sorted(pairs)
    for i in range(0, len(pairs_list), 200):
        part = pairs_list[i : i + 200]
        q_events, q_rows = Q(), Q()
        for a, b in part:
            q_events |= Q(member_a_id=a, member_b_id=b) | Q(member_a_id=b, member_b_id=a)
            q_rows |= Q(member_id=a, other_id=b)
        for a, b, when, pk, kind in ConnectionEvent.objects.filter(q_events).values_list("member_a_id", "member_b_id", "created_at", "id", "kind"):
            events[_pair(a, b)].append((when, pk, kind))
        now_connected |= set(Connection.objects.filter(q_rows).values_list("member_id", "other_id"))
    out = {}
    for a, b, when in questions:
        log = sorted(events.get(_pair(a, b), []), key=lambda e: (e[0], e[1]))
        before = [kind for at, _, kind in log if at <= when]
        if before:
            out[(a, b, when)] = before[-1] == ConnectionEvent.Kind.ADDED
        elif log:
            out[(a, b, when)] = log[0][2] == ConnectionEvent.Kind.REMOVED  # connected by a bulk load until then
        else:
            out[(a, b, when)] = _pair(a, b) in now_connected
    return out


@check(
    "introductions.hops_connected",
    "Each introducer who forwarded an introduction was connected, then, with the one before and the one after them, or it was closed",
)
def hops_connected() -> Iterator[str]:
    closed = (Status.DECLINED, Status.NOT_FORWARDED)
    for chunk in _requests():
        asked: list[tuple[IntroductionRequest, int, int, int, datetime]] = []
        for request in chunk:
            if request.status in closed:
                continue
            hops = _hops(request)
            people = [request.asker_id, *(h.introducer_id for h in hops), request.target_id]
            for i, hop in enumerate(hops, start=1):
                if hop.status != Hop.FORWARDED or hop.answered_at is None:
                    continue
                asked += [(request, i, people[i - 1], people[i], hop.answered_at), (request, i, people[i], people[i + 1], hop.answered_at)]
        answers = _connected_at((a, b, when) for _, _, a, b, when in asked)
        for request, position, a, b, when in asked:
            if not answers[(a, b, when)]:
                yield (
                    f"introduction {request.pk} ({request.status}): introducer {position} forwarded it on {when:%Y-%m-%d %H:%M} "
                    f"when {a} and {b} were not connected"
                )


@check("introductions.blocks", "No introduction on its way has a block between two members on its path, nor one at its target a block between asker and target")
def across_blocks() -> Iterator[str]:
    for chunk in _requests(status__in=(Status.PENDING, Status.INTRODUCED, Status.REPLIED)):
        paths = {}
        for request in chunk:
            if request.status == Status.PENDING:
                paths[request.pk] = [request.asker_id, *(h.introducer_id for h in _hops(request)), request.target_id]
            else:
                paths[request.pk] = [request.asker_id, request.target_id]
        everyone = {m for path in paths.values() for m in path}
        blocks = {_pair(a, b) for a, b in Block.objects.filter(blocker_id__in=everyone, blocked_id__in=everyone).values_list("blocker_id", "blocked_id")}
        for request in chunk:
            path = paths[request.pk]
            across = sorted({_pair(a, b) for i, a in enumerate(path) for b in path[i + 1 :]} & blocks)
            for a, b in across:
                yield f"introduction {request.pk} ({request.status}) has {a} and {b} on its path, blocked"
