"""Request insights store nothing per member: they are computed from the profile, the
graph and the network on each request. Nothing to export, nothing to erase.

The contract: kith.portability.personal_data_registry.
"""

from __future__ import annotations

from typing import Any

from kith.members.models import User

MODELS: list = []
SECTIONS: dict[str, str] = {}


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    return {}


def erase(user: User) -> None:
    return None
