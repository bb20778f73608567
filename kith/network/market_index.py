"""Who matches a target market, from an in-memory index instead of a scan of every profile.

``graph_selectors.target_market_ids`` used to ask the database for every profile whose
industry, place, current company or title matches (``icontains`` on headlines and titles: a
full scan, about a second at 100,000 members). This index holds, per process, posting arrays
of member ids for each industry, place (city, region, country), current company and word of
the title text (current titles and the headline), so a market's mask is a few vocabulary
look-ups and numpy unions: milliseconds at a million members (bench/target_market.py).

The rule is members.selectors.target_market_match's, exactly: a title keyword matches when
it is a substring of one of the member's current titles or of the headline, case folded.
A one-word keyword is matched against the vocabulary (every word containing it); a keyword of
two or three words against the vocabularies of consecutive pairs and triples of words (exact,
no text read); a longer one takes the members holding each of its runs of three words and
checks the substring on those.

Freshness: the index is rebuilt from the database in a background thread every
KITH_MARKET_INDEX_SECONDS (300); until the first build is ready (the warm-up starts it) the
database query answers. So a profile edit reaches other members' target-market counts within
minutes, as the insights card's cache of these masks already allowed (MARKET_MASK_TTL). A
rebuild first reads the profiles' latest ``updated_at`` and their count (every profile write
goes through members.actions, which stamps ``updated_at``; a new or removed profile changes the
count): when neither moved since the last build, the index is kept as it is, and the build, 7 s
of a core per worker at 100,000 members, is not run again.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger("kith.network.market_index")

__all__ = ["MarketIndex", "build", "build_from", "current", "mask_for"]

_WORD = re.compile(r"\S+")
LONGEST_RUN = 4  # runs of up to this many consecutive words are indexed
_IRREGULAR = re.compile(r"\s\s|[^\S ]")


def _fold(text: str) -> str:
    return text.lower()


@dataclass
class MarketIndex:
    n: int
    industry: dict[str, np.ndarray]
    place: dict[str, np.ndarray]
    company: dict[str, np.ndarray]
    # grams[k]: runs of k consecutive words of one field ("w1 w2" for k = 2) -> members;
    # joined[k]: the same runs as "\nrun\nrun\n", so one substring search finds every run
    # holding a fragment.
    grams: dict[int, dict[str, np.ndarray]]
    joined: dict[int, str]
    irregular: frozenset[int]  # members whose text has runs of spaces or other whitespace
    haystack: dict[int, str]  # member id -> folded current titles and headline, one a line (for the substring test)
    built_at: float
    seconds: float
    stamp: tuple | None = None  # source_stamp() read before the rows were

    def mask(self, n: int, *, industries, title_keywords, locations, companies) -> np.ndarray:
        out = np.zeros(max(n, self.n), dtype=bool)
        for value in industries or ():
            _mark(out, self.industry.get(value))
        for place in locations or ():
            _mark(out, self.place.get(_fold(place)))
        for company in companies or ():
            _mark(out, self.company.get(company.strip().lower()))
        for keyword in title_keywords or ():
            self._mark_keyword(out, _fold(keyword))
        return out[:n] if n < out.shape[0] else out

    def _regular(self, ids: np.ndarray) -> np.ndarray:
        """``ids`` without the members whose text has irregular whitespace (checked one by one)."""
        if not self.irregular:
            return ids
        return ids[~np.isin(ids, self._irregular_ids)]

    @cached_property
    def _irregular_ids(self) -> np.ndarray:
        return np.fromiter(self.irregular, dtype=np.int64, count=len(self.irregular))

    def _runs(self, k: int, fragment: str) -> list[np.ndarray]:
        """Postings of every run of ``k`` words that holds ``fragment``."""
        postings = self.grams[k]
        return [postings[run] for run in _containing(self.joined[k], fragment)]

    def _mark_keyword(self, out: np.ndarray, keyword: str) -> None:
        if not keyword:
            return
        parts = keyword.split()
        if keyword != " ".join(parts):
            # Spaces at the ends or in runs: the members holding a word containing each part
            # (everyone, for a keyword of spaces only) are the candidates of the substring test.
            self._mark_by_text(out, keyword, self._holding_each(parts) if parts else self.haystack)
            return
        k = len(parts)
        if k <= LONGEST_RUN:
            # "ta sci" is in a field exactly when a run of two consecutive words holds it (the
            # first ending in "ta", the second starting with "sci"); likewise for one, three or
            # four words: the run vocabulary answers, except for fields with irregular
            # whitespace, checked one by one.
            for ids in self._runs(k, keyword):
                _mark(out, ids if k == 1 else self._regular(ids))
            if k > 1:
                self._mark_by_text(out, keyword, self.irregular)
            return
        # Longer: a field holding the keyword holds each run of LONGEST_RUN of its words (the
        # first may start inside a word, the last may end inside one, the inner words are
        # whole): members holding every run are few, and the substring test decides.
        candidates = None
        last = k - LONGEST_RUN
        for i in range(last + 1):
            pattern = ("\n" if i > 0 else "") + " ".join(parts[i : i + LONGEST_RUN]) + ("\n" if i < last else "")
            ids = self._runs(LONGEST_RUN, pattern)
            held = np.unique(np.concatenate(ids)) if ids else np.zeros(0, np.int64)
            candidates = held if candidates is None else np.intersect1d(candidates, held, assume_unique=True)
            if candidates.size == 0:
                break
        self._mark_by_text(out, keyword, [*candidates.tolist(), *self.irregular])

    def _holding_each(self, parts: list[str]) -> list[int]:
        held: np.ndarray | None = None
        for part in parts:
            ids = self._runs(1, part)
            found = np.unique(np.concatenate(ids)) if ids else np.zeros(0, np.int64)
            held = found if held is None else np.intersect1d(held, found, assume_unique=True)
            if held.size == 0:
                break
        return held.tolist()

    def _mark_by_text(self, out: np.ndarray, keyword: str, candidates: Iterable[int]) -> None:
        hits = [m for m in candidates if keyword in self.haystack.get(m, "")]
        _mark(out, np.array(hits, dtype=np.int64))


def _containing(joined: str, fragment: str) -> list[str]:
    """The lines of ``joined`` ("\nline\nline\n") that contain ``fragment``."""
    found, start = [], 0
    skip = 1 if fragment.startswith("\n") else 0  # a fragment anchored at a line's start
    while (i := joined.find(fragment, start)) >= 0:
        j = i + skip
        left = joined.rfind("\n", 0, j) + 1
        right = joined.find("\n", j)
        found.append(joined[left:right])
        start = right
    return found


def _mark(out: np.ndarray, ids: np.ndarray | None) -> None:
    if ids is not None and ids.size:
        out[ids[ids < out.shape[0]]] = True


def _postings(groups: dict[str, list[int]]) -> dict[str, np.ndarray]:
    return {key: np.unique(np.array(ids, dtype=np.int64)) for key, ids in groups.items() if key}


def source_stamp() -> tuple:
    """(latest ``updated_at``, count) of the profiles: changes whenever anything the index reads
    does (module docstring). Read before the rows, so an edit made during a build is seen by the
    next one."""
    from django.db.models import Count, Max

    from kith.members.models import Profile

    found = Profile.objects.aggregate(latest=Max("updated_at"), count=Count("pk"))
    return found["latest"], found["count"]


def build() -> MarketIndex:
    """Read every profile's industry, places, headline and current positions once."""
    from kith.members.models import Position, Profile

    stamp = source_stamp()
    profiles = Profile.objects.values_list("pk", "industry", "city", "region", "country", "headline")
    positions = Position.objects.filter(is_current=True).values_list("profile_id", "title", "company")
    index = build_from(profiles.iterator(chunk_size=20_000), positions.iterator(chunk_size=20_000))
    index.stamp = stamp
    return index


