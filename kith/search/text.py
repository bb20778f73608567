"""Turning text into search tokens, the same way on both backends.

FTS5's ``unicode61 remove_diacritics 2`` tokenizer folds case and accents and
splits on anything that is not a letter or a digit. PostgreSQL gets the same
words by folding in SQL (:func:`pg_fold_sql`) before the 'simple' configuration
parses them. The 'simple' configuration (no stemming)
is deliberate: names, companies and skills are proper nouns, and "engineer"
versus "engineering" behave the same on both backends.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case and strip accents: "Zoë Ångström" -> "zoe angstrom"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def tokens(text: str, *, limit: int = 12) -> list[str]:
    """The search words in ``text``, folded, at most ``limit`` of them."""
    return _WORD.findall(fold(text))[:limit]


def word_set(text: str) -> set[str]:
    """Every search word in ``text``, folded, as FTS5's tokenizer finds them."""
    return set(_WORD.findall(fold(text or "")))


def words_match(parts: Iterable[tuple[str, bool]], text: str) -> bool:
    """Whether the folded ``text`` holds every word of ``parts`` (``(word, prefix)``
    pairs, as ``TextQuery.parts`` gives them), a prefix one as the start of a word:
    what the full-text index would match."""
    parts = list(parts)
    if not all(word in text for word, _ in parts):
        return False  # not even inside another word: no need to split the text
    vocabulary = word_set(text)
    return all(word in vocabulary or (prefix and any(v.startswith(word) for v in vocabulary)) for word, prefix in parts)


# What FTS5 splits on and PostgreSQL's parser might keep inside a word ("acme.com",
# "c++", "o'neil"), as a regular expression bracket (] first, - last).
SEPARATORS = "[]" + ".@/_:'’+#&,;()[|\"" + "-]"


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def pg_fold_sql(expr: str) -> str:
    """SQL folding ``expr`` on PostgreSQL the way :func:`fold` and FTS5 do.

    Lower-case; for text with a non-ASCII character (more bytes than characters)
    also NFKD and drop the combining marks, as :func:`fold` does; separators to
    spaces. Regular expressions, not translate(), which scans its whole table for
    every character (a 7× slower index rebuild, bench/RESULTS.md).
    """
    lowered = f"lower({expr})"
    accents = rf"regexp_replace(normalize({lowered}, NFKD), '[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]', '', 'g')"
    folded = f"CASE WHEN octet_length({expr}) = length({expr}) THEN {lowered} ELSE {accents} END"
    return f"regexp_replace({folded}, {sql_literal(SEPARATORS)}, ' ', 'g')"


FACET_KINDS = ("location", "industry", "company", "past_company", "school")


def facet_token(kind: str, value: str) -> str:
    """The index word standing for one facet value: "f" and 15 hex digits of
    md5("kind:value"), computed the same way in Python, SQLite and PostgreSQL."""
    if not value:
        return ""
    return "f" + hashlib.md5(f"{kind}:{value}".encode()).hexdigest()[:15]


# --- typo tolerance ---------------------------------------------------------------------

# pg_trgm's default similarity threshold: "Katarina" and "Katharina" share 7 of 12 trigrams (0.58).
SIMILARITY_THRESHOLD = 0.3


def trigrams(word: str) -> frozenset[str]:
    """A folded word's trigrams as PostgreSQL's pg_trgm counts them: the word padded
    with two spaces in front and one behind ("  k", " ka", "kat", …, "na ")."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    """pg_trgm's ``similarity()``: shared trigrams over all the trigrams of either word."""
    ta, tb = trigrams(a), trigrams(b)
    shared = len(ta & tb)
    return shared / (len(ta) + len(tb) - shared) if shared else 0.0


def display_words(text: str) -> dict[str, str]:
    """Each search word of ``text`` mapped to how the text writes it ("katharina" ->
    "Katharina", "angstrom" -> "Ångström"): what a "Did you mean" shows."""
    found: dict[str, str] = {}
    for match in _WORD.finditer(text or ""):
        written = match.group()
        folded = _WORD.findall(fold(written))
        if len(folded) == 1:
            found.setdefault(folded[0], written)
    return found


def respell(text: str, words: dict[int, str], *, limit: int = 12) -> str:
    """``text`` with its search words at these positions (as :func:`tokens` numbers
    them) replaced, in the case the member wrote them: ("katarina müller", {0:
    "Katharina"}) -> "katharina müller"; ("Katarina", …) -> "Katharina"."""

    def cased(written: str, new: str) -> str:
        if written.islower():
            return new.lower()
        if written.isupper() and len(written) > 1:
            return new.upper()
        return new[:1].upper() + new[1:]

    spans = []
    for match in _WORD.finditer(text):
        folded = _WORD.findall(fold(match.group()))
        spans += [(match.start(), match.end(), len(folded) == 1)] * len(folded)
    spans = spans[:limit]
    if len(spans) != len(tokens(text, limit=limit)) or not all(spans[i][2] for i in words if i < len(spans)):
        # A word that folds into several (rare ligatures): say the folded words.
        found = tokens(text, limit=limit)
        return " ".join(words.get(i, w) for i, w in enumerate(found))
    out, last = [], 0
    for i, new in sorted(words.items()):
        start, end, _ = spans[i]
        out += [text[last:start], cased(text[start:end], new)]
        last = end
    out.append(text[last:])
    return "".join(out)
