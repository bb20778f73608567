"""What moderators see about a reported member, contributed by the apps that know it.

This app sits below the apps whose content gets reported, so it cannot read their
tables. Each registers a section in its AppConfig.ready():

    history.register("Recent invitations, and how they were answered", recent_invitations)

where ``recent_invitations(member) -> list[dict]`` returns rows of plain values
(column name -> value) for a table; the admin and, later, the moderation console
render them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kith.members.models import User

__all__ = ["Section", "register", "sections_for"]


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[dict]


_providers: dict[str, Callable[[User], list[dict]]] = {}


def register(title: str, provider: Callable[[User], list[dict]]) -> None:
    _providers[title] = provider


def sections_for(member: User) -> list[Section]:
    return [Section(title, provider(member)) for title, provider in _providers.items()]
