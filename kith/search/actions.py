"""Writes to the people-search index.

Profiles are indexed from the members tables, never from what a caller passes
in, so an index entry is always what the database says. ``members.actions``
sends ``members.signals.profile_changed`` after every profile write, and this app answers
it with :func:`index_profile_with_write`, in the same transaction; bulk loads
(imports, the demo) call :func:`rebuild_index` once at the end.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from kith.members.models import Position, Profile, User, Visibility
from kith.search.backends import backend
from kith.search.models import SearchCompany
from kith.search.text import fold

log = logging.getLogger(__name__)

__all__ = ["index_profile", "index_profile_with_write", "remove_from_index", "rebuild_index", "RebuildResult"]


def _company_rows(pairs) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in pairs:
        name = " ".join((name or "").split())[:120]
        key = fold(name)[:120]
        if key and key not in found:
            found[key] = name
    return found


def _remember_companies(names: dict[str, str]) -> None:
    if names:
        SearchCompany.objects.bulk_create(
            [SearchCompany(key=key, name=name) for key, name in names.items()], ignore_conflicts=True, batch_size=5000
        )


@transaction.atomic
def index_profile(profile_id: int) -> None:
    """(Re)index one member from the database; removes it when the profile is gone.

    Idempotent; cheap (a handful of indexed queries). New words join the vocabulary
    behind "Did you mean …?" (``SearchTerm``). Company names of profiles
    that are not connections-only feed the typeahead. An erased account (the tombstone
    of a deleted one) has no entry.
    """
    row = Profile.objects.filter(pk=profile_id).values_list("visibility", "user__erased_at").first()
    if row is None or row[1] is not None:
        backend().remove([profile_id])
        if row is not None:
            backend().index_terms([profile_id])  # "former member": the vocabulary holds every profile's words
        return
    visibility = row[0]
    backend().index([profile_id])
    backend().index_terms([profile_id])
    if visibility != Visibility.CONNECTIONS:
        _remember_companies(_company_rows(Position.objects.filter(profile_id=profile_id).values_list("company", flat=True)))


def index_profile_with_write(profile_id: int) -> None:
    """Index the member inside the transaction that changed the profile.

    The card and the profile commit together or not at all: a process killed between a
    commit and an after-commit hook (``kill -9``, an OOM kill) can never leave a card that
    disagrees with its profile. The indexing runs in a savepoint, so a failure to index is
    logged and never undoes the profile write; ``kith doctor`` then reports the stale card
    and ``kith searchindex`` rebuilds it.
    """
    try:
        with transaction.atomic():
            index_profile(profile_id)
    except DatabaseError:
        log.exception("search: could not index profile %s; the profile write stands", profile_id)


def erased_ids() -> set[int]:
    """Erased accounts: their tombstone profiles are never indexed."""
    return set(User.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))


@transaction.atomic
def remove_from_index(profile_id: int) -> None:
    backend().remove([profile_id])


@dataclass
class RebuildResult:
    documents: int
    companies: int
    seconds: float
    terms: int = 0


def rebuild_index(*, progress: Callable[[str], None] | None = None) -> RebuildResult:
    """Rebuild the whole index from the members tables in bulk (set-based SQL).

    One transaction: searches keep answering from the old index until it commits;
    then, outside a caller's transaction, the backend tidies up (PostgreSQL:
    VACUUM ANALYZE). About three minutes for a million profiles (bench/RESULTS.md).
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    with transaction.atomic():
        say("Indexing profiles…")
        documents = backend().rebuild()
        erased = sorted(erased_ids())
        if erased:
            backend().remove(erased)
            documents -= len(erased)
        say(f"Indexed {documents} profiles; collecting company names…")
        SearchCompany.objects.all().delete()
        position, profile = Position._meta.db_table, Profile._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT x.company FROM {position} x JOIN {profile} p ON p.user_id = x.profile_id "
                "WHERE p.visibility <> %s",
                [Visibility.CONNECTIONS.value],
            )
            names: dict[str, str] = {}
            while rows := cursor.fetchmany(50_000):
                for key, name in _company_rows(r[0] for r in rows).items():
                    names.setdefault(key, name)
        _remember_companies(names)
        say(f"Collected {len(names)} company names; collecting the words for suggestions…")
        terms = backend().rebuild_terms()
    if not connection.in_atomic_block:
        backend().tidy()
    return RebuildResult(documents=documents, companies=len(names), seconds=time.perf_counter() - started, terms=terms)
