"""People search holds no rows of its own per member beyond the index entry and card,
which are derived from the profile; deleting the account removes them.

The contract: kith.portability.personal_data_registry.
"""

from __future__ import annotations

from typing import Any

from kith.members.models import User
from kith.search import actions

MODELS: list = []
SECTIONS: dict[str, str] = {}


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    return {}  # the index entry and card are the profile's words, exported with the profile


def erase(user: User) -> None:
    actions.remove_from_index(user.pk)
