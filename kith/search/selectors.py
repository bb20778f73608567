"""People search on a member's behalf: results and facets (the query is parsed by
:mod:`kith.search.query`, the typeahead lives in :mod:`kith.search.typeahead`; both are
exported here, the one door pages and the API read search through).

How a search runs (every step bounded, whatever the size of the community):

1. Candidates. Text queries ask the index (:mod:`kith.search.backends`) for at
   most ``CANDIDATES`` matches with their relevance, with the facet filters
   pushed into the same SQL. Bounded lookups by id make sure the viewer's own
   network is never crowded out by a common word: their connections on every
   field they may see (connections-only profiles whole) and, when the first
   lookup was capped, their 2nd degree by most mutual connections, at most
   ``NEAR_LOOKUPS`` members in all. Without words, the filters alone pick
   candidates (the 2nd degree by most mutual connections first).
2. Visibility. Candidates are re-read from their search cards (one row each,
   as fresh as the index) and the live ``is_active`` flag: inactive members
   and members blocked either way are dropped before anything is counted;
   anonymous viewers keep public profiles only; a connections-only profile seen
   by a non-connection is a limited card (name, headline, photo) that matches
   and counts only on those fields, so it never passes a location, company,
   school, industry, "open to" or target-market filter and never feeds a facet.
   "Open to" signals count only as each member's audience allows
   (:func:`kith.members.visibility.open_to_visible`).
3. Ranking. Field relevance (where the words were found: name, then title or
   headline, then current company, then anywhere else; whole words over
   prefixes), scaled by bm25 / ts_rank_cd when the match set is small and by
   nearness: network proximity (1st > 2nd > 3rd > out of network), mutual
   connections, profile completeness and a target-market match; an exact name
   match gets a bonus so it comes first.
4. Facets are counted over the visible candidate set (so at most
   ``CANDIDATES`` plus the network lookups: ``SearchResults.capped`` says when a
   query matched more than was counted, and pages show "500+").
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import numpy as np
from django.db import connection

from kith.graph import adapter
from kith.members import contexts
from kith.members.industries import INDUSTRY_LABELS
from kith.members.models import OpenTo, Position, Profile, TargetMarket, Visibility
from kith.members.selectors import (
    MarketFacts,
    Viewer,
    blocked_ids,
    current_companies,
    is_verified_hiring,
    target_market_match,
    visible_mutuals,
)
from kith.members.visibility import Level, Relation, open_to_visible, profile_level
from kith.search.backends import Filter, TextQuery, backend
from kith.search.cards import (
    CARD_CURRENT,
    CARD_OPEN_TO,
    CARD_PAST,
    CARD_SCHOOLS,
    member_rows,
    position_line,
    read_cards,
    signed_in_member,
)
from kith.search.query import (
    DEGREE_LABELS,
    FACETS,
    MAX_QUERY_CHARS,
    OPEN_TO_LABELS,
    PAGE_SIZE,
    PARAMETERS,
    PeopleQuery,
    encode_cursor,
    parse_people_query,
)
from kith.search.text import FACET_KINDS, facet_token, fold, respell, tokens, words_match
from kith.search.typeahead import typeahead

__all__ = [
    "FACETS",
    "PeopleQuery",
    "SearchResults",
    "Hit",
    "DidYouMean",
    "MAX_QUERY_CHARS",
    "PAGE_SIZE",
    "PARAMETERS",
    "encode_cursor",
    "parse_people_query",
    "search_people",
    "starting_filters",
    "typeahead",
]

# Text matches considered per lookup; facet counts are over at most this many.
CANDIDATES = 500
# With filters, text matches looked at (in index order) to find CANDIDATES passing them.
SCAN = 10_000
# 2nd-degree members (most mutual connections first) a query may be restricted to,
# and the text matches looked at to find them.
NETWORK_IDS = 20_000
SCAN_NETWORK = 100_000
# Below this many matches, relevance also gets bm25 / ts_rank_cd (which read
# every match, so they are not asked for common words).
SCORED_MAX = 300
# Above this many connections, mutual counts are computed for candidates only.
MUTUALS_UP_FRONT = 2000
# A network this small (or up to the backend's lookup_max) is searched by looking its
# members up one by one.
LOOKUPS = 50
# When a word is too common for the candidate set, this many of the viewer's nearest
# (1st degree, then 2nd by most mutual connections) are matched by id as well.
NEAR_LOOKUPS = 500
FACET_VALUES = 10
# "Did you mean …?": for searches with fewer than FEW_RESULTS results, up to SIMILAR_WORDS
# respellings of each of the first TYPO_WORDS words (3 letters or more) are tried, at most
# PROBES searches of PROBE_MATCHES index matches; SUGGESTIONS at most are offered.
FEW_RESULTS = 3
TYPO_WORDS = 4
SIMILAR_WORDS = 3
PROBES = 6
PROBE_MATCHES = 20
SUGGESTIONS = 3

SHARED_GROUP_LABEL = "In your groups"

FIELD_FACETS = ("location", "company", "past_company", "industry", "school", "open_to", "target_market")

# Ranking: a member's score is their field relevance (see field_relevance; an exact name
# gets EXACT_NAME_BONUS more), times 1 + BM25_WEIGHT x bm25 / ts_rank_cd normalised to the
# best match (when the match set is small enough to score), times 1 + how near they are:
# the degree, mutual connections, profile completeness and a target-market match (at most
# +65%). A product, so nearness reorders members found in equally good fields but cannot
# lift a company-name match (0.3) over the same word in a title (0.85) or a prefix of one
# (0.6), whoever the members are.
BM25_WEIGHT = 0.1
EXACT_NAME_BONUS = 0.5
DEGREE_BOOST = {1: 0.3, 2: 0.2, 3: 0.1, 0: 0.0}
MUTUAL_WEIGHT = 0.1  # reached at MUTUAL_SATURATION mutual connections
MUTUAL_SATURATION = 50
COMPLETENESS_WEIGHT = 0.1
TARGET_MARKET_BOOST = 0.15



# --- results ----------------------------------------------------------------------


@dataclass
class Hit:
    profile: Profile
    degree: int  # 1, 2, 3; 0 out of network or yourself
    mutual_count: int
    full: bool  # False: a connections-only profile shown as a limited card
    is_self: bool
    score: float
    position: str = ""  # "Title at Company" of a current position, for a full card without a headline


@dataclass
class FacetValue:
    value: str
    label: str
    count: int | None  # None: not counted (the filters offered before a search)
    selected: bool = False


@dataclass
class DidYouMean:
    q: str  # the query with the respelt word(s), as the member wrote the rest


@dataclass
class SearchResults:
    query: PeopleQuery
    results: list[Hit]
    facets: dict[str, list[FacetValue]]
    total: int
    capped: bool
    next_cursor: str | None = None
    has_target_market: bool = False
    extra: dict = field(default_factory=dict)
    did_you_mean: list[DidYouMean] = field(default_factory=list)


@dataclass
class _Seen:
    """What :meth:`_Search._visible` keeps of the candidates."""

    rows: list[tuple]  # (id, name, visibility, completeness, city, region, country, industry, headline)
    cards: dict[int, list]
    degrees: dict[int, int]
    full: set[int]  # shown whole (not a limited card)
    current: dict[int, list]  # (company, title) of current positions, full cards only
    open_to: dict[int, set[str]]
    in_market: set[int]
    sharing: set[int]  # members who share a group (a kith.members.contexts context) with the viewer


@dataclass
class _Network:
    """The viewer's 1st degree and, for everyone within two steps, mutual counts."""

    first: np.ndarray
    second: np.ndarray  # sorted by mutual connections, most first (unless lazy)
    mutual: dict[int, int]
    lazy: bool = False  # mutual counts filled in for candidates only

    @classmethod
    def empty(cls) -> _Network:
        return cls(np.empty(0, np.int64), np.empty(0, np.int64), {})


