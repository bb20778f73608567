"""The search box's typeahead: names and companies as the viewer types."""

from __future__ import annotations

from dataclasses import dataclass

from kith.graph import adapter
from kith.members.models import Profile, Visibility
from kith.members.selectors import Viewer, blocked_ids
from kith.search.backends import TextQuery, backend
from kith.search.cards import member_rows, read_cards, signed_in_member
from kith.search.models import SearchCompany
from kith.search.query import MAX_QUERY_CHARS
from kith.search.text import fold, tokens

__all__ = ["TypeaheadItem", "typeahead"]


@dataclass
class TypeaheadItem:
    kind: str  # "person" or "company"
    label: str
    detail: str
    profile: Profile | None = None
    degree: int = 0


TYPEAHEAD_PEOPLE = 6
TYPEAHEAD_COMPANIES = 4
TYPEAHEAD_CANDIDATES = 200


def typeahead(viewer: Viewer, prefix: str) -> list[TypeaheadItem]:
    """Names and companies starting with ``prefix`` (2 characters or more).

    People: a prefix match on names, nearest and most complete first, with the
    same visibility as search. Companies: folded-prefix matches from
    :class:`~kith.search.models.SearchCompany`.
    """
    prefix = " ".join((prefix or "").split())[:MAX_QUERY_CHARS]
    words = TextQuery(tuple(tokens(prefix)))
    if len(prefix) < 2 or not words:
        return []
    member = signed_in_member(viewer)
    viewer_id = member.pk if member else None
    found = backend().match(words, scope="name", limit=TYPEAHEAD_CANDIDATES, scan=TYPEAHEAD_CANDIDATES)
    scores = dict(found)
    blocked = blocked_ids(member)
    rows = [r for r in member_rows(read_cards(list(scores))) if r[0] not in blocked]
    if member is None:
        rows = [r for r in rows if r[2] == Visibility.PUBLIC]
    ids = [r[0] for r in rows]
    degrees = adapter.degrees_of(viewer_id, ids) if member else dict.fromkeys(ids, 0)
    wanted = fold(prefix)

    def rank(row) -> tuple:
        name = fold(row[1])
        return (
            not name.startswith(wanted),
            {1: 0, 2: 1, 3: 2}.get(degrees.get(row[0], 0), 3),
            -(row[3] or 0),
            row[1],
        )

    rows.sort(key=rank)
    top = rows[:TYPEAHEAD_PEOPLE]
    profiles = Profile.objects.in_bulk([r[0] for r in top])
    people = [
        TypeaheadItem("person", profiles[r[0]].name, profiles[r[0]].headline, profiles[r[0]], degrees.get(r[0], 0))
        for r in top
        if r[0] in profiles
    ]
    key = fold(prefix)
    companies = [
        TypeaheadItem("company", name, "Company")
        for name in SearchCompany.objects.filter(key__gte=key, key__lt=key + "\uffff")
        .order_by("key")
        .values_list("name", flat=True)[:TYPEAHEAD_COMPANIES]
    ]
    return people + companies
