"""What moderators see of reported content, and how it is removed, contributed by the apps that own it.

This app sits below the apps whose content gets reported (invitations, conversations, posts,
comments, groups), so it cannot read or change their tables. Each registers its kinds of content
in its AppConfig.ready()::

    content.register("network.invitation", kind="invitation", describe=describe_invitation,
                     remove=remove_invitation)

- ``describe(obj, report_ids) -> Shown``: what the queue item shows: a title, the text, and rows
  (a conversation's last 20 messages; ``report_ids`` are the reports on the item, so an app can
  show what it attached to them);
- ``remove(obj, by, member) -> str``: take the content down through the owning app's action and say what
  was removed ("the invitation's note", "3 messages"). Called inside the moderator's transaction.

Member-level sections (a member's recent invitations and answers, groups that rejected their
posts) are registered with :mod:`kith.moderation.history`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models

__all__ = ["Shown", "describe", "kind_for", "register", "remove"]


@dataclass(frozen=True)
class Shown:
    title: str
    text: str = ""
    rows: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    kind: str
    describe: Callable[[models.Model, list[int]], Shown]
    remove: Callable[[models.Model, object, object], str] | None


_registry: dict[str, _Entry] = {}


def register(label: str, *, kind: str, describe: Callable, remove: Callable | None = None) -> None:
    """``label`` is the model's "app_label.model_name" (lower case)."""
    _registry[label.lower()] = _Entry(kind=kind, describe=describe, remove=remove)


def _entry(obj: models.Model | None) -> _Entry | None:
    if obj is None:
        return None
    return _registry.get(obj._meta.label_lower)


def kind_for(obj: models.Model | None) -> str:
    entry = _entry(obj)
    return entry.kind if entry is not None else "member"


def describe(obj: models.Model | None, report_ids: list[int]) -> Shown | None:
    entry = _entry(obj)
    if entry is None:
        return None
    return entry.describe(obj, report_ids)


def can_remove(obj: models.Model | None) -> bool:
    entry = _entry(obj)
    return entry is not None and entry.remove is not None


def remove(obj: models.Model, by, member) -> str:
    entry = _entry(obj)
    if entry is None or entry.remove is None:
        raise LookupError(obj._meta.label_lower)
    return entry.remove(obj, by, member)
