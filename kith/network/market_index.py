"""Who matches a target market, from an in-memory index instead of a scan of every profile.

``graph_selectors.target_market_ids`` used to ask the database for every profile whose
industry, place, current company or title matches (``icontains`` on headlines and titles: a
full scan, about a second at 100,000 members). This index holds, per process, posting arrays
of member ids for each industry, place (city, region, country), current company and word of
the title text (current titles and the headline), so a market's mask is a few vocabulary
look-ups and numpy unions: milliseconds at a million members (bench/target_market.py).

The rule is members.selectors.target_market_match's, exactly: a title keyword matches when
it is a substring of the member's current titles and headline joined by spaces, case folded.
A one-word keyword is matched against the vocabulary (every word containing it); a keyword of
several words takes the members holding all its words and checks the substring on those.

Freshness: the index is rebuilt from the database in a background thread every
KITH_MARKET_INDEX_SECONDS (300); until the first build is ready (the warm-up starts it) the
database query answers. So a profile edit reaches other members' target-market counts within
minutes, as the insights card's cache of these masks already allowed (MARKET_MASK_TTL).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger("kith.network.market_index")

__all__ = ["MarketIndex", "build", "build_from", "current", "mask_for"]

_WORD = re.compile(r"\S+")
_IRREGULAR = re.compile(r"\s\s|[^\S ]")


def _fold(text: str) -> str:
    return text.lower()


@dataclass
class MarketIndex:
    n: int
    industry: dict[str, np.ndarray]
    place: dict[str, np.ndarray]
    company: dict[str, np.ndarray]
    words: dict[str, np.ndarray]
    joined_vocabulary: str  # "\nword1\nword2\n…": a substring search finds every word containing a keyword
    pairs: dict[str, np.ndarray]  # "word1 word2" for consecutive words -> members
    joined_pairs: str
    irregular: frozenset[int]  # members whose text has runs of spaces or other whitespace
    haystack: dict[int, str]  # member id -> folded titles + headline (for keywords of several words)
    built_at: float
    seconds: float

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

    def _words_containing(self, fragment: str) -> list[str]:
        return _containing(self.joined_vocabulary, fragment)

    def _mark_keyword(self, out: np.ndarray, keyword: str) -> None:
        if not keyword:
            return
        parts = keyword.split()
        if len(parts) <= 1 and " " not in keyword:
            for word in self._words_containing(keyword):
                _mark(out, self.words.get(word))
            return
        if len(parts) == 2 and keyword == f"{parts[0]} {parts[1]}":
            # "ta sci" is in a text exactly when a pair of consecutive words "w1 w2" holds it
            # (w1 ending in "ta", w2 starting with "sci"): the pair vocabulary answers, except
            # for texts with irregular whitespace, checked one by one.
            for pair in _containing(self.joined_pairs, keyword):
                ids = self.pairs[pair]
                if self.irregular:
                    ids = np.array([m for m in ids.tolist() if m not in self.irregular], dtype=np.int64)
                _mark(out, ids)
            hits = [m for m in self.irregular if keyword in self.haystack.get(m, "")]
            _mark(out, np.array(hits, dtype=np.int64))
            return
        if len(parts) > 2 and keyword == " ".join(parts):
            # Three words or more: a text holding the keyword holds each consecutive pair of
            # its words (the first may end a word, the last may start one, the inner ones are
            # whole words): members holding every pair are few, and the substring test decides.
            candidates = None
            last = len(parts) - 2
            for i in range(last + 1):
                pattern = ("\n" if i > 0 else "") + f"{parts[i]} {parts[i + 1]}" + ("\n" if i < last else "")
                ids = [self.pairs[p] for p in _containing(self.joined_pairs, pattern)]
                held = np.unique(np.concatenate(ids)) if ids else np.zeros(0, np.int64)
                candidates = held if candidates is None else np.intersect1d(candidates, held, assume_unique=True)
                if candidates.size == 0:
                    break
            found = [m for m in candidates.tolist() if keyword in self.haystack.get(m, "")]
            found += [m for m in self.irregular if keyword in self.haystack.get(m, "")]
            _mark(out, np.array(found, dtype=np.int64))
            return
        # Spaces at the ends or inside runs: candidates hold a word containing each part;
        # the substring test on their text decides.
        candidates: np.ndarray | None = None
        for part in parts:
            ids = [self.words[w] for w in self._words_containing(part) if w in self.words]
            held = np.unique(np.concatenate(ids)) if ids else np.zeros(0, np.int64)
            candidates = held if candidates is None else np.intersect1d(candidates, held, assume_unique=True)
            if candidates.size == 0:
                return
        if candidates is None:  # a keyword of spaces only: matches any text holding them
            candidates = np.fromiter(self.haystack, dtype=np.int64)
        hits = [m for m in candidates.tolist() if keyword in self.haystack.get(m, "")]
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


def build() -> MarketIndex:
    """Read every profile's industry, places, headline and current positions once."""
    from kith.members.models import Position, Profile

    profiles = Profile.objects.values_list("pk", "industry", "city", "region", "country", "headline")
    positions = Position.objects.filter(is_current=True).values_list("profile_id", "title", "company")
    return build_from(profiles.iterator(chunk_size=20_000), positions.iterator(chunk_size=20_000))


def build_from(profiles, positions) -> MarketIndex:
    """The index from ``(id, industry, city, region, country, headline)`` rows and
    ``(profile id, title, company)`` rows of current positions."""
    started = time.perf_counter()
    industry, place, company, words = defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list)
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
    pairs: dict[str, list[int]] = defaultdict(list)
    irregular = set()
    for pk, parts in texts.items():
        text = _fold(" ".join(parts))
        haystack[pk] = text
        found = _WORD.findall(text)
        for word in set(found):
            words[word].append(pk)
        for pair in {f"{a} {b}" for a, b in zip(found, found[1:], strict=False)}:
            pairs[pair].append(pk)
        if _IRREGULAR.search(text):
            irregular.add(pk)
    word_postings = _postings(words)
    pair_postings = _postings(pairs)
    index = MarketIndex(
        n=top + 1,
        industry=_postings(industry),
        place=_postings(place),
        company=_postings(company),
        words=word_postings,
        joined_vocabulary="\n" + "\n".join(sorted(word_postings)) + "\n",
        pairs=pair_postings,
        joined_pairs="\n" + "\n".join(sorted(pair_postings)) + "\n",
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
            _index = build()
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
