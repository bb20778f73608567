"""How the home feed orders posts: recency, with a light boost for engagement and closeness.

A post's place in a feed is one integer, its *key*, in seconds on the epoch's scale:

    key = created_at + engagement_boost(reactions, comments) + closeness_boost(how the viewer gets it)

so a boost reads as "this post counts as if it were that much newer". Both boosts are
capped, so nothing is ever more than ``ENGAGEMENT_CAP + max(CLOSENESS)`` ahead of its time:
a week-old post can't outrank this morning's because it was popular.

- ``engagement_boost``: an hour for each doubling of ``reactions + 2 × comments``
  (a comment costs its writer more than a reaction), up to six hours. It is stored on the
  post as ``Post.rank`` (created_at + this boost), rewritten by the actions that change the
  counts, so the feed query reads it from an index.
- ``closeness_boost``: three hours for the viewer's own posts and their connections' (1st
  degree), one hour for posts in their groups, nothing for members they only follow, and
  twelve hours *behind* for the recent community posts a newcomer's feed is topped up with.
  It depends on the viewer, so the feed adds it per source (kith.posts.feed).

The key never depends on the time of the request, so a cursor (key, post id) pages the feed
without duplicates or gaps while nothing changes; a reaction that lifts a post above the
cursor while the member reads shows it on their next first page.

>>> engagement_boost(0, 0), engagement_boost(1, 0), engagement_boost(3, 0), engagement_boost(1000, 100)
(0, 3600, 7200, 21600)
"""

from __future__ import annotations

import math
from datetime import datetime

__all__ = ["CLOSENESS", "ENGAGEMENT_CAP", "closeness_boost", "engagement_boost", "rank_of", "rank_of_seconds"]

HOUR = 3600
ENGAGEMENT_CAP = 6 * HOUR
CLOSENESS = {
    "self": 3 * HOUR,
    "connection": 3 * HOUR,
    "group": 1 * HOUR,
    "following": 0,
    "community": -12 * HOUR,
}


def engagement_boost(reactions: int, comments: int) -> int:
    """Seconds of boost for a post's engagement: log2(1 + reactions + 2·comments) hours, capped."""
    weight = max(0, reactions) + 2 * max(0, comments)
    return min(ENGAGEMENT_CAP, int(math.log2(1 + weight) * HOUR))


def closeness_boost(source: str) -> int:
    return CLOSENESS[source]


def rank_of(created_at: datetime, *, reactions: int, comments: int) -> int:
    """``Post.rank``: the creation time in epoch seconds plus the engagement boost."""
    return rank_of_seconds(int(created_at.timestamp()), reactions=reactions, comments=comments)


def rank_of_seconds(created: int, *, reactions: int, comments: int) -> int:
    """``rank_of`` for a creation time already in epoch seconds (bulk loads)."""
    return created + engagement_boost(reactions, comments)
