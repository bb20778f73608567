"""Turning text into search tokens, the same way on both backends.

FTS5's ``unicode61 remove_diacritics 2`` tokenizer folds case and accents and
splits on anything that is not a letter or a digit. PostgreSQL gets the same
words by folding in SQL (``translate(lower(x), …)`` with the table below) before
the 'simple' configuration parses them. The 'simple' configuration (no stemming)
is deliberate: names, companies and skills are proper nouns, and "engineer"
versus "engineering" behave the same on both backends.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

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


def _translate_table() -> tuple[str, str]:
    """Characters PostgreSQL's translate() maps: accented Latin letters to their
    base letter, separators FTS5 splits on to spaces."""
    source, target = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha() and base != char:
            source.append(char)
            target.append(base)
    for char in ".@/_:'’-+#&,;()[]|\"":
        source.append(char)
        target.append(" ")
    return "".join(source), "".join(target)


TRANSLATE_FROM, TRANSLATE_TO = _translate_table()


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def pg_fold_sql(expr: str) -> str:
    """SQL folding ``expr`` on PostgreSQL the way :func:`fold` and FTS5 do."""
    return f"translate(lower({expr}), {sql_literal(TRANSLATE_FROM)}, {sql_literal(TRANSLATE_TO)})"


FACET_KINDS = ("location", "industry", "company", "past_company", "school")


def facet_token(kind: str, value: str) -> str:
    """The index word standing for one facet value: "f" and 15 hex digits of
    md5("kind:value"), computed the same way in Python, SQLite and PostgreSQL."""
    if not value:
        return ""
    return "f" + hashlib.md5(f"{kind}:{value}".encode()).hexdigest()[:15]
