"""Reads for introductions: who can introduce whom, the three boxes, and "Reach my market".

Privacy, decided by asking kith.members (never restated here):

- an introducer is offered to the asker only where the asker may learn that the
  introducer knows the target (``members.selectors.connections_shown``): a member
  whose connection list is for "only me" is never offered to someone who could not
  otherwise see that connection;
- the second introducer of a chain is chosen only where the first may see that they
  know the target; the asker sees them as "someone in Grace's network" unless the
  asker may see that connection too;
- members blocked either way with anyone on the path (asker, introducers, target),
  deactivated accounts and connections-only profiles' hidden fields never appear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from kith.core.errors import NotFound
from kith.graph import adapter
from kith.graph.introduce import chains as engine_chains
from kith.graph.introduce import introducers as engine_introducers
from kith.introductions.models import IntroductionHop, IntroductionRequest
from kith.introductions.ties import db_tie, tie_facts
from kith.members.models import Block, Profile, User
from kith.members.selectors import blocked_ids, connections_shown_for, pair_facts

__all__ = [
    "Introducer",
    "Chain",
    "Route",
    "best_introducers",
    "best_chains",
    "introducers_for_many",
    "chains_for_many",
    "route_to",
    "next_introducers",
    "strength_label",
    "sent",
    "to_forward",
    "received",
    "access_request",
    "asker_status",
    "introduced_by",
    "pending_at",
    "open_request",
    "open_between",
]


def strength_label(strength: float, hops: int = 1) -> str:
    """A path strength in words. A chain multiplies three ties, so its bands are lower."""
    strong, good = (0.35, 0.12) if hops == 1 else (0.15, 0.04)
    if strength >= strong:
        return "Strong"
    if strength >= good:
        return "Good"
    return "Weak"


@dataclass
class Introducer:
    profile: Profile
    strength: float

    @property
    def label(self) -> str:
        return strength_label(self.strength)


@dataclass
class Chain:
    first: Profile
    second: Profile | None  # None: the asker may not see who the second introducer is
    second_id: int
    strength: float

    @property
    def label(self) -> str:
        return strength_label(self.strength, hops=2)


@dataclass
class Route:
    """How the asker can reach a member: ``degree`` 2 with introducers, 3 with chains."""

    degree: int | None
    introducers: list[Introducer] = field(default_factory=list)
    chains: list[Chain] = field(default_factory=list)

    @property
    def best(self) -> Introducer | Chain | None:
        return (self.introducers or self.chains or [None])[0]


# The chains considered per 3rd-degree target before privacy and facts narrow them.
CHAIN_POOL = 256


def _inactive(ids) -> set[int]:
    return set(User.objects.filter(pk__in=list(ids), is_active=False).values_list("pk", flat=True))


def _blocked_pairs(xs, ys) -> set[tuple[int, int]]:
    """Blocks either way between members of ``xs`` and ``ys``, as (low, high) pairs."""
    xs, ys = list({int(x) for x in xs}), list({int(y) for y in ys})
    if not xs or not ys:
        return set()
    rows = Block.objects.filter(Q(blocker_id__in=xs, blocked_id__in=ys) | Q(blocker_id__in=ys, blocked_id__in=xs)).values_list(
        "blocker_id", "blocked_id"
    )
    return {(min(a, b), max(a, b)) for a, b in rows}


def _target_user(target: User | Profile | int) -> User:
    if isinstance(target, Profile):
        return target.user
    if isinstance(target, User):
        return target
    return User.objects.get(pk=int(target))


def best_introducers(asker: User, target: User | Profile, *, k: int = 5) -> list[Introducer]:
    """The asker's connections who can introduce them to a 2nd-degree ``target``, best
    path strength first, with every privacy rule and block applied (module docstring)."""
    target = _target_user(target)
    return introducers_for_many(asker, [target.pk], k=k).get(target.pk, [])


def introducers_for_many(asker: User, target_ids, *, k: int = 5) -> dict[int, list[Introducer]]:
    """``best_introducers`` for many 2nd-degree targets at once (a page of them): one
    batch of privacy checks and one of tie facts for the whole page."""
    g = adapter.graph()
    hidden = blocked_ids(asker)
    targets = [int(t) for t in target_ids if int(t) != asker.pk and 0 <= int(t) < g.n and int(t) not in hidden]
    if not 0 <= asker.pk < g.n or not targets:
        return {}
    mutual = {t: adapter.mutual_ids(asker.pk, t) for t in targets}
    everyone = {m for ms in mutual.values() for m in ms}
    # One read of the facts for the asker, the introducers and the targets: closed accounts,
    # blocks between introducer and target, and what the asker may see of their lists.
    facts = pair_facts({asker.pk}, everyone | set(targets))
    never = hidden | facts.inactive(everyone)
    triples = [(asker.pk, m, t) for t in targets for m in mutual[t] if m not in never and (min(m, t), max(m, t)) not in facts.blocks]
    shown = connections_shown_for(triples, facts=facts)
    allowed: dict[int, set[int]] = {}
    for (_, m, t), ok in zip(triples, shown, strict=True):
        if ok:
            allowed.setdefault(t, set()).add(m)
    tie = db_tie(tie_facts([(asker.pk, m) for ms in allowed.values() for m in ms] + [(m, t) for t, ms in allowed.items() for m in ms]))
    ranked: dict[int, list[tuple[int, float]]] = {}
    for t, ms in allowed.items():
        exclude = np.array(sorted(set(mutual[t]) - ms), dtype=np.int64)
        ids, scores = engine_introducers(g, asker.pk, t, tie=tie, k=k, exclude=exclude)
        ranked[t] = list(zip(ids.tolist(), scores.tolist(), strict=True))
    profiles = Profile.objects.filter(pk__in={i for rows in ranked.values() for i, _ in rows}).in_bulk()
    return {t: [Introducer(profiles[i], float(s)) for i, s in rows if i in profiles] for t, rows in ranked.items()}


def best_chains(asker: User, target: User | Profile, *, k: int = 3) -> list[Chain]:
    """Chains of two introducers to a 3rd-degree ``target``, best first.

    A chain (x, y) is offered only when the asker may see that x knows y (x's list is
    open to them) and x may see that y knows the target; y is shown by name only when
    the asker may see that y knows the target too. No block between any two of the
    four; no deactivated account.
    """
    target = _target_user(target)
    return chains_for_many(asker, [target.pk], k=k).get(target.pk, [])


def chains_for_many(asker: User, target_ids, *, k: int = 3) -> dict[int, list[Chain]]:
    """``best_chains`` for many 3rd-degree targets at once."""
    g = adapter.graph()
    hidden = blocked_ids(asker)
    targets = [int(t) for t in target_ids if int(t) != asker.pk and 0 <= int(t) < g.n and int(t) not in hidden]
    if not 0 <= asker.pk < g.n or not targets:
        return {}
    raw: dict[int, list[tuple[int, int]]] = {}
    for t in targets:
        pairs, _ = engine_chains(g, asker.pk, t, k=CHAIN_POOL, candidates=CHAIN_POOL)
        raw[t] = [(int(x), int(y)) for x, y in pairs.tolist()]
    everyone = {v for rows in raw.values() for pair in rows for v in pair}
    never = hidden | _inactive(everyone)
    blocks = _blocked_pairs(everyone | set(targets), everyone | set(targets))

    def clear(x: int, y: int, t: int) -> bool:
        return x not in never and y not in never and not {(min(a, b), max(a, b)) for a, b in ((x, y), (x, t), (y, t))} & blocks

    candidates = [(x, y, t) for t, rows in raw.items() for x, y in rows if clear(x, y, t)]
    n = len(candidates)
    checks = connections_shown_for([(asker.pk, x, y) for x, y, _ in candidates] + [(x, y, t) for x, y, t in candidates])
    allowed = [c for i, c in enumerate(candidates) if checks[i] and checks[n + i]]
    if not allowed:
        return {}
    facts = tie_facts([(asker.pk, x) for x, _, _ in allowed] + [(x, y) for x, y, _ in allowed] + [(y, t) for _, y, t in allowed])
    tie = db_tie(facts)
    x = np.array([c[0] for c in allowed])
    y = np.array([c[1] for c in allowed])
    t_ = np.array([c[2] for c in allowed])
    scores = tie(np.full(len(allowed), asker.pk), x) * tie(x, y) * tie(y, t_)
    chosen: dict[int, list[tuple[int, int, float]]] = {}
    for i in np.lexsort((y, x, -scores)).tolist():
        rows = chosen.setdefault(int(t_[i]), [])
        if len(rows) < k:
            rows.append((int(x[i]), int(y[i]), float(scores[i])))
    flat = [(a, b, t) for t, rows in chosen.items() for a, b, _ in rows]
    named = dict(zip(flat, connections_shown_for([(asker.pk, b, t) for _, b, t in flat]), strict=True))
    profiles = Profile.objects.filter(pk__in={v for a, b, _ in flat for v in (a, b)}).in_bulk()
    return {
        t: [Chain(profiles[a], profiles[b] if named[(a, b, t)] else None, b, s) for a, b, s in rows if a in profiles and b in profiles]
        for t, rows in chosen.items()
    }


def route_to(asker: User, target: User | Profile, *, k: int = 5) -> Route:
    """How the asker can be introduced to ``target``: its degree and the best ways."""
    target = _target_user(target)
    degree = adapter.degrees_of(asker.pk, [target.pk]).get(target.pk) or None
    if degree == 2:
        return Route(2, introducers=best_introducers(asker, target, k=k))
    if degree == 3:
        # One chain a first introducer: who passes it on is theirs to choose (next_introducers).
        ways: dict[int, Chain] = {}
        for c in best_chains(asker, target, k=min(k, 3) * 3):
            ways.setdefault(c.first.pk, c)
        return Route(3, chains=list(ways.values())[: min(k, 3)])
    return Route(degree)


def next_introducers(first: User, request: IntroductionRequest, *, k: int = 5) -> list[Introducer]:
    """Whom the first introducer of a chain may pass ``request`` on to: their connections who
    know the target, best path strength (from the first introducer to the target) first, as
    ``best_introducers`` offers them to the first introducer (the same privacy rules, seen by
    them: a connection whose list is hidden from them is never offered), without the asker or
    anyone blocked either way with the asker. The chain's current second introducer is kept
    in the list while they remain a valid choice, even when outside the best ``k``.
    """
    hops = sorted(request.hops.all(), key=lambda h: h.position)
    if len(hops) < 2 or hops[0].introducer_id != first.pk:
        return []
    asker_blocks = blocked_ids(request.asker)

    def fit(rows: list[Introducer]) -> list[Introducer]:
        return [i for i in rows if i.profile.pk != request.asker_id and i.profile.pk not in asker_blocks]

    ranked = fit(best_introducers(first, request.target, k=k + 1))[:k]
    current = hops[1].introducer_id
    if current not in {i.profile.pk for i in ranked}:
        wider = fit(best_introducers(first, request.target, k=CHAIN_POOL))
        ranked += [i for i in wider if i.profile.pk == current]
    return ranked


# --- boxes ----------------------------------------------------------------------------------


def _with_people(qs):
    return qs.select_related("asker__profile", "target__profile").prefetch_related("hops__introducer__profile")


def sent(asker: User):
    """Requests the asker made, newest first."""
    return _with_people(IntroductionRequest.objects.filter(asker=asker, target__is_active=True)).order_by("-created_at", "-pk")


def to_forward(introducer: User):
    """Hops waiting for this introducer's answer, oldest first, without members blocked
    either way with them (a block since the request ends it when they answer)."""
    hidden = blocked_ids(introducer)
    return (
        IntroductionHop.objects.filter(
            introducer=introducer,
            status=IntroductionHop.Status.PENDING,
            request__asker__is_active=True,
            request__target__is_active=True,
        )
        .exclude(request__asker_id__in=hidden)
        .exclude(request__target_id__in=hidden)
        .select_related("request__asker__profile", "request__target__profile")
        .prefetch_related("request__hops__introducer__profile")
        .order_by("reached_at", "pk")
    )


def received(target: User):
    """Introductions that reached the target, newest first (ignored ones included)."""
    hidden = blocked_ids(target)
    return (
        _with_people(IntroductionRequest.objects.filter(target=target, status__in=IntroductionRequest.AT_TARGET, asker__is_active=True))
        .exclude(asker_id__in=hidden)
        .order_by("-introduced_at", "-pk")
    )


def open_request(asker: User, target: User | Profile) -> IntroductionRequest | None:
    """The asker's request to ``target`` still open (one at most), for "you asked already"."""
    target = _target_user(target)
    return _with_people(IntroductionRequest.objects.filter(asker=asker, target=target, status__in=IntroductionRequest.OPEN)).first()


