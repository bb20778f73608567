"""`kith doctor` checks for people search: the index and cards match the profiles (see kith.core.doctor).

The expected document of a member is whatever indexing them now writes: each batch of
members is re-indexed inside a transaction that is rolled back, and what the index held
before is compared with what it would hold. So the check can never disagree with the
indexer, whatever the indexer's format becomes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db import connection, transaction

from kith.core.doctor import check
from kith.members.models import Profile
from kith.search.actions import erased_ids
from kith.search.backends import backend
from kith.search.models import SearchCard, SearchTerm

BATCH = 500
REMEDY = "run `kith searchindex --rebuild`"


def _tables() -> dict[str, str]:
    """Each table of the index (what it is called in a sentence -> 'table.id column'), by vendor."""
    tables = {
        "sqlite": {"text index": "search_fts.rowid", "names index": "search_names.rowid"},
        "postgresql": {"text index": "search_document.profile_id"},
    }[connection.vendor]
    return {**tables, "search card": f"{SearchCard._meta.db_table}.profile_id"}


def _rows(table: str, ids: Sequence[int]) -> dict[int, tuple]:
    name, column = table.split(".")
    fragment, params = backend().ids_sql(column, ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}, * FROM {name} WHERE {fragment}", params)
        return {int(row[0]): tuple(row[1:]) for row in cursor.fetchall()}


def _ids(table: str) -> set[int]:
    name, column = table.split(".")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {name}")
        return {int(pk) for (pk,) in cursor.fetchall()}


def _snapshot(ids: Sequence[int]) -> dict[str, dict[int, tuple]]:
    return {what: _rows(table, ids) for what, table in _tables().items()}


@check("search.index", "Every profile's search documents and card are what indexing it now would write")
def index_matches_profiles() -> Iterator[str]:
    handles = dict(Profile.objects.values_list("pk", "handle"))
    erased = erased_ids()
    ids = sorted(set(handles) - erased)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        held = _snapshot(batch)
        with transaction.atomic():
            backend().index(batch)
            fresh = _snapshot(batch)
            transaction.set_rollback(True)
        for what, rows in fresh.items():
            for pk in batch:
                if pk not in held[what]:
                    yield f"member {pk} (@{handles[pk]}) has no {what}: {REMEDY}"
                elif held[what][pk] != rows.get(pk):
                    yield f"member {pk} (@{handles[pk]}): the {what} is out of date with the profile: {REMEDY}"
    for what, table in _tables().items():
        held_ids = _ids(table)
        for pk in sorted(held_ids - set(handles)):
            yield f"the {what} holds member {pk}, who has no profile: {REMEDY}"
        for pk in sorted(held_ids & erased):
            yield f"the {what} holds member {pk}, whose account was erased: {REMEDY}"


SHOWN = 20  # missing words listed one by one; the rest are counted


@check("search.vocabulary", "Every word of the profiles is in the vocabulary behind 'Did you mean …?', with its trigrams")
def vocabulary_has_every_word() -> Iterator[str]:
    b = backend()
    words = b._collect_terms(None)
    known = set(SearchTerm.objects.values_list("term", flat=True))
    missing = sorted(set(words) - known)
    for term in missing[:SHOWN]:
        yield f"the word {words[term]!r} is not in the suggestions vocabulary: {REMEDY}"
    if len(missing) > SHOWN:
        yield f"… and {len(missing) - SHOWN} more words: {REMEDY}"
    unindexed = b.terms_without_trigrams()
    if unindexed:
        words_lack = "word of the vocabulary lacks" if unindexed == 1 else "words of the vocabulary lack"
        yield f"{unindexed} {words_lack} trigrams, so no suggestion can find them: {REMEDY}"
