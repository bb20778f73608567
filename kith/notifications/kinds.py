"""The kinds of notification, registered by the apps that send them.

This app sits below the ones that notify (network, messaging, posts, groups…), so it
does not know their kinds: each registers its own in its AppConfig.ready() and ships
the templates that render them, named by the kind:

- ``notifications/kinds/<kind>.html``: the line in the notifications list
  (context: ``n``, the notification; ``n.target`` is the object it is about);
- ``notifications/kinds/<kind>.txt``: the same line as plain text, for the API;
- ``notifications/email/<kind>.txt`` and ``notifications/email/<kind>_subject.txt``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kith.notifications.models import Notification

__all__ = ["Kind", "register", "get", "registered"]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # for the email preferences: "Someone invites me to connect"
    url: Callable[[Notification], str]  # where the notification leads (a site path)
    email: bool = True  # whether this kind is emailed by default
    # The member is told about their own doing (their data export is ready): actor is the recipient.
    own: bool = False


_kinds: dict[str, Kind] = {}


def register(
    key: str, *, label: str, url: Callable[[Notification], str], email: bool = True, own: bool = False
) -> Kind:
    """Declare a kind (idempotent: a second registration with the same key replaces the first).

    ``own``: a notice about something the member asked for (an export ready), sent with the
    member as its actor; other kinds are never sent to the member who caused them."""
    kind = Kind(key=key, label=label, url=url, email=email, own=own)
    _kinds[key] = kind
    return kind


def get(key: str) -> Kind | None:
    return _kinds.get(key)


def registered() -> list[Kind]:
    """Every kind, in registration order."""
    return list(_kinds.values())
