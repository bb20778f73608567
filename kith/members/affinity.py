"""Profile affinity: what a member shares with others, for People You May Know.

A member with no connections yet still says something from the first minute:
where they work and worked, where they studied, their city and industry, who
they want to reach. This module turns that into candidates and reasons; the
network's People You May Know adds them to what the graph finds
(``kith.graph.recommend``'s ``extra`` and ``profile_score``).

- :func:`affinity` is the ranking of profile signals, one pure function of two
  :class:`Side` s: the boost a candidate gets (see :data:`BOOSTS`) and the
  reasons, in plain words, shown with the suggestion.
- :class:`Affinity` reads the sides from the database for one member: the
  candidates worth scoring (a few bounded, indexed lookups: a shared company,
  school, city or industry; members in the member's target market; members whose
  target market includes the member; members open to meeting people) and the
  scorer for any candidate ids.

Privacy: suggestions are never the member's connections, so every candidate is
seen as a non-connection, and only what the visibility policy shows a
non-connection counts (``members.selectors.shows_full_profile``). Of a
connections-only profile that is the headline: its positions, schools, city,
industry, "open to", target market and completeness are neither a reason nor
a hidden boost, so such a member is never suggested because of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

import numpy as np
from django.db.models import Q
from django.db.models.functions import Lower

from kith.core.sql import id_list
from kith.members import contexts
from kith.members.industries import INDUSTRY_LABELS
from kith.members.models import (
    Education,
    OpenTo,
    Position,
    Profile,
    TargetMarket,
    TargetMarketTerm,
    User,
    term_key,
)
from kith.members.selectors import MarketFacts, shows_full_profile, target_market_match

__all__ = ["BOOSTS", "Affinity", "Market", "Match", "Side", "Stint", "affinity", "overlaps", "shared_history"]

# What each shared signal adds to a candidate's score. The graph's score is about
# 0.05 per typical shared connection (kith.graph.ScoreWeights), so a shared
# employer at the same time counts like ten mutual connections, a shared city
# like one. A candidate's boost is the sum of the signals that hold (one company
# line at most: the strongest).
BOOSTS = {
    "colleague": 0.5,  # the same company at the same time (both there now, or overlapping years)
    "company": 0.25,  # the same company at different times
    "school": 0.25,
    "your_market": 0.15,  # the candidate is in the member's target market
    "their_market": 0.15,  # the member is in the candidate's target market
    "industry": 0.05,
    "city": 0.05,
    "open_to": 0.02,  # open to networking, mentoring or advice: glad to meet people
    "context": 0.1,  # each thing both are in (a group: kith.members.contexts), at most CONTEXTS_COUNTED
}
CONTEXTS_COUNTED = 2
# Among candidates with the same signals, fuller profiles first (at most 0.001:
# below one shared connection's tie-breaker).
COMPLETENESS_TIEBREAK = 1e-5

# "Open to" kinds that invite a stranger's contact. None of them has an audience
# (only a job search may be "recruiters only"), so every member may see them.
INVITING = (OpenTo.Kind.NETWORKING, OpenTo.Kind.MENTORING, OpenTo.Kind.ADVICE)

# How many members each lookup may bring (every lookup is an indexed equality):
# LOOKUP_PER_SUGGESTION for each suggestion wanted, between LOOKUP_MIN and
# LOOKUP_MAX; half that for the broad ones (city, industry, "open to": large
# groups, where a sample is enough).
LOOKUP_PER_SUGGESTION = 5
LOOKUP_MIN = 40
LOOKUP_MAX = 100
TITLE_WORDS = 12  # words of the member's titles and headline tried as target-market keywords
_WORD = re.compile(r"[^\W_]+(?:[+#.&'-][^\W_]+)*[+#]*")


def overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """Whether two periods (an open end is "until now") share at least a day."""
    far = date.max
    return a_start <= (b_end or far) and b_start <= (a_end or far)


class Market(NamedTuple):
    """A target market's criteria, as ``target_market_match`` reads them."""

    industries: list[str]
    title_keywords: list[str]
    locations: list[str]
    companies: list[str]