def _network(viewer_id: int | None) -> _Network:
    if viewer_id is None:
        return _Network.empty()
    g = adapter.graph()
    if not 0 <= viewer_id < g.n:
        return _Network.empty()
    first = np.asarray(g.neighbors(viewer_id), dtype=np.int64)
    if first.size == 0:
        return _Network.empty()
    if first.size > MUTUALS_UP_FRONT:
        # A very well-connected viewer: the engine's cached 2nd degree, and mutual
        # counts only for the candidates (see _Search.run).
        return _Network(first, adapter.second_degree_ids(viewer_id).astype(np.int64), {}, lazy=True)
    reached = np.concatenate([g.neighbors(int(u)) for u in first]).astype(np.int64)
    ids, counts = np.unique(reached, return_counts=True)
    keep = ids != viewer_id
    ids, counts = ids[keep], counts[keep]
    is_first = np.isin(ids, first, assume_unique=True)
    second, second_counts = ids[~is_first], counts[~is_first]
    order = np.lexsort((second, -second_counts))
    mutual = dict(zip(ids.tolist(), counts.tolist(), strict=True))
    return _Network(first, second[order], mutual)


# Where a query word was found, best first: the name; the person's role (current titles and
# the headline, less the current company names in it); a current company; anywhere else
# (about, past positions, skills, schools). A word found only by extending it as a prefix
# ("engineer" in "Engineering") counts for less than the same word whole.
NAME_MATCH = 1.0
ROLE_MATCH, ROLE_PREFIX = 0.85, 0.6
COMPANY_MATCH, COMPANY_PREFIX = 0.5, 0.3
BODY_MATCH, BODY_PREFIX = 0.4, 0.25


