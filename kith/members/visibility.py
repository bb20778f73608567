"""The one visibility policy: what a viewer may see of a member.

Every page, API schema, search card, insights card, suggestion and export asks this
module; none restates a rule. It is pure: callers bring the facts (who is looking,
whether the two are connected, whether either blocked the other) from wherever they
have them cheaply — ``kith.members.selectors`` from the database for one profile, search
and insights for a page of candidates at once — and get the same answer.

Levels:

- ``FULL``: everything the profile shows. The member themself, their connections,
  and — unless the profile is for connections only — every other member (and, for a
  public profile, anonymous visitors).
- ``LIMITED``: a connections-only profile seen by another member. Enough to decide
  whether to connect and no more: name, handle, headline, photo. Not where they are,
  their industry, work history, schools, skills, "open to", or how complete the
  profile is — nor anything derived from those (a "worked at the same company"
  reason, a target-market match, a "profile 55% complete" trust line).
- ``HIDDEN``: nothing, and indistinguishable from "no such member": blocked either way,
  a deactivated account, or a non-public profile seen by an anonymous visitor.

"Open to" signals have their own audiences on top (``open_to_visible``): a job search
for "recruiters only" is shown to members the community's operator has verified as
hiring; one hidden from the member's current company is never shown to a colleague.

>>> level = profile_level(Relation(viewer_id=1, member_id=2, connected=False), visibility="connections")
>>> level is Level.LIMITED, shows(level, "headline"), shows(level, "city")
(True, True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Level",
    "Relation",
    "FIELDS",
    "profile_level",
    "shows",
    "open_to_visible",
    "connection_list_open",
    "connection_shown",
    "mutuals_shown",
]


class Level(StrEnum):
    FULL = "full"
    LIMITED = "limited"
    HIDDEN = "hidden"


# What each level shows. A field not named here is never shown to anyone but the member.
LIMITED_FIELDS = frozenset({"handle", "name", "headline", "photo"})
FULL_FIELDS = LIMITED_FIELDS | frozenset(
    {
        "about",
        "city",
        "region",
        "country",
        "location",
        "industry",
        "completeness",
        "positions",
        "education",
        "skills",
        "open_to",
        "created_at",
        "updated_at",
        "hiring_verified",
        "target_market",  # what a member may be matched on, not their own market settings
    }
)
FIELDS: dict[Level, frozenset[str]] = {Level.FULL: FULL_FIELDS, Level.LIMITED: LIMITED_FIELDS, Level.HIDDEN: frozenset()}

# Profile.visibility values (kith.members.models.Visibility), spelled here so the policy
# stays a pure function of plain values.
PUBLIC = "public"
CONNECTIONS = "connections"


@dataclass(frozen=True)
class Relation:
    """The facts between a viewer and a member that the policy needs.

    ``viewer_id`` None is an anonymous visitor. ``blocked`` is either way.
    """

    viewer_id: int | None
    member_id: int
    connected: bool = False
    blocked: bool = False
    active: bool = True  # the member's account

    @property
    def is_self(self) -> bool:
        return self.viewer_id is not None and self.viewer_id == self.member_id

    @classmethod
    def signed_in(cls, *, is_self: bool = False, connected: bool = False) -> Relation:
        """A signed-in viewer who has not blocked the member nor been blocked (the ids only
        say whether it is the member themself)."""
        return cls(viewer_id=0, member_id=0 if is_self else 1, connected=connected)


def profile_level(relation: Relation, *, visibility: str) -> Level:
    """How much of a member's profile the viewer may see (see the module docstring)."""
    if not relation.active:
        return Level.HIDDEN
    if relation.is_self:
        return Level.FULL
    if relation.viewer_id is None:
        return Level.FULL if visibility == PUBLIC else Level.HIDDEN
    if relation.blocked:
        return Level.HIDDEN
    if visibility == CONNECTIONS and not relation.connected:
        return Level.LIMITED
    return Level.FULL


def shows(level: Level, field: str) -> bool:
    """Whether a profile seen at ``level`` shows ``field`` (or anything derived from it)."""
    return field in FIELDS[level]


JOB = "job"
RECRUITERS = "recruiters"


def open_to_visible(
    *,
    kind: str,
    audience: str,
    hide_from_current_company: bool,
    level: Level,
    is_self: bool = False,
    anonymous: bool = False,
    viewer_verified_hiring: bool = False,
    shares_current_company: bool = False,
) -> bool:
    """Whether one "open to" signal is shown to the viewer.

    Only at FULL level; the member sees all of their own. A job search is never shown
    to anonymous visitors; "recruiters only" means members verified as hiring by the
    community's operator (setting oneself "open to hiring" is not enough); a search
    hidden from the current company is not shown to anyone who shares a current
    company with the member.
    """
    if is_self:
        return True
    if level is not Level.FULL:
        return False
    if kind != JOB:
        return True
    if anonymous:
        return False
    if audience == RECRUITERS and not viewer_verified_hiring:
        return False
    return not (hide_from_current_company and shares_current_company)


# Profile.connections_visibility values (kith.members.models.ConnectionsVisibility).
LIST_CONNECTIONS = "connections"


def connection_list_open(relation: Relation, *, connections_visibility: str) -> bool:
    """Whether the viewer may see the member's list of connections: the member themself,
    or a connection of theirs when the list is for "my connections" (never across a block,
    never a deactivated account's)."""
    if not relation.active or relation.blocked:
        return False
    if relation.is_self:
        return True
    return relation.connected and connections_visibility == LIST_CONNECTIONS


def connection_shown(*, viewer_id: int, a_id: int, b_id: int, a_list_open: bool, b_list_open: bool) -> bool:
    """Whether the viewer may learn that ``a`` and ``b`` are connected: one of them is the
    viewer, or either one's connection list is open to the viewer (``connection_list_open``).

    Every place that would reveal a connection the viewer is not part of asks this: an
    introducer offered for a target, the second hop of a chain, a mutual connection named
    or counted on a profile, a search card, an insights card or a suggestion
    (``mutuals_shown``).

    >>> connection_shown(viewer_id=1, a_id=2, b_id=3, a_list_open=False, b_list_open=False)
    False
    >>> connection_shown(viewer_id=1, a_id=2, b_id=3, a_list_open=True, b_list_open=False)
    True
    """
    return viewer_id in (a_id, b_id) or a_list_open or b_list_open


def mutuals_shown(*, viewer_id: int, member_id: int, mutual_ids, open_lists) -> list[int]:
    """The viewer's connections in ``mutual_ids`` who may be named (or counted) as mutual
    connections with ``member_id``: each one's connection with the member is
    ``connection_shown`` to the viewer. ``open_lists``: the members whose connection list is
    open to the viewer (``connection_list_open``). A mutual who hides their list is shown
    only where the member's own list is open to the viewer (the member is their connection
    and lists connections).

    >>> mutuals_shown(viewer_id=1, member_id=9, mutual_ids=[2, 3], open_lists={2})
    [2]
    >>> mutuals_shown(viewer_id=1, member_id=9, mutual_ids=[2, 3], open_lists={2, 9})
    [2, 3]
    """
    return [
        m
        for m in mutual_ids
        if connection_shown(viewer_id=viewer_id, a_id=m, b_id=member_id, a_list_open=m in open_lists, b_list_open=member_id in open_lists)
    ]
