"""Reads backed by the graph engine: degree badges, mutual connections, introduction
paths, reach and People You May Know — with blocks and privacy applied here.

The engine (kith.graph) knows only ids; this module decides what a viewer may see.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from kith.core import memo
from kith.graph import adapter, reach_gain, suggest, well_connected
from kith.graph.suggest import mutual_reason
from kith.members.affinity import Affinity
from kith.members.models import Profile, TargetMarket, User
from kith.members.selectors import blocked_ids, visible_mutuals
from kith.network import market_index
from kith.network.models import Invitation, SuggestionDismissal
from kith.network.selectors import invitation_restriction, invite_requirement

__all__ = [
    "Reach",
    "Suggestion",
    "PathStep",
    "degree_badges",
    "annotate_degrees",
    "mutual_connections",
    "introduction_paths",
    "reach_for",
    "reach_gain_for",
    "people_you_may_know",
    "target_market_ids",
]


def _viewer_id(viewer) -> int | None:
    return viewer.pk if viewer is not None and getattr(viewer, "is_authenticated", False) else None


def degree_badges(viewer, member_ids) -> dict[int, int | None]:
    """``{member id: 1, 2, 3 or None}`` for many members in one call (None: out of network or self)."""
    ids = [int(i) for i in member_ids]
    vid = _viewer_id(viewer)
    if vid is None or not ids:
        return dict.fromkeys(ids)
    return {i: (d or None) for i, d in adapter.degrees_of(vid, ids).items()}


def annotate_degrees(viewer, profiles) -> list:
    """Set ``.degree`` on each profile (or object with ``.pk``), computed once for the page."""
    profiles = list(profiles)
    badges = degree_badges(viewer, [p.pk for p in profiles])
    for p in profiles:
        p.degree = badges.get(p.pk)
    return profiles


def mutual_connections(viewer, other_id: int) -> list[Profile]:
    """The viewer's connections who are also connected to ``other_id``, by name.

    Shown even when the other member hides their connections: these are the viewer's own
    connections, as LinkedIn shows them. But a mutual connection who hides their own list
    is shown only where the other member's list is open to the viewer
    (``members.selectors.visible_mutuals``): otherwise the viewer would learn a connection
    neither of the two lets them see, which introductions never reveal either.
    """
    vid = _viewer_id(viewer)
    if vid is None or vid == other_id:
        return []

    def read() -> list[Profile]:
        ids = visible_mutuals(viewer, {other_id: adapter.mutual_ids(vid, other_id)})[other_id]
        return annotate_degrees(viewer, Profile.objects.filter(pk__in=ids, user__is_active=True).order_by("name"))

    return memo.once(("mutual_connections", vid, int(other_id)), read)


@dataclass
class PathStep:
    """One person on an introduction path; ``profile`` is None for a hop the viewer may not see."""

    profile: Profile | None
    is_viewer: bool = False

    @property
    def hidden(self) -> bool:
        return self.profile is None and not self.is_viewer


def introduction_paths(viewer, target: Profile, *, k: int = 3) -> list[list[PathStep]]:
    """How the viewer is connected to ``target``: up to ``k`` shortest paths of 2 or 3 hops.

    Privacy: the viewer sees their own connections and, through them, the people
    those connections share (a connection who hides their list still shows the
    connections you share). The middle of a 3-hop path is a connection of
    someone the viewer does not know, so it is shown only as "someone in X's
    network". Paths through members blocked either way are dropped.
    """
    vid = _viewer_id(viewer)
    if vid is None or vid == target.pk:
        return []
    raw = adapter.paths_between(vid, target.pk, k=k * 2)
    hidden = blocked_ids(viewer)
    raw = [p for p in raw if len(p) > 2 and not (set(p[1:-1]) & hidden)][:k]
    shown = {p[1] for p in raw}
    profiles = Profile.objects.filter(pk__in=shown, user__is_active=True).in_bulk()
    out = []
    for p in raw:
        if p[1] not in profiles:
            continue
        steps = [PathStep(None, is_viewer=True), PathStep(profiles[p[1]])]
        steps += [PathStep(None) for _ in p[2:-1]]
        steps.append(PathStep(target))
        out.append(steps)
    return out


@dataclass(frozen=True)
class Reach:
    first: int
    second: int
    third: int


def reach_for(viewer: User) -> Reach:
    """How many members are 1st, 2nd and 3rd degree of the viewer."""
    return Reach(*adapter.reach_of(viewer.pk))


def target_market_ids(member: User) -> np.ndarray:
    """A boolean mask over member ids: who is in ``member``'s target market.

    Any criterion matching counts (industry, title keyword, location, company),
    the same rule as members.selectors.target_market_match.
    """
    market = TargetMarket.objects.filter(profile_id=member.pk).first()
    g = adapter.graph()
    mask = np.zeros(g.n, dtype=bool)
    if market is None or market.is_empty:
        return mask
    indexed = market_index.mask_for(market, g.n)  # milliseconds, when this process has built it
    if indexed is not None:
        if 0 <= member.pk < indexed.shape[0]:
            indexed[member.pk] = False
        return indexed
    return _target_market_query(member, market, mask, g.n)


def _target_market_query(member: User, market: TargetMarket, mask: np.ndarray, n: int) -> np.ndarray:
    """The same mask from the database (a scan of titles and headlines): before the index is built."""
    q = Q()
    if market.industries:
        q |= Q(industry__in=market.industries)
    for place in market.locations:
        q |= Q(city__iexact=place) | Q(region__iexact=place) | Q(country__iexact=place)
    for keyword in market.title_keywords:
        q |= Q(headline__icontains=keyword)
        q |= Q(positions__is_current=True, positions__title__icontains=keyword)
    for company in market.companies:
        q |= Q(positions__is_current=True, positions__company__iexact=company)
    ids = np.fromiter(Profile.objects.filter(q).values_list("pk", flat=True).distinct(), dtype=np.int64)
    ids = ids[ids < n]
    mask[ids] = True
    if 0 <= member.pk < n:
        mask[member.pk] = False
    return mask


def reach_gain_for(viewer: User, candidate_id: int, *, target: np.ndarray | None = None) -> tuple[int, int]:
    """Members who would become the viewer's 2nd degree if they connected with the
    candidate, and how many of them are in the viewer's target market."""
    g = adapter.graph()
    if not (0 <= viewer.pk < g.n and 0 <= candidate_id < g.n):
        return 0, 0
    if target is None:
        target = target_market_ids(viewer)
    return reach_gain(g, viewer.pk, candidate_id, target)