@lru_cache(maxsize=1024)
def _word_patterns(word: str) -> tuple[re.Pattern, re.Pattern]:
    """``word`` as a whole word, and as the start of one, where the index's tokenizer
    would split (anything but a letter or a digit)."""
    start = rf"(?<![^\W_]){re.escape(word)}"
    return re.compile(start + r"(?![^\W_])"), re.compile(start)


def _found(word: str, prefix: bool, text: str) -> int:
    """2: ``word`` is a word of the folded ``text``; 1: only the start of one (and
    ``prefix`` allows that); 0: neither."""
    if word not in text:
        return 0  # not even inside another word
    whole, start = _word_patterns(word)
    if whole.search(text):
        return 2
    return 1 if prefix and start.search(text) else 0


def field_relevance(
    parts: list[tuple[str, bool]], name: str, headline: str, positions: Sequence[Sequence[str]] = (), *, body_prefix: bool = False
) -> float:
    """How well the words describe this member, from 1.0 (all in the name) down to 0.25.

    Each word scores by the best field it is in (see ``NAME_MATCH`` …) and the member
    by the mean over the words, so "engineer" finds a Software Engineer (the word in
    the title: 0.85) before an Engineering Manager (a prefix of a title word: 0.6), an
    HR Director at Northwind Engineering (only in the company: 0.3) or someone who
    studied Electrical Engineering (elsewhere: 0.4, or 0.25 when ``body_prefix`` says
    the document matched only through the prefix). ``positions`` are the visible
    current ``(company, title)`` pairs (none for a limited card, whose headline is all
    its role). The same on both backends. ``parts`` is :meth:`TextQuery.parts`.
    """
    folded_name = fold(name)
    if words_match(parts, folded_name):
        return NAME_MATCH
    head = fold(headline) if headline else ""
    role_head, titles, companies = head, "", ""
    for company, title in positions:
        if title:
            titles += " " + fold(title)
        if company:
            company = fold(company)
            companies += " " + company
            if company in role_head:
                role_head = role_head.replace(company, " ")
    role = f"{folded_name} {role_head}{titles}"
    organisation = head + companies
    total = 0.0
    last = len(parts) - 1
    for i, (word, prefix) in enumerate(parts):
        found = _found(word, prefix, role)
        if found == 2:
            total += NAME_MATCH if _found(word, False, folded_name) else ROLE_MATCH
            continue
        in_company = _found(word, prefix, organisation)
        if in_company == 2:
            total += max(COMPANY_MATCH, ROLE_PREFIX if found else 0.0)
        elif found:
            total += ROLE_PREFIX
        elif in_company:
            total += COMPANY_PREFIX
        else:
            total += BODY_PREFIX if body_prefix and i == last else BODY_MATCH
    return total / len(parts)


