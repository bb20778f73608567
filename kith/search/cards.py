"""Search cards: one row per member with what ranking, visibility and facets need
(:class:`kith.search.models.SearchCard`), read in one query for a page of candidates."""

from __future__ import annotations

import json

from django.db import connection

from kith.members.models import User
from kith.members.selectors import Viewer
from kith.search.backends import backend
from kith.search.models import SearchCard

__all__ = ["CARD_CURRENT", "CARD_OPEN_TO", "CARD_PAST", "CARD_SCHOOLS", "member_rows", "position_line", "read_cards", "signed_in_member"]

# Where a card (kith.search.models.SearchCard, after the 8 row fields) keeps its lists.
CARD_CURRENT, CARD_PAST, CARD_SCHOOLS, CARD_OPEN_TO = 8, 9, 10, 11


def signed_in_member(viewer: Viewer) -> User | None:
    return viewer if viewer is not None and viewer.is_authenticated else None


def position_line(current: list) -> str:
    """The first current position as "Title at Company" (or whichever of them is set)."""
    for company, title in current:
        if company or title:
            return f"{title} at {company}" if company and title else title or company
    return ""


def read_cards(ids: list[int]) -> dict[int, list]:
    """The search cards (:class:`~kith.search.models.SearchCard`) of the active
    members among ``ids``: one primary-key read each, and a probe into the small
    index of deactivated accounts (read live, never from the card)."""
    if not ids:
        return {}
    b = backend()
    with connection.cursor() as cursor:
        fragment, params = b.ids_sql("profile_id", ids)
        cursor.execute(f"SELECT profile_id, data FROM {SearchCard._meta.db_table} WHERE {fragment}", params)
        rows = cursor.fetchall()
    inactive = b.inactive_among([pid for pid, _ in rows])
    rows = [(pid, data) for pid, data in rows if pid not in inactive]
    # One decode for all of them: the decoder's per-call overhead is most of a small card's.
    return dict(zip((int(pid) for pid, _ in rows), json.loads("[" + ",".join(data for _, data in rows) + "]"), strict=True))


def member_rows(cards: dict[int, list]) -> list[tuple]:
    """(id, name, visibility, completeness, city, region, country, industry, headline) from cards."""
    return [(pid, *card[:8]) for pid, card in cards.items()]