def refresh(index: MarketIndex | None) -> MarketIndex:
    """``index`` again, marked fresh, when nothing it was built from has changed; else a build."""
    if index is not None and index.stamp is not None and index.stamp == source_stamp():
        index.built_at = time.time()
        return index
    return build()


def build_from(profiles, positions) -> MarketIndex:
    """The index from ``(id, industry, city, region, country, headline)`` rows and
    ``(profile id, title, company)`` rows of current positions."""
    started = time.perf_counter()
    industry, place, company = defaultdict(list), defaultdict(list), defaultdict(list)
    texts: dict[int, list[str]] = defaultdict(list)
    top = 0
    for pk, ind, city, region, country, headline in profiles:
        top = max(top, pk)
        if ind:
            industry[ind].append(pk)
        for p in {_fold(x) for x in (city, region, country) if x}:
            place[p].append(pk)
        texts[pk].append(headline)
    for pk, title, comp in positions:
        company[comp.strip().lower()].append(pk)
        texts[pk].insert(len(texts[pk]) - 1 if texts[pk] else 0, title)  # titles first, the headline last
    haystack: dict[int, str] = {}
    runs: dict[int, dict[str, list[int]]] = {k: defaultdict(list) for k in range(1, LONGEST_RUN + 1)}
    irregular = set()
    for pk, parts in texts.items():
        # A keyword matches inside one field (a current title, or the headline), never across
        # two: runs of words are taken field by field, and the text the substring test reads
        # keeps the fields apart with newlines (no keyword holds one).
        fields = [_fold(part) for part in parts if part]
        haystack[pk] = "\n".join(fields)
        seen: dict[int, set[str]] = {k: set() for k in runs}
        for text in fields:
            found = _WORD.findall(text)
            for k in runs:
                seen[k].update(" ".join(found[i : i + k]) for i in range(len(found) - k + 1))
            if _IRREGULAR.search(text):
                irregular.add(pk)
        for k, held in seen.items():
            for run in held:
                runs[k][run].append(pk)
    grams = {k: _postings(found) for k, found in runs.items()}
    index = MarketIndex(
        n=top + 1,
        industry=_postings(industry),
        place=_postings(place),
        company=_postings(company),
        grams=grams,
        joined={k: "\n" + "\n".join(sorted(postings)) + "\n" for k, postings in grams.items()},
        irregular=frozenset(irregular),
        haystack=haystack,
        built_at=time.time(),
        seconds=0.0,
    )
    index.seconds = time.perf_counter() - started
    return index