@dataclass
class Suggestion:
    profile: Profile
    score: float
    mutual_count: int
    reasons: list[str] = field(default_factory=list)
    degree: int | None = None
    needs_email: bool = False  # Connect needs their email address typed (their policy, or the viewer's standing)


def _never_suggest(member: User) -> np.ndarray:
    """Members never suggested to ``member``: open invitations either way, any "I don't
    know this person" or spam answer between the two, blocks, dismissals. (Deactivated
    members are dropped from the ranking itself: reading every one of them here cost a read
    of all a community's closed accounts on every home page.)"""
    pairs = Invitation.objects.filter(
        (Q(sender=member) | Q(recipient=member))
        & Q(status__in=[*Invitation.OPEN, *Invitation.DECLINED])
    ).values_list("sender_id", "recipient_id")
    ids = {b if a == member.pk else a for a, b in pairs}
    ids |= blocked_ids(member)
    ids |= set(SuggestionDismissal.objects.filter(member=member).values_list("dismissed_id", flat=True))
    return np.fromiter(ids, dtype=np.int64, count=len(ids))


def _closed_among(ids: list[int]) -> set[int]:
    """The closed accounts among a ranking's few dozen ids (they stay in the graph)."""
    return set(User.objects.filter(pk__in=ids, is_active=False).values_list("pk", flat=True)) if ids else set()


BROAD_BELOW = 10  # connections under which suggestions also sample the member's city and industry

# A member's ranked suggestions are kept in the shared cache (Redis in production, so every
# worker on every machine uses one ranking) for KITH_SUGGESTION_CACHE_SECONDS, keyed by what
# must not have changed: the member's own connections, their own profile (its updated_at) and
# the ranking's weights. Other members' changes — a connection two steps away, someone else's
# profile edit — reach these suggestions within that time, as LinkedIn's are computed in
# batches. Who is never suggested (open invitations, answers, blocks, dismissals) is read on
# every call and filtered out of the kept list, so an invitation or a dismissal shows at once;
# when someone kept out becomes suggestible again, the ranking is made again. The ranking and
# its profile lookups were most of the home page's CPU (issue 17), and with one cache per
# process a member's first visit to each of a machine's workers paid for it again.
SUGGESTION_SPARE = 10  # ranked beyond what is shown, so a few exclusions need no new ranking


def _suggestion_key(g, member_id: int, wanted: int, weights) -> str:
    updated = Profile.objects.filter(pk=member_id).values_list("updated_at", flat=True).first()
    mine = np.asarray(g.neighbors(member_id), dtype=np.int64).tobytes()
    digest = hashlib.blake2b(mine + repr((weights, updated)).encode(), digest_size=16).hexdigest()
    return f"kith:suggestions:{member_id}:{wanted}:{digest}"


def _kept_suggestions(key: str, never: frozenset[int], wanted: int) -> list | None:
    if settings.KITH_SUGGESTION_CACHE_SECONDS <= 0:
        return None
    kept = cache.get(key)
    if kept is None:
        return None
    ranked, excluded, full = kept
    if set(excluded) - never:
        return None  # someone is suggestible again (an invitation withdrawn, a block lifted)
    rows = [r for r in ranked if r[0] not in never]
    if full and len(rows) < wanted:
        return None  # too many of the kept ones are excluded now: rank again
    return rows[:wanted]


