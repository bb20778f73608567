"""Shared contexts: things two members are both part of (a group), as a relation between them.

The apps that own such things sit above the ones that show relations (insights, network
suggestions, messaging, search), so those can't import them. The owner registers a provider
here in its AppConfig.ready()::

    from kith.members import contexts
    contexts.register("group", GroupContexts())

and the readers ask ``shared`` ("Both in Steam Engines" on the insights card and on "How
you're connected"), ``members_sharing`` (People You May Know candidates) and
``may_message`` (members of a shared group may send each other a message request).

A provider names only contexts both members are in, so nothing the viewer could not see is
told; blocks and profile visibility stay the caller's, as everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Context", "Provider", "may_message", "members_sharing", "register", "shared"]


@dataclass(frozen=True)
class Context:
    kind: str  # the provider's key: "group"
    label: str  # "Steam Engines"
    url: str  # "/groups/steam-engines/"

    @property
    def reason(self) -> str:
        return f"Both in {self.label}"


class Provider(Protocol):
    def shared(self, viewer_id: int, member_ids: Sequence[int]) -> dict[int, list[Context]]:
        """For each of ``member_ids`` that shares something with the viewer, what they share."""

    def members_sharing(self, viewer_id: int, *, limit: int) -> list[int]:
        """Up to ``limit`` members sharing something with the viewer, the closest contexts first."""

    def allows_messages(self) -> bool:
        """Whether sharing one of these lets members send each other a message request."""


_providers: dict[str, Provider] = {}


def register(kind: str, provider: Provider) -> Provider:
    """Declare the provider for ``kind`` (a second registration replaces the first)."""
    _providers[kind] = provider
    return provider


def shared(viewer_id: int, member_ids: Iterable[int]) -> dict[int, list[Context]]:
    """Every provider's shared contexts between the viewer and each member (members with none
    are left out)."""
    ids = [int(i) for i in member_ids if int(i) != viewer_id]
    out: dict[int, list[Context]] = defaultdict(list)
    if not ids:
        return {}
    for provider in _providers.values():
        for member_id, found in provider.shared(viewer_id, ids).items():
            out[member_id].extend(found)
    return dict(out)


def members_sharing(viewer_id: int, *, limit: int = 200) -> list[int]:
    found: dict[int, None] = {}
    for provider in _providers.values():
        for member_id in provider.members_sharing(viewer_id, limit=limit):
            if member_id != viewer_id:
                found[member_id] = None
    return list(found)[:limit]


def may_message(viewer_id: int, member_ids: Iterable[int]) -> set[int]:
    """The members among ``member_ids`` the viewer shares a context with that allows a message request."""
    ids = [int(i) for i in member_ids if int(i) != viewer_id]
    out: set[int] = set()
    for provider in _providers.values():
        if ids and provider.allows_messages():
            out |= set(provider.shared(viewer_id, ids))
    return out
