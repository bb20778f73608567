"""Who may not sign in, asked of the apps above (moderation's suspensions) through a registry.

An app registers ``refusal(user) -> str | None`` in its AppConfig.ready(); the first message
given refuses the sign-in (the page shows it), ends an existing session (middleware) and makes
a personal access token answer 401.
"""

from __future__ import annotations

from collections.abc import Callable

from kith.members.models import User

__all__ = ["refusal", "register"]

_gates: list[Callable[[User], str | None]] = []


def register(gate: Callable[[User], str | None]) -> None:
    if gate not in _gates:
        _gates.append(gate)


def refusal(user: User) -> str | None:
    for gate in _gates:
        message = gate(user)
        if message:
            return message
    return None
