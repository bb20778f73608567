"""What the navigation shows on every page, read in one round trip to the database.

Four apps put a number or a mark in the navigation: unread messages, unread notifications,
invitations waiting, a moderator's warning or the moderation link. Read one by one that was
seven queries on every page (a count each, plus the two permission reads behind ``has_perm``);
here each app registers a queryset, in its AppConfig.ready()::

    from kith.core import navigation
    navigation.count("unread_messages", selectors.unread_conversations)
    navigation.count("is_moderator", selectors.moderator_grants, show=lambda member, n: n > 0)

and the ``navigation`` context processor (kith.core.context_processors) counts them all in one
SELECT of scalar subqueries, handing each app's ``show`` its count for the template's value
(the count itself by default).
The querysets are the apps' own selectors, so what a badge counts is what the page behind it
lists: blocks and visibility stay theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from kith.core.sql import count_all

__all__ = ["count", "values_for"]


@dataclass(frozen=True)
class _Count:
    name: str
    queryset: Callable[[Any], QuerySet]
    show: Callable[[Any, int], Any] | None


_counts: dict[str, _Count] = {}


def count(name: str, queryset: Callable[[Any], QuerySet], *, show: Callable[[Any, int], Any] | None = None) -> None:
    """Put ``name`` in every signed-in page's context: ``show(member, n)``, or ``n``, where ``n`` is
    how many rows ``queryset(member)`` holds. A second registration of a name replaces the first."""
    _counts[name] = _Count(name, queryset, show)


def values_for(member) -> dict[str, Any]:
    """Every registered name's value for the member (a signed-in user)."""
    registered = list(_counts.values())
    counted = count_all({c.name: c.queryset(member) for c in registered})
    return {c.name: c.show(member, counted[c.name]) if c.show else counted[c.name] for c in registered}