@dataclass(frozen=True)
class Stint:
    """One position: the company (as written, and its ``term_key``) and when."""

    key: str
    company: str
    start: date
    end: date | None
    current: bool


@dataclass(frozen=True)
class Side:
    """What affinity compares for one member, as the viewer may see it.

    A connections-only profile seen by a non-connection is ``Side.limited``:
    its headline only.
    """

    stints: tuple[Stint, ...] = ()
    schools: tuple[tuple[str, str], ...] = ()  # (term_key, as written)
    city: str = ""
    industry: str = ""
    facts: MarketFacts | None = None  # what target-market criteria are matched against
    market: TargetMarket | Market | None = None  # the member's own target market, when set
    open_to: tuple[str, ...] = ()  # INVITING kinds
    completeness: int = 0

    @cached_property
    def by_company(self) -> dict[str, list[Stint]]:
        out: dict[str, list[Stint]] = {}
        for stint in self.stints:
            out.setdefault(stint.key, []).append(stint)
        return out

    @cached_property
    def city_key(self) -> str:
        return term_key(self.city)

    @classmethod
    def limited(cls, headline: str) -> Side:
        # Not even completeness: how full a hidden profile is says what it holds.
        return cls(facts=MarketFacts("", "", "", "", headline, (), ()))


@dataclass(frozen=True)
class Match:
    boost: float
    reasons: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)  # the BOOSTS key of each reason


def _company_line(me: Side, them: Side) -> tuple[str, str] | None:
    """The strongest shared employer: (boost key, reason), or None."""
    mine = me.by_company
    best: tuple[int, str, str] | None = None
    for theirs in them.stints:
        for m in mine.get(theirs.key, ()):
            if m.current and theirs.current:
                found = (0, "colleague", f"Also works at {m.company}")
            elif overlaps(m.start, m.end, theirs.start, theirs.end):
                found = (1, "colleague", f"Worked at {m.company} at the same time as you")
            elif theirs.current:
                found = (2, "company", f"Works at {m.company}, where you worked")
            elif m.current:
                found = (2, "company", f"Worked at {m.company}, where you work now")
            else:
                found = (3, "company", f"Also worked at {m.company}")
            if best is None or found[0] < best[0]:
                best = found
    return (best[1], best[2]) if best else None


def shared_history(me: Side, them: Side) -> list[tuple[str, str]]:
    """``(signal, reason)`` for what two members' histories share: the strongest
    company line ("colleague" or "company") and a school ("school").

    >>> day = date(2020, 1, 1)
    >>> shared_history(Side(schools=(("oxford", "Oxford"),)), Side(schools=(("oxford", "OXFORD"),)))
    [('school', 'Also studied at Oxford')]
    """
    out = []
    company = _company_line(me, them)
    if company:
        out.append(company)
    mine = dict(me.schools)
    shared = sorted(key for key, _ in them.schools if key in mine)
    if shared:
        out.append(("school", f"Also studied at {mine[shared[0]]}"))
    return out


