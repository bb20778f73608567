"""Reach my market: the members who match my target market, by degree, with the best way in.

Who may appear is asked of kith.members: active, not blocked either way, and seen
whole (``with_full_profile``): a connections-only profile's industry, title, place
and company are not the viewer's to match on, so such members are left out unless
connected. The best introducer and chain come from ``selectors`` (their privacy rules).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q

from kith.graph import adapter
from kith.introductions import selectors
from kith.introductions.models import IntroductionRequest, MarketDigestPreference
from kith.members.models import Position, Profile, TargetMarket, User
from kith.members.selectors import visible_profiles, with_full_profile
from kith.network.graph_selectors import reach_gain_for, target_market_ids
from kith.network.models import Invitation

__all__ = ["MarketEntry", "MarketPage", "market_ids", "market_for", "digest_preference", "PAGE"]

PAGE = 50
DEGREE_ORDER = {1: 0, 2: 1, 3: 2, 0: 3}


@dataclass
class MarketEntry:
    profile: Profile
    degree: int | None
    introducer: selectors.Introducer | None = None
    chain: selectors.Chain | None = None
    asked: IntroductionRequest | None = None  # the viewer's own request to them, still open
    introduced: IntroductionRequest | None = None  # their introduction to the viewer, waiting for an answer

    @property
    def asked_status(self) -> str:
        """What the viewer, asking, sees of their request (selectors.asker_status)."""
        return selectors.asker_status(self.asked) if self.asked else ""


@dataclass
class Pending:
    """A pending invitation from someone in the market, and what accepting would add."""

    invitation: Invitation
    second_degree: int
    in_market: int


@dataclass
class MarketPage:
    has_market: bool
    total: int
    by_degree: dict[int, int]
    entries: list[MarketEntry]
    companies: list[tuple[str, int]]
    locations: list[tuple[str, int]]
    pending: list[Pending] = field(default_factory=list)
    next_cursor: int | None = None
    degree: int | None = None


def market_ids(viewer: User) -> np.ndarray:
    """The ids of the members in the viewer's market that the viewer may match on."""
    mask = target_market_ids(viewer)
    ids = np.flatnonzero(mask)
    if not ids.shape[0]:
        return ids.astype(np.int64)
    qs = with_full_profile(viewer, visible_profiles(viewer, Profile.objects.filter(pk__in=ids.tolist())))
    return np.array(sorted(qs.values_list("pk", flat=True)), dtype=np.int64)


def _facets(ids: list[int]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    companies = Counter(
        c.strip() for c in Position.objects.filter(profile_id__in=ids, is_current=True).values_list("company", flat=True) if c.strip()
    )
    places = Counter(c.strip() for c in Profile.objects.filter(pk__in=ids).values_list("city", flat=True) if c.strip())
    return companies.most_common(8), places.most_common(8)


def market_for(
    viewer: User, *, degree: int | None = None, company: str = "", location: str = "", cursor: int = 0, page: int = PAGE
) -> MarketPage:
    """One page of the viewer's market: 1st degree first, then 2nd (each with the best
    introducer), 3rd (each with the best chain), then out of network; counts by degree,
    company and city over the whole (filtered) market."""
    market = TargetMarket.objects.filter(profile_id=viewer.pk).first()
    if market is None or market.is_empty:
        return MarketPage(False, 0, {}, [], [], [])
    ids = market_ids(viewer)
    if company or location:
        q = Profile.objects.filter(pk__in=ids.tolist())
        if company:
            q = q.filter(positions__is_current=True, positions__company__iexact=company.strip())
        if location:
            place = location.strip()
            q = q.filter(Q(city__iexact=place) | Q(region__iexact=place) | Q(country__iexact=place))
        ids = np.array(sorted(set(q.values_list("pk", flat=True))), dtype=np.int64)
    id_list = ids.tolist()
    badges = adapter.degrees_of(viewer.pk, id_list)
    by_degree = Counter(badges.values())
    ordered = sorted(id_list, key=lambda i: (DEGREE_ORDER.get(badges[i], 3), i))
    if degree is not None:
        ordered = [i for i in ordered if badges[i] == degree]
    window = ordered[cursor : cursor + page]
    twos = [i for i in window if badges[i] == 2]
    threes = [i for i in window if badges[i] == 3]
    intro = selectors.introducers_for_many(viewer, twos, k=1)
    chain = selectors.chains_for_many(viewer, threes, k=1)
    profiles = Profile.objects.filter(pk__in=window).in_bulk()
    # Where the viewer already asked, or was introduced, the page says so instead of "Ask".
    asked = {
        r.target_id: r
        for r in IntroductionRequest.objects.filter(asker=viewer, target_id__in=window, status__in=IntroductionRequest.OPEN).prefetch_related("hops__introducer__profile")
    }
    introduced = {
        r.asker_id: r
        for r in selectors.received(viewer).filter(asker_id__in=window, status=IntroductionRequest.Status.INTRODUCED)
    }
    entries = [
        MarketEntry(
            profiles[i],
            badges[i] or None,
            introducer=(intro.get(i) or [None])[0],
            chain=(chain.get(i) or [None])[0],
            asked=asked.get(i),
            introduced=introduced.get(i),
        )
        for i in window
        if i in profiles
    ]
    companies, locations = _facets(id_list)
    nxt = cursor + page if cursor + page < len(ordered) else None
    return MarketPage(
        True,
        len(id_list),
        {d: by_degree.get(d, 0) for d in (1, 2, 3, 0)},
        entries,
        companies,
        locations,
        pending=_pending(viewer, set(id_list)),
        next_cursor=nxt,
        degree=degree,
    )


def _pending(viewer: User, market: set[int]) -> list[Pending]:
    """Pending invitations from people in the market, with what accepting would add."""
    if not market:
        return []
    rows = (
        Invitation.objects.filter(recipient=viewer, status__in=Invitation.OPEN, sender_id__in=list(market))
        .select_related("sender__profile")
        .order_by("-created_at")[:10]
    )
    mask = target_market_ids(viewer)
    out = []
    for invitation in rows:
        gain, hit = reach_gain_for(viewer, invitation.sender_id, target=mask)
        out.append(Pending(invitation, gain, hit))
    return out


def digest_preference(member: User) -> bool:
    return MarketDigestPreference.objects.filter(member=member, weekly=True).exists()