# --- this process's index ----------------------------------------------------------------

_index: MarketIndex | None = None
_building = threading.Lock()


def current() -> MarketIndex | None:
    """The index if it is built (and a rebuild started in the background when it is old)."""
    index = _index
    if index is not None and time.time() - index.built_at > settings.KITH_MARKET_INDEX_SECONDS:
        start_rebuild()
    return index


def start_rebuild() -> bool:
    """Rebuild in a background thread (never in a request); False if one is already running."""
    if not _building.acquire(blocking=False):
        return False

    def run() -> None:
        global _index
        try:
            previous = _index
            _index = refresh(previous)
            if _index is not previous:
                logger.info("target-market index built in %.1f s", _index.seconds)
        except Exception:  # noqa: BLE001 - the database query keeps answering meanwhile
            logger.exception("target-market index build failed")
        finally:
            close_old_connections()
            _building.release()

    threading.Thread(target=run, name="kith-market-index", daemon=True).start()
    return True


def use(index: MarketIndex | None) -> None:
    """Install an index (tests, and benchmarks that build one themselves)."""
    global _index
    _index = index


def mask_for(market, n: int) -> np.ndarray | None:
    """The market's mask over ``n`` member ids from the index; None when it is not built."""
    if not settings.KITH_MARKET_INDEX:
        return None
    index = current()
    if index is None:
        start_rebuild()
        return None
    return index.mask(
        n,
        industries=market.industries,
        title_keywords=market.title_keywords,
        locations=market.locations,
        companies=market.companies,
    )
