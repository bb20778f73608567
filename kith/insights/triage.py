"""The triage inbox: received invitations with their insights cards, sorted by
recommendation and filtered by chips."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kith.insights import scoring
from kith.insights.card import Insights, insights_for_invitations
from kith.members.models import User
from kith.network.models import Invitation

__all__ = ["FILTERS", "Chip", "Triage", "triage"]

# Filter chips on the received invitations: GET ?f=<key> (several combine with "and").
FILTERS: dict[str, str] = {
    "note": "Has a note",
    "market": "In my target market",
    "mutuals": "Has mutual connections",
    "new": "New account",
    "spam": "Looks like spam",
}


def _matches(insights: Insights, key: str) -> bool:
    if key == "note":
        return bool(insights.note.strip())
    if key == "market":
        return bool(insights.target_market_match)
    if key == "mutuals":
        return insights.mutual_count > 0
    if key == "new":
        return insights.is_new
    if key == "spam":
        return insights.recommendation == scoring.SPAM
    return True


@dataclass(frozen=True)
class Chip:
    key: str
    label: str
    active: bool
    count: int
    query: str  # the querystring that toggles this chip


@dataclass
class Triage:
    entries: list[Insights]
    total: int
    chips: list[Chip]
    active: list[str]

    @property
    def query(self) -> str:
        return _query(self.active)


def _query(keys: Iterable[str]) -> str:
    return "&".join(["box=received", *(f"f={k}" for k in keys)])


def triage(viewer: User, invitations: Iterable[Invitation], *, filters: Iterable[str] = ()) -> Triage:
    """Received invitations with their insights, sorted by recommendation (worth
    accepting, talk first, looks like spam) then newest first, and filtered by chips."""
    active = [k for k in FILTERS if k in set(filters)]
    invitations = list(invitations)
    by_id = insights_for_invitations(viewer, invitations)
    everything = [by_id[i.pk] for i in invitations if i.pk in by_id]
    everything.sort(key=lambda ins: (scoring.ORDER[ins.recommendation], -ins.invitation.created_at.timestamp(), -ins.invitation.pk))
    entries = [ins for ins in everything if all(_matches(ins, k) for k in active)]
    chips = [
        Chip(
            key=key,
            label=label,
            active=key in active,
            count=sum(1 for ins in everything if _matches(ins, key)),
            query=_query([k for k in active if k != key] if key in active else [*active, key]),
        )
        for key, label in FILTERS.items()
    ]
    return Triage(entries=entries, total=len(everything), chips=chips, active=active)