def affinity(me: Side, them: Side) -> Match:
    """How much ``them`` has in common with ``me``, and why, in plain words.

    The boost is the sum of :data:`BOOSTS` for the signals that hold, plus
    :data:`COMPLETENESS_TIEBREAK` per point of ``them``'s profile completeness.
    Reasons come in the order of the boosts, strongest first; ``signals`` names
    them (the keys of BOOSTS).

    >>> today = date(2024, 1, 1)
    >>> me = Side(stints=(Stint("acme", "Acme", today, None, True),), city="London")
    >>> them = Side(stints=(Stint("acme", "ACME", today, None, True),), city="london")
    >>> affinity(me, them).reasons
    ['Also works at Acme', 'Also in London']
    >>> affinity(me, Side.limited("Engineer at Acme")).reasons
    []
    """
    found = shared_history(me, them)
    if me.market is not None and them.facts is not None:
        matched = target_market_match(me.market, them.facts)
        if matched:
            found.append(("your_market", "In your target market (" + ", ".join(matched) + ")"))
    if them.market is not None and me.facts is not None and target_market_match(them.market, me.facts):
        found.append(("their_market", "You are in their target market"))
    if me.industry and them.industry == me.industry:
        found.append(("industry", f"Also in {INDUSTRY_LABELS.get(me.industry, me.industry)}"))
    if me.city and them.city_key == me.city_key:
        found.append(("city", f"Also in {me.city}"))
    if them.open_to:
        found.append(("open_to", f"Open to {OpenTo.Kind(them.open_to[0]).label.lower()}"))
    boost = sum(BOOSTS[signal] for signal, _ in found)
    return Match(boost + COMPLETENESS_TIEBREAK * them.completeness, [r for _, r in found], [k for k, _ in found])


def _title_phrases(facts: MarketFacts) -> set[str]:
    """Runs of up to four words from the member's current titles and headline, as
    ``term_key`` folds them: what a target-market title keyword naming them could be."""
    phrases: set[str] = set()
    for text in (*facts.current_titles, facts.headline):
        words = [w.lower() for w in _WORD.findall(text)][:TITLE_WORDS]
        for size in range(1, 5):
            phrases.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return phrases