def _remember_suggestions(key: str, ranked: list, excluded: frozenset[int], full: bool) -> None:
    if settings.KITH_SUGGESTION_CACHE_SECONDS > 0:
        cache.set(key, (ranked, sorted(excluded), full), settings.KITH_SUGGESTION_CACHE_SECONDS)


def _shown_mutual_counts(member: User, rows: list[tuple[int, int]]) -> dict[int, int]:
    """For suggestions with mutual connections, how many of them the member may be shown
    (members.selectors.visible_mutuals): the count and its reason say no more than a profile would."""
    counted = {pid: adapter.mutual_ids(member.pk, pid) for pid, mutuals in rows if mutuals}
    return {pid: len(ids) for pid, ids in visible_mutuals(member, counted).items()}


def _recount_reasons(reasons: list[str], was: int, now: int) -> list[str]:
    """The graph's "N mutual connections" reason, said with the count the member may see (or dropped)."""
    said = mutual_reason(was)
    out = []
    for reason in reasons:
        if reason != said:
            out.append(reason)
        elif now:
            out.append(mutual_reason(now))
    return out


def people_you_may_know(member: User, *, k: int = 20) -> list[Suggestion]:
    """Suggestions for ``member``: graph signals plus profile signals, with reasons.

    The graph's candidates (2nd and 3rd degree) and the profile's
    (``kith.members.affinity``: a shared company, school, city, industry or
    target market) are ranked together by the graph score plus the affinity
    boost, so a member with no connections yet is suggested people from the
    first thing their profile says. When that still leaves fewer than ``k``
    (a profile that says nothing yet), the list is filled with the community's
    best-connected members, each with what connecting would add.

    Never someone already connected, with an open invitation either way, blocked
    either way, answered "I don't know this person" (either way) or dismissed;
    nor someone whose invite policy would refuse the member (2nd degree only).
    """
    g = adapter.graph_covering(member.pk)
    never = _never_suggest(member)
    never_set = frozenset(never.tolist())
    wanted = k + k // 4 + 5  # room for the few an invite policy turns away
    weights = adapter.score_weights()
    key = _suggestion_key(g, member.pk, wanted, weights)
    rows = _kept_suggestions(key, never_set, wanted)
    if rows is None:
        affinity = Affinity(member)
        # Broad samples (same city, industry, "open to") only while the graph has little to say.
        extra = np.array(affinity.candidates(k=k, broad=g.degree(member.pk) < BROAD_BELOW), dtype=np.int64)
        g = adapter.graph_covering(int(extra.max()) if extra.size else 0)
        asked = wanted + SUGGESTION_SPARE
        recs = suggest(g, member.pk, asked, exclude=never, weights=weights, profile_score=affinity.score, extra=extra)
        closed = _closed_among([r.member for r in recs])
        ranked = [(r.member, r.score, r.mutual_count, r.reasons) for r in recs if r.member not in closed]
        _remember_suggestions(key, ranked, never_set, len(ranked) >= asked)
        rows = ranked[:wanted]
    rows = list(rows)
    if len(rows) < wanted:
        taken = np.concatenate([never, [member.pk], g.neighbors(member.pk), [r[0] for r in rows]]).astype(np.int64)
        hubs = [int(h) for h in well_connected(g, 2 * (wanted - len(rows)), exclude=taken)]  # room for closed accounts
        closed = _closed_among(hubs)
        for hub in [h for h in hubs if h not in closed][: wanted - len(rows)]:
            gain, _ = reach_gain(g, member.pk, hub)
            rows.append((int(hub), 0.0, 0, [f"Connecting would add {gain} member{'' if gain == 1 else 's'} to your 2nd degree"]))
    ids = [r[0] for r in rows]
    profiles = Profile.objects.filter(pk__in=ids, user__is_active=True).in_bulk()
    badges = degree_badges(member, ids)
    restricted = invitation_restriction(member) is not None
    kept = []  # the first k the member may invite, before counting the mutuals each may be shown
    for pid, score, mutuals, reasons in rows:
        profile = profiles.get(pid)
        if profile is None:
            continue
        profile.degree = badges.get(pid)
        requirement = invite_requirement(member, profile, degree=profile.degree)
        if requirement != "second_degree":
            kept.append((profile, score, mutuals, reasons, restricted or requirement == "email"))
        if len(kept) == k:
            break
    shown = _shown_mutual_counts(member, [(profile.pk, mutuals) for profile, _, mutuals, _, _ in kept])
    out = []
    for profile, score, mutuals, reasons, needs_email in kept:
        if shown.get(profile.pk, mutuals) != mutuals:
            reasons = _recount_reasons(reasons, mutuals, shown[profile.pk])
            mutuals = shown[profile.pk]
        out.append(Suggestion(profile, score, mutuals, reasons, profile.degree, needs_email=needs_email))
    return out[:k]