def open_between(member: User, other_ids) -> dict[int, tuple[IntroductionRequest, str]]:
    """For each of ``other_ids`` with an introduction in motion with ``member``: the request and
    the member's part in it, "target" (their introduction waiting for the member's answer)
    before "asker" (the member's own request, still open). For a page of members: one light query
    when there is none (most pages), three with the people when there are."""
    ids = [int(i) for i in other_ids]
    if not ids:
        return {}
    asked = Q(asker=member, target_id__in=ids, status__in=IntroductionRequest.OPEN)
    reached = Q(target=member, asker_id__in=ids, status=IntroductionRequest.Status.INTRODUCED)
    found = list(IntroductionRequest.objects.filter(asked | reached).values_list("pk", flat=True))
    if not found:
        return {}
    out: dict[int, tuple[IntroductionRequest, str]] = {}
    for request in _with_people(IntroductionRequest.objects.filter(asked, pk__in=found)):
        out[request.target_id] = (request, "asker")
    for request in received(member).filter(reached, pk__in=found):
        out[request.asker_id] = (request, "target")
    return out


def pending_at(introducer: User) -> int:
    return IntroductionHop.objects.filter(introducer=introducer, status=IntroductionHop.Status.PENDING).count()


def access_request(member: User, request_id: int) -> tuple[IntroductionRequest, str]:
    """A request and the member's part in it ("asker", "introducer" or "target").

    NotFound, the same for every reason, unless the member asked, is an introducer it has
    reached, or is a target it has reached; or when a block now lies between the member
    and the other end, or the other end closed their account.
    """
    try:
        request_id = int(request_id)
    except (TypeError, ValueError):
        raise NotFound("No such introduction.", field="id") from None
    request = _with_people(IntroductionRequest.objects.filter(pk=request_id)).first()
    if request is None:
        raise NotFound("No such introduction.", field="id")
    hidden = blocked_ids(member)
    ends = [u for u in (request.asker, request.target) if u.pk != member.pk]
    if any(not u.is_active for u in ends):
        raise NotFound("No such introduction.", field="id")
    if request.asker_id == member.pk:
        return request, "asker"
    if request.target_id == member.pk and request.status in IntroductionRequest.AT_TARGET and request.asker_id not in hidden:
        return request, "target"
    for hop in request.hops.all():
        if hop.introducer_id == member.pk and hop.status != IntroductionHop.Status.WAITING:
            if request.asker_id in hidden or request.target_id in hidden:
                break
            return request, "introducer"
    raise NotFound("No such introduction.", field="id")