class Affinity:
    """One member's side, and the sides of the candidates it is compared with (read once).

    ``candidates()`` finds members worth suggesting from the profile alone;
    ``score(ids)`` is ``kith.graph.recommend``'s ``profile_score``: boosts and
    reasons for any candidate ids, the member's connections excepted.
    """

    def __init__(self, member: User, *, connected: Iterable[int] = ()):
        """``connected``: ids among those to be compared that are the member's
        connections (People You May Know has none; a relationship card has one)."""
        self.member_id = member.pk
        self.connected = frozenset(int(i) for i in connected)
        self.me = self._own_side()
        self._sides: dict[int, Side] = {}
        self._matches: dict[int, Match] = {}

    # -- reading sides ---------------------------------------------------------------------

    def _own_side(self) -> Side:
        row = Profile.objects.filter(pk=self.member_id).values_list("city", "region", "country", "industry", "headline", "completeness").first()
        if row is None:
            return Side()
        city, region, country, industry, headline, completeness = row
        stints, titles, companies = [], [], []
        for company, title, start, end, current in Position.objects.filter(profile_id=self.member_id).values_list(
            "company", "title", "start", "end", "is_current"
        ):
            stints.append(Stint(term_key(company), company, start, end, current))
            if current:
                titles.append(title)
                companies.append(company)
        schools = tuple((term_key(s), s) for s in Education.objects.filter(profile_id=self.member_id).values_list("school", flat=True))
        market = TargetMarket.objects.filter(profile_id=self.member_id).first()
        return Side(
            stints=tuple(stints),
            schools=schools,
            city=city,
            industry=industry,
            facts=MarketFacts(industry, city, region, country, headline, tuple(titles), tuple(companies)),
            market=None if market is None or market.is_empty else market,
            completeness=completeness,
        )

    def sides(self, ids: Iterable[int]) -> dict[int, Side]:
        """Each member's side as this member may see it (cached for the instance)."""
        wanted = [int(i) for i in ids if int(i) not in self._sides and int(i) != self.member_id]
        if wanted:
            self._sides.update(_load_sides(wanted, connected=self.connected))
        return self._sides

    # -- candidates and scores -------------------------------------------------------------

    def candidates(self, *, k: int = 20, broad: bool = True) -> list[int]:
        """Members sharing something visible with this member, strongest lookups first,
        for a list of ``k`` suggestions. ``broad=False`` leaves out the samples of large
        groups (the city, the industry, "open to"), which only matter while the graph
        has little to say.

        Bounded: each lookup is an indexed equality limited to a few rows for
        each suggestion wanted (see ``LOOKUP_PER_SUGGESTION``), unsorted and not de-duplicated in SQL (a member
        with two positions at one company counts twice towards the limit, which
        is cheaper than sorting a large group); members with nothing visible in
        common (a connections-only profile found by its company) are left out.
        """
        found: dict[int, None] = {}
        narrow = min(LOOKUP_MAX, max(LOOKUP_MIN, LOOKUP_PER_SUGGESTION * k))
        for queryset, sample in self._lookups():
            if sample and not broad:
                continue
            for pid in queryset[: narrow // 2 if sample else narrow]:
                if pid != self.member_id:
                    found[pid] = None
        matches = self.matches(found)
        out = [pid for pid in found if pid in matches and matches[pid].reasons]
        # Members of the same groups: something both know they share, whatever their profiles say.
        taken = set(out)
        out += [pid for pid in contexts.members_sharing(self.member_id, limit=narrow) if pid not in taken]
        return out

    def _lookups(self) -> list[tuple]:
        """(queryset of member ids, whether it samples a broad group), strongest signals first."""
        me = self.me
        facts = me.facts
        out: list[tuple] = []
        companies = sorted({s.key for s in me.stints})
        if companies:
            out.append((_positions_at(companies), False))
        schools = sorted({key for key, _ in me.schools})
        if schools:
            rows = Education.objects.annotate(key=Lower("school")).filter(key__in=schools)
            out.append((rows.order_by().values_list("profile_id", flat=True), False))
        city = term_key(me.city)
        by_city = Profile.objects.annotate(city_key=Lower("city"))
        if city and me.industry:
            out.append((by_city.filter(city_key=city, industry=me.industry).values_list("pk", flat=True), True))
        market = me.market
        if market is not None:
            if market.industries:
                out.append((Profile.objects.filter(industry__in=market.industries).values_list("pk", flat=True), True))
            if market.locations:
                places = [term_key(p) for p in market.locations]
                out.append((by_city.filter(city_key__in=places).values_list("pk", flat=True), True))
            if market.companies:
                out.append((_positions_at([term_key(c) for c in market.companies], current=True), False))
        if facts is not None:
            wanted = Q(kind=TargetMarketTerm.Kind.TITLE, value__in=sorted(_title_phrases(facts)))
            if facts.industry:
                wanted |= Q(kind=TargetMarketTerm.Kind.INDUSTRY, value=facts.industry)
            places = sorted({term_key(p) for p in (facts.city, facts.region, facts.country) if p})
            if places:
                wanted |= Q(kind=TargetMarketTerm.Kind.LOCATION, value__in=places)
            if facts.current_companies:
                wanted |= Q(kind=TargetMarketTerm.Kind.COMPANY, value__in=sorted({term_key(c) for c in facts.current_companies}))
            out.append((TargetMarketTerm.objects.filter(wanted).order_by().values_list("market_id", flat=True), False))
        if city:
            out.append((by_city.filter(city_key=city).values_list("pk", flat=True), True))
        if me.industry:
            out.append((Profile.objects.filter(industry=me.industry).values_list("pk", flat=True), True))
        out.append((OpenTo.objects.filter(kind__in=INVITING).order_by().values_list("profile_id", flat=True), True))
        return out

    def matches(self, ids: Iterable[int]) -> dict[int, Match]:
        """``affinity(me, them)`` for each id that has a profile (cached for the instance)."""
        ids = [int(i) for i in ids]
        sides = self.sides(ids)
        for pid in ids:
            if pid not in self._matches and pid in sides:
                self._matches[pid] = affinity(self.me, sides[pid])
        return self._matches

    def score(self, ids: np.ndarray | Sequence[int]) -> tuple[np.ndarray, list[list[str]]]:
        """Boosts and reasons for each id, in order (``kith.graph.recommend``'s ``profile_score``)."""
        ids = [int(i) for i in ids]
        matches = self.matches(ids)
        none = Match(0.0)
        found = [matches.get(pid, none) for pid in ids]
        boosts = np.array([m.boost for m in found], np.float64)
        reasons = [list(m.reasons) for m in found]
        shared = contexts.shared(self.member_id, ids) if ids else {}
        for i, pid in enumerate(ids):
            if pid in shared:
                boosts[i] += BOOSTS["context"] * min(len(shared[pid]), CONTEXTS_COUNTED)
                reasons[i] += [c.reason for c in shared[pid][:CONTEXTS_COUNTED]]
        return boosts, reasons


def _positions_at(keys: list[str], *, current: bool = False):
    rows = Position.objects.annotate(key=Lower("company")).filter(key__in=keys)
    if current:
        rows = rows.filter(is_current=True)
    return rows.order_by().values_list("profile_id", flat=True)


# Which TargetMarket list each term kind comes from.
_TERM_FIELDS = {"industry": "industries", "title": "title_keywords", "location": "locations", "company": "companies"}


def _markets(ids: list[int]) -> dict[int, Market]:
    """The members' target markets rebuilt from their folded terms: only members who set
    one have rows, and ``target_market_match`` compares without case anyway."""
    lists: dict[int, dict[str, list[str]]] = {}
    for pid, kind, value in TargetMarketTerm.objects.filter(market_id__in=id_list(ids)).order_by("id").values_list("market_id", "kind", "value"):
        lists.setdefault(pid, {}).setdefault(_TERM_FIELDS[kind], []).append(value)
    return {pid: Market(f.get("industries", []), f.get("title_keywords", []), f.get("locations", []), f.get("companies", [])) for pid, f in lists.items()}


def _load_sides(ids: list[int], *, connected: frozenset[int] = frozenset()) -> dict[int, Side]:
    """Sides for many members as the member sees them (a non-connection, unless the
    id is in ``connected``), in five queries."""
    rows = Profile.objects.filter(pk__in=id_list(ids)).values_list(
        "pk", "visibility", "city", "region", "country", "industry", "headline", "completeness"
    )
    base: dict[int, tuple] = {}
    out: dict[int, Side] = {}
    for pid, visibility, *rest in rows:
        if shows_full_profile(visibility, is_self=False, connected=pid in connected):
            base[pid] = tuple(rest)
        else:
            out[pid] = Side.limited(rest[4])
    if not base:
        return out
    full = list(base)
    stints: dict[int, list[Stint]] = {}
    titles: dict[int, list[str]] = {}
    companies: dict[int, list[str]] = {}
    for pid, company, title, start, end, current in Position.objects.filter(profile_id__in=id_list(full)).values_list(
        "profile_id", "company", "title", "start", "end", "is_current"
    ):
        stints.setdefault(pid, []).append(Stint(term_key(company), company, start, end, current))
        if current:
            titles.setdefault(pid, []).append(title)
            companies.setdefault(pid, []).append(company)
    schools: dict[int, list[tuple[str, str]]] = {}
    for pid, school in Education.objects.filter(profile_id__in=id_list(full)).values_list("profile_id", "school"):
        schools.setdefault(pid, []).append((term_key(school), school))
    markets = _markets(full)
    open_to: dict[int, list[str]] = {}
    for pid, kind in OpenTo.objects.filter(profile_id__in=id_list(full), kind__in=INVITING).order_by("profile_id", "kind").values_list("profile_id", "kind"):
        open_to.setdefault(pid, []).append(kind)
    for pid, (city, region, country, industry, headline, completeness) in base.items():
        out[pid] = Side(
            stints=tuple(stints.get(pid, ())),
            schools=tuple(schools.get(pid, ())),
            city=city,
            industry=industry,
            facts=MarketFacts(industry, city, region, country, headline, tuple(titles.get(pid, ())), tuple(companies.get(pid, ()))),
            market=markets.get(pid),
            open_to=tuple(open_to.get(pid, ())),
            completeness=completeness,
        )
    return out
