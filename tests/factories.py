"""Named members for tests: ada, grace, linus… built through the real actions."""

from __future__ import annotations

import itertools

from kith.members import actions
from kith.members.models import Connection, ConnectionEvent, User

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def make_member(name: str | None = None, *, email: str | None = None, password: str = PASSWORD, verified: bool = True, **profile) -> User:
    n = next(_counter)
    name = name or f"Member {n}"
    first = name.split()[0].lower()
    return actions.create_member(
        email=email or f"{first}{n}@example.com", name=name, password=password, verified=verified, **profile
    )


def connect(a: User, b: User) -> None:
    """Connect two members directly in the database (for setting the scene, not for testing connecting)."""
    Connection.objects.bulk_create([Connection(member=a, other=b), Connection(member=b, other=a)])
    ConnectionEvent.objects.create(member_a=a, member_b=b, kind=ConnectionEvent.Kind.ADDED)