def asker_status(request: IntroductionRequest) -> str:
    """What the asker sees: a decline or a block looks like no answer until it shows as
    "Not forwarded" (after KITH_INTRODUCTION_SILENT_DAYS); an ignore looks like "Introduced"."""
    status = request.status
    if status in IntroductionRequest.SEEN_PENDING_BY_ASKER:
        return "On its way"
    if status == IntroductionRequest.Status.NOT_FORWARDED:
        return "Not forwarded"
    if status == IntroductionRequest.Status.CONNECTED:
        return "Connected"
    return "Introduced"


def introduced_by(viewer_id: int, member_ids: list[int]) -> dict[int, list[str]]:
    """For insights cards: the introducers who brought the viewer and each member together
    (an introduction that reached the target, either way round), last introducer first."""
    rows = (
        IntroductionRequest.objects.filter(status__in=IntroductionRequest.AT_TARGET)
        .filter(Q(asker_id=viewer_id, target_id__in=member_ids) | Q(target_id=viewer_id, asker_id__in=member_ids))
        .prefetch_related("hops__introducer__profile")
        .order_by("-introduced_at")
    )
    out: dict[int, list[str]] = {}
    for request in rows:
        other = request.target_id if request.asker_id == viewer_id else request.asker_id
        names = [hop.introducer.profile.name for hop in sorted(request.hops.all(), key=lambda h: -h.position)]
        out.setdefault(other, [])
        out[other] += [n for n in names if n not in out[other]]
    return out


def silent_cutoff(now: datetime | None = None) -> datetime:
    """Requests made before this moment and still not at their target show as "Not forwarded"."""
    return (now or timezone.now()) - timedelta(days=settings.KITH_INTRODUCTION_SILENT_DAYS)
