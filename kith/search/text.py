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