class _Search:
    """One search's working state (kept off the public functions for readability)."""

    def __init__(self, viewer: Viewer, query: PeopleQuery):
        self.member = signed_in_member(viewer)
        self.viewer_id = self.member.pk if self.member else None
        self.query = query
        self.backend = backend()
        self.network = _network(self.viewer_id)
        self.recruiter = is_verified_hiring(self.member)
        self.market = TargetMarket.objects.filter(profile_id=self.viewer_id).first() if self.member else None
        if self.market is not None and self.market.is_empty:
            self.market = None
        self.my_companies = current_companies(self.viewer_id) if self.member else set()
        self.capped = False
        # Matched only by extending the last word as a prefix (known for index matches only).
        self.prefix_only: set[int] = set()

    # -- SQL fragments over member ids ("{id}") --

    def facet_words(self) -> tuple[tuple[str, ...], ...]:
        """Location, industry, company, past company and school filters as index words."""
        q = self.query
        return tuple(
            tuple(facet_token(kind, value) for value in getattr(q, kind)) for kind in FACET_KINDS if getattr(q, kind)
        )

    def field_filters(self) -> list[Filter]:
        """Filters that stay SQL: "open to" (audience rules) and the target market."""
        q = self.query
        open_to = OpenTo._meta.db_table
        out: list[Filter] = []

        def among(values) -> str:
            return ", ".join(["%s"] * len(values))

        def on_rows(table: str, condition: str, params: list) -> Filter:
            return Filter(
                f"EXISTS (SELECT 1 FROM {table} f WHERE f.profile_id = {{id}} AND {condition})",
                tuple(params),
                f"SELECT profile_id AS id FROM {table} f WHERE {condition}",
            )

        if q.open_to:
            condition, params = f"f.kind IN ({among(q.open_to)})", list(q.open_to)
            if self.member is None:
                condition, params = condition + " AND f.kind <> %s", [*params, OpenTo.Kind.JOB.value]
            elif not self.recruiter:
                condition, params = condition + " AND f.audience = %s", [*params, OpenTo.Audience.MEMBERS.value]
            out.append(on_rows(open_to, condition, params))
        if q.target_market:
            out.append(self._market_filter())
        return out

    def _market_filter(self) -> Filter:
        """Members meeting any of the viewer's target-market criteria (recall only:
        the exact rule, with visibility, is re-checked in Python)."""
        m = self.market
        if m is None:
            return Filter("1 = 0", (), "SELECT user_id AS id FROM " + Profile._meta.db_table + " WHERE 1 = 0")
        profile, position = Profile._meta.db_table, Position._meta.db_table
        ors, params = [], []
        if m.industries:
            ors.append(f"f.industry IN ({', '.join(['%s'] * len(m.industries))})")
            params += list(m.industries)
        if m.locations:
            places = [p.lower() for p in m.locations]
            marks = ", ".join(["%s"] * len(places))
            ors.append(f"(lower(f.city) IN ({marks}) OR lower(f.region) IN ({marks}) OR lower(f.country) IN ({marks}))")
            params += places * 3
        for keyword in m.title_keywords:
            ors.append("lower(f.headline) LIKE %s")
            params.append(f"%{keyword.lower()}%")
        pos_ors, pos_params = [], []
        if m.companies:
            pos_ors.append(f"lower(f.company) IN ({', '.join(['%s'] * len(m.companies))})")
            pos_params += [c.strip().lower() for c in m.companies]
        for keyword in m.title_keywords:
            pos_ors.append("lower(f.title) LIKE %s")
            pos_params.append(f"%{keyword.lower()}%")
        checks, drives, all_params = [], [], []
        if ors:
            condition = " OR ".join(ors)
            checks.append(f"EXISTS (SELECT 1 FROM {profile} f WHERE f.user_id = {{id}} AND ({condition}))")
            drives.append(f"SELECT user_id AS id FROM {profile} f WHERE {condition}")
            all_params += params
        if pos_ors:
            condition = "f.is_current = %s AND (" + " OR ".join(pos_ors) + ")"
            checks.append(f"EXISTS (SELECT 1 FROM {position} f WHERE f.profile_id = {{id}} AND {condition})")
            drives.append(f"SELECT profile_id AS id FROM {position} f WHERE {condition}")
            all_params += [True, *pos_params]
        return Filter("(" + " OR ".join(checks) + ")", tuple(all_params), " UNION ".join(drives))

    # -- candidates --

    def candidates(self) -> dict[int, float]:
        """Member ids worth ranking, with a text score from the index (0 when unscored)."""
        facets = self.facet_words()
        words = self.query.words.with_facets(facets)
        filters = self.field_filters()
        wanted = self.query.degree
        network_only = bool(wanted) and 3 not in wanted
        network: list[int] = []
        if network_only:
            network = (self.network.first.tolist() if 1 in wanted else []) + (
                self.network.second[:NETWORK_IDS].tolist() if 2 in wanted else []
            )
            if not network:
                return {}
        if self.query.shared_group:
            # Members who share a group with the viewer, as the groups app tells it (smaller
            # groups first): the candidates are among them, like a degree filter's.
            sharing = self.sharing_ids
            if network_only:
                network = [pid for pid in network if pid in sharing]
            else:
                network = list(sharing)
                network_only = True
            if not network:
                return {}
        b = self.backend
        if not words and facets:
            if network_only:
                filters.insert(0, b.ids_filter(network))
            found = b.match(words, scope="open", filters=filters, limit=CANDIDATES, scan=SCAN)
            self.capped = len(found) >= CANDIDATES
            return dict(found)
        if not words:
            if not filters and not network_only:
                return {}
            if not filters:
                # Degree only: straight from the graph, nearest and best-connected first.
                self.capped = len(network) > CANDIDATES or (2 in wanted and self.network.second.size > NETWORK_IDS)
                return dict.fromkeys(network[:CANDIDATES], 0.0)
            if network_only:
                filters.insert(0, b.ids_filter(network))
            return self._filtered_ids(filters)
        scores: dict[int, float] = {}
        if network_only:
            if len(network) <= max(LOOKUPS, b.lookup_max):
                # Up to a few thousand ids, a lookup each beats the scan, which must read the
                # index until it meets CANDIDATES matches among them, or to its end (at 100k
                # members, 1,700 2nd-degree ids: 6 ms against 51; at 10,800 the scan wins).
                found = b.match_within(words, scope="open", ids=network, filters=filters)
                if len(found) > CANDIDATES:  # the nearest kept: the network comes nearest first
                    place = {pid: i for i, pid in enumerate(network)}
                    found = sorted(found, key=lambda hit: place[hit[0]])[:CANDIDATES]
            else:
                found = b.match(words, scope="open", filters=[b.ids_filter(network), *filters], limit=CANDIDATES, scan=SCAN_NETWORK)
            self.capped = len(found) >= CANDIDATES
            scores.update(found)
        else:
            self._match_words(words, filters, scores)
        if self.member is not None and (not wanted or 1 in wanted):
            self._match_network(words, filters, scores, second=self.capped and not network_only)
        return scores

    def _match_words(self, words: TextQuery, filters: list[Filter], scores: dict[int, float]) -> None:
        """Up to ``CANDIDATES`` text matches into ``scores``, names first.

        When that many members match by name (a first name being typed), a match
        elsewhere could not outrank them (a stranger's body match scores at most
        0.55 against 1.0; the viewer's network is matched by id afterwards), so the
        documents are not read. Otherwise the documents, whole words first: when
        they alone fill the candidate set, the costly prefix expansion of the last
        word (3x the index work at 1M members) adds nothing; a last word of 3
        letters or fewer is still being typed and goes straight to the prefix.
        """
        b = self.backend
        scan = SCAN if filters or words.facets else CANDIDATES
        if not words.facets:
            names = b.match(words, scope="name", filters=filters, limit=CANDIDATES, scan=scan)
            scores.update((pid, 0.0) for pid, _ in names)
            if len(names) >= CANDIDATES:
                self.capped = True
                return
        used, whole = words, None
        if words.prefix and len(words.words[-1]) > 3:
            exact = TextQuery(words.words, False, words.facets)
            found = b.match(exact, scope="open", filters=filters, limit=CANDIDATES, scan=scan)
            if len(found) >= CANDIDATES:
                used = exact
            else:
                whole = {pid for pid, _ in found}
        if used is words:
            found = b.match(words, scope="open", filters=filters, limit=CANDIDATES, scan=scan)
            if whole is not None:
                # The whole-word matches are a subset, found further into the index, so
                # the difference is exactly the members matched only through the prefix.
                self.prefix_only.update(pid for pid, _ in found if pid not in whole)
        self.capped = len(found) >= CANDIDATES
        if not self.capped and len(found) <= SCORED_MAX:
            found = b.match(used, scope="open", filters=filters, limit=CANDIDATES, scan=scan, scored=True)
        for pid, score in found:
            scores[pid] = max(score, scores.get(pid, 0.0))

    def _match_network(self, words: TextQuery, filters: list[Filter], scores: dict[int, float], *, second: bool) -> None:
        """Match the viewer's own network by id, so a common word never crowds it out.

        Connections on every field the viewer may see (a connections-only profile
        whole; ``tsv_full`` / ``cbody`` hold only those); with ``second``, then the
        2nd degree by most mutual connections, on what any member sees; at most
        ``NEAR_LOOKUPS`` ids. A 1st degree larger than that has its connections-only
        profiles matched in full and, with ``second``, its first ``NEAR_LOOKUPS``
        members on what any member sees (they outrank the 2nd degree).
        """
        b = self.backend
        first = [*self.network.first.tolist(), self.viewer_id]
        small = len(first) <= NEAR_LOOKUPS
        whole = first if small else self._closed_profiles(first)[: b.lookup_max]
        for pid, score in b.match_within(words, scope="full", ids=whole, filters=filters):
            scores[pid] = max(score, scores.get(pid, 0.0))
            self.prefix_only.discard(pid)  # a connections-only body may hold the word whole
        if second:
            near = self.network.second[: NEAR_LOOKUPS - len(first)].tolist() if small else first[:NEAR_LOOKUPS]
            for pid, _ in b.match_within(words, scope="open", ids=near, filters=filters):
                scores.setdefault(pid, 0.0)

    def _closed_profiles(self, ids: list[int]) -> list[int]:
        """The connections-only profiles among ``ids``."""
        fragment, params = self.backend.ids_sql("user_id", ids)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT user_id FROM {Profile._meta.db_table} WHERE {fragment} AND visibility = %s",
                [*params, Visibility.CONNECTIONS.value],
            )
            return [int(r[0]) for r in cursor.fetchall()]

    def _filtered_ids(self, filters: list[Filter]) -> dict[int, float]:
        """Without words: start from the first filter's ids, test the others."""
        driver = next(f for f in filters if f.drive)
        checks, params = [], list(driver.params)
        for f in filters:
            if f is driver:
                continue
            checks.append(" AND " + f.check.replace("{id}", "t.id"))
            params += f.params
        sql = f"SELECT DISTINCT t.id FROM ({driver.drive}) t WHERE 1 = 1{''.join(checks)} LIMIT %s"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, CANDIDATES])
            ids = [int(r[0]) for r in cursor.fetchall()]
        self.capped = len(ids) >= CANDIDATES
        return dict.fromkeys(ids, 0.0)

    def _visible(self, scores: dict[int, float]) -> _Seen:
        """The candidates this viewer may find, with what ranking and facets need:
        blocked either way, deactivated and (for anonymous viewers) non-public members
        dropped; a connections-only stranger a limited card that passes no field
        filter; then the query's degree, "open to" and target-market filters."""
        query = self.query
        cards = read_cards(list(scores))
        rows = [r for r in member_rows(cards) if r[0] not in self.blocked]
        if self.member is None:
            rows = [r for r in rows if r[2] == Visibility.PUBLIC]
        ids = [r[0] for r in rows]
        degrees = adapter.degrees_of(self.viewer_id, ids) if self.member else dict.fromkeys(ids, 0)

        def is_full(row) -> bool:
            # Blocked members are already gone; the graph's 1st degree is the connection fact.
            relation = Relation(viewer_id=self.viewer_id, member_id=row[0], connected=degrees[row[0]] == 1)
            return profile_level(relation, visibility=row[2]) is Level.FULL

        full = {r[0] for r in rows if is_full(r)}
        if query.field_filtered:
            rows = [r for r in rows if r[0] in full]
        if query.degree:
            wanted = {d if d != 3 else 0 for d in query.degree} | ({3} if 3 in query.degree else set())
            rows = [r for r in rows if degrees[r[0]] in wanted and r[0] != self.viewer_id]
        full_ids = [r[0] for r in rows if r[0] in full]

        current: dict[int, list[tuple[str, str]]] = {pid: cards[pid][CARD_CURRENT] for pid in full_ids}
        open_to = self._visible_open_to(full_ids, cards)
        if query.open_to:
            rows = [r for r in rows if open_to.get(r[0], set()) & set(query.open_to)]
        in_market: set[int] = set()
        if self.market is not None:
            for r in rows:
                pid, name, vis, completeness, city, region, country, industry, headline = r
                if pid in full:
                    positions = current.get(pid, [])
                    facts = MarketFacts(industry, city, region, country, headline, tuple(t for _, t in positions), tuple(c for c, _ in positions))
                else:
                    facts = MarketFacts("", "", "", "", headline, (), ())
                if pid != self.viewer_id and target_market_match(self.market, facts):
                    in_market.add(pid)
        if query.target_market:
            rows = [r for r in rows if r[0] in in_market]
        sharing: set[int] = set()
        if self.member is not None and rows:
            sharing = set(contexts.shared(self.viewer_id, [r[0] for r in rows]))
        if query.shared_group:
            rows = [r for r in rows if r[0] in sharing]
        return _Seen(rows, cards, degrees, full, current, open_to, in_market, sharing)

    @cached_property
    def sharing_ids(self) -> dict[int, None]:
        """Members who share a group with the viewer (at most NETWORK_IDS, in the order
        kith.members.contexts gives them: the smaller the group, the sooner)."""
        if self.member is None:
            return {}
        return dict.fromkeys(contexts.members_sharing(self.viewer_id, limit=NETWORK_IDS))

    @cached_property
    def blocked(self) -> set[int]:
        return blocked_ids(self.member)

    def run(self) -> SearchResults:
        query = self.query
        if query.is_empty:
            return SearchResults(query, [], {}, 0, False, has_target_market=self.market is not None)
        scores = self.candidates()
        seen = self._visible(scores)
        if self.network.lazy:
            near = [pid for pid, degree in seen.degrees.items() if degree in (1, 2)]
            self.network.mutual.update(adapter.mutual_counts(self.viewer_id, near))
        rows, degrees, full = seen.rows, seen.degrees, seen.full
        ranked = self._rank(rows, scores, degrees, seen.in_market, seen.current)
        facets = self._facets(rows, full, degrees, seen.cards, seen.open_to, seen.in_market, seen.sharing)
        page_rows = ranked[query.offset : query.offset + PAGE_SIZE]
        profiles = Profile.objects.select_related("user").in_bulk([pid for pid, _ in page_rows])
        # The cards count only the mutual connections the viewer may be shown (members.selectors).
        counted = {pid: adapter.mutual_ids(self.viewer_id, pid) for pid, _ in page_rows if pid != self.viewer_id and self.network.mutual.get(pid)}
        mutual_shown = {pid: len(ids) for pid, ids in visible_mutuals(self.member, counted).items()}
        hits = [
            Hit(
                profile=profiles[pid],
                degree=degrees.get(pid, 0),
                mutual_count=mutual_shown.get(pid, 0),
                full=pid in full,
                is_self=pid == self.viewer_id,
                score=score,
                position=position_line(seen.current.get(pid, [])) if not profiles[pid].headline else "",
            )
            for pid, score in page_rows
            if pid in profiles
        ]
        more = query.offset + PAGE_SIZE < len(ranked)
        return SearchResults(
            query=query,
            results=hits,
            facets=facets,
            total=len(ranked),
            capped=self.capped,
            next_cursor=encode_cursor(query.offset + PAGE_SIZE) if more else None,
            has_target_market=self.market is not None,
            did_you_mean=self._did_you_mean(len(ranked)) if len(ranked) < FEW_RESULTS and query.offset == 0 else [],
        )

    # -- "Did you mean …?" --

    def _did_you_mean(self, total: int) -> list[DidYouMean]:
        """Searches like this one with a word respelt (trigram similarity against the
        vocabulary, :class:`~kith.search.models.SearchTerm`) that find more people.

        A respelling is offered only once a bounded search for it finds more members
        *this viewer may find* (:meth:`_visible`, the same rules as the results) than
        the query did, so a suggestion never names someone blocked, deactivated or,
        for anonymous viewers, not public, nor a word only a connections-only profile's
        hidden fields hold. Runs only for searches with fewer than ``FEW_RESULTS``
        results; at most ``PROBES`` searches of ``PROBE_MATCHES`` index matches each.
        """
        words = self.query.words.words
        options: list[tuple[float, int, str, str]] = []
        checked = 0
        for i, word in enumerate(words):
            if len(word) < 3 or checked == TYPO_WORDS:
                continue
            checked += 1
            options += [(sim, i, term, written) for term, written, sim in self.backend.similar_terms(word, limit=SIMILAR_WORDS)]
        options.sort(key=lambda o: (-o[0], o[1], o[2]))
        tries: list[dict[int, tuple[str, str]]] = [{i: (term, written)} for _, i, term, written in options]
        best: dict[int, tuple[str, str]] = {}
        for _, i, term, written in options:
            best.setdefault(i, (term, written))
        tries = tries[: PROBES - 1 if len(best) > 1 else PROBES]
        if len(best) > 1:
            tries.append(best)  # two words misspelt at once
        found: list[DidYouMean] = []
        for respelt in tries:
            probe = tuple(respelt[i][0] if i in respelt else w for i, w in enumerate(words))
            if self._probe(probe) > total:
                found.append(DidYouMean(respell(self.query.q, {i: written for i, (_, written) in respelt.items()})))
                if len(found) == SUGGESTIONS:
                    break
        return found

    def _probe(self, words: tuple[str, ...]) -> int:
        """How many members, up to ``PROBE_MATCHES``, a search for ``words`` (whole
        words, this query's filters) finds that this viewer may find."""
        b = self.backend
        facets = self.facet_words()
        filters = self.field_filters()
        wanted = self.query.degree
        scan = SCAN if filters or facets else PROBE_MATCHES
        if wanted and 3 not in wanted:
            network = (self.network.first.tolist() if 1 in wanted else []) + (
                self.network.second[:NETWORK_IDS].tolist() if 2 in wanted else []
            )
            if not network:
                return 0
            filters.insert(0, b.ids_filter(network))
            scan = SCAN_NETWORK
        query = TextQuery(words, False, facets)
        found = dict(b.match(query, scope="open", filters=filters, limit=PROBE_MATCHES, scan=scan))
        if self.closed_connections:
            found.update(b.match_within(query, scope="full", ids=self.closed_connections, filters=filters))
        return len(self._visible(found).rows)

    @cached_property
    def closed_connections(self) -> list[int]:
        """The viewer's connections whose profiles are connections-only (the only
        documents the viewer can match on more than the open index holds)."""
        first = self.network.first.tolist()
        return self._closed_profiles(first)[: self.backend.lookup_max] if first else []

    def _visible_open_to(self, ids: list[int], cards: dict[int, list]) -> dict[int, set[str]]:
        """Kinds each (fully visible) member's "open to" shows this viewer, in bulk."""
        out: dict[int, set[str]] = {}
        for pid in ids:
            card = cards[pid]
            for kind, audience, hide in card[CARD_OPEN_TO]:
                if open_to_visible(
                    kind=kind,
                    audience=audience,
                    hide_from_current_company=hide,
                    level=Level.FULL,
                    is_self=pid == self.viewer_id,
                    anonymous=self.member is None,
                    viewer_verified_hiring=self.recruiter,
                    shares_current_company=hide and bool(self.my_companies & {c.strip().lower() for c, _ in card[CARD_CURRENT]}),
                ):
                    out.setdefault(pid, set()).add(kind)
        return out

    def _rank(
        self, rows: list[tuple], scores: dict[int, float], degrees: dict[int, int], in_market: set[int], current: dict[int, list]
    ) -> list[tuple[int, float]]:
        """``current``: each full card's current (company, title) pairs (limited cards have none)."""
        words = self.query.words
        parts = words.parts()
        best = max((scores.get(r[0], 0.0) for r in rows), default=0.0)
        wanted = " ".join(words.words)
        saturation = math.log1p(MUTUAL_SATURATION)
        ranked = []
        for pid, name, _vis, completeness, _city, _region, _country, _industry, headline in rows:
            relevance = 1.0
            if words:
                relevance = field_relevance(parts, name, headline, current.get(pid, ()), body_prefix=pid in self.prefix_only)
                if relevance == NAME_MATCH and " ".join(tokens(name, limit=50)) == wanted:
                    relevance += EXACT_NAME_BONUS
                if best > 0:
                    relevance *= 1 + BM25_WEIGHT * scores.get(pid, 0.0) / best
            near = DEGREE_BOOST.get(degrees.get(pid, 0), 0.0)
            mutual = self.network.mutual.get(pid, 0) if pid != self.viewer_id else 0
            near += MUTUAL_WEIGHT * min(1.0, math.log1p(mutual) / saturation)
            near += COMPLETENESS_WEIGHT * (completeness or 0) / 100
            if pid in in_market:
                near += TARGET_MARKET_BOOST
            ranked.append((pid, relevance * (1 + near)))
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked

    def _facets(self, rows, full, degrees, cards, open_to, in_market, sharing) -> dict[str, list[FacetValue]]:
        q = self.query
        shown = [r for r in rows if r[0] in full]  # limited cards feed only the degree facet
        shown_cards = [cards[r[0]] for r in shown]
        counts: dict[str, Counter] = {
            "degree": Counter(str(min(degrees.get(r[0], 0) or 3, 3)) for r in rows if r[0] != self.viewer_id),
            "location": Counter(r[4] for r in shown if r[4]),
            "industry": Counter(r[7] for r in shown if r[7]),
            "company": Counter(c for card in shown_cards for c in {c for c, _ in card[CARD_CURRENT]}),
            "past_company": Counter(c for card in shown_cards for c in set(card[CARD_PAST])),
            "school": Counter(school for card in shown_cards for school in set(card[CARD_SCHOOLS])),
            "open_to": Counter(kind for r in shown for kind in open_to.get(r[0], ())),
            "target_market": Counter({"1": len(in_market)} if self.market is not None else {}),
            # Limited cards count too: the viewer sees them in the group's member list anyway.
            "shared_group": Counter({"1": sum(1 for r in rows if r[0] in sharing)} if sharing else {}),
        }

        def label(facet: str, value: str) -> str:
            if facet == "degree":
                return DEGREE_LABELS[value]
            if facet == "industry":
                return INDUSTRY_LABELS.get(value, value)
            if facet == "open_to":
                return OPEN_TO_LABELS.get(value, value)
            if facet == "target_market":
                return "In my target market"
            if facet == "shared_group":
                return SHARED_GROUP_LABEL
            return value

        facets: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            if facet == "target_market" and self.market is None:
                continue
            counter = counts[facet]
            chosen = q.selected(facet)
            if facet == "shared_group" and not counter and not chosen:
                continue  # nobody found shares a group with the viewer
            if facet == "degree":
                top = [(v, counter.get(v, 0)) for v in DEGREE_LABELS if self.member is not None]
            else:
                top = heapq.nsmallest(FACET_VALUES, counter.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = {v for v, _ in top}
            top += [(v, counter.get(v, 0)) for v in sorted(chosen - shown)]
            facets[facet] = [FacetValue(v, label(facet, v), n, v in chosen) for v, n in top]
        return facets


def search_people(viewer: Viewer, query: PeopleQuery | Mapping | None = None, **params) -> SearchResults:
    """Members matching ``query`` as ``viewer`` may see them, best first, with facets.

    ``query`` is a :class:`PeopleQuery` or request-style parameters (validated
    strictly; keyword arguments are merged in). See the module docstring for
    how candidates, visibility, ranking and facet counts work.
    """
    if not isinstance(query, PeopleQuery):
        merged = dict(query or {})
        merged.update({k: v for k, v in params.items() if v is not None})
        query = parse_people_query(merged)
    return _Search(viewer, query).run()


def starting_filters(viewer: Viewer) -> dict[str, list[FacetValue]]:
    """Filters to start from before anything is searched, uncounted: the degrees (for a
    member with connections), the viewer's own city, industry, current and past
    companies and schools (read from their search card), every "open to" kind, and the
    target market when they have one."""
    member = signed_in_member(viewer)
    card = read_cards([member.pk]).get(member.pk) if member is not None else None
    facets: dict[str, list[FacetValue]] = {}

    def offer(facet: str, values, label=lambda value: value) -> None:
        values = [v for v in dict.fromkeys(values) if v]
        if values:
            facets[facet] = [FacetValue(v, label(v), None) for v in values[:FACET_VALUES]]

    g = adapter.graph()
    if member is not None and 0 <= member.pk < g.n and g.degree(member.pk):
        offer("degree", DEGREE_LABELS, DEGREE_LABELS.get)
    if member is not None and contexts.members_sharing(member.pk, limit=1):
        facets["shared_group"] = [FacetValue("1", SHARED_GROUP_LABEL, None)]
    if card is not None:
        offer("location", [card[3]])
        offer("company", [company for company, _ in card[CARD_CURRENT]])
        offer("past_company", card[CARD_PAST])
        offer("industry", [card[6]], lambda v: INDUSTRY_LABELS.get(v, v))
        offer("school", card[CARD_SCHOOLS])
    offer("open_to", OPEN_TO_LABELS, OPEN_TO_LABELS.get)
    if member is not None:
        market = TargetMarket.objects.filter(profile_id=member.pk).first()
        if market is not None and not market.is_empty:
            facets["target_market"] = [FacetValue("1", "In my target market", None)]
    return facets

