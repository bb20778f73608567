"""Reports in the member's data export, and what deleting the account does to them.

The contract: kith.portability.personal_data_registry. Reports outlive the account: the
reports a member filed, and those about them, stay for the moderators, naming the erased
account only by its tombstone ("A former member").
"""

from __future__ import annotations

from typing import Any

from kith.members.models import User
from kith.members.personal_data import people
from kith.moderation.models import Report

MODELS = [Report]
SECTIONS = {
    "reports_filed": "Reports you filed: about whom, the reason, your text, when, whether a moderator has closed it.",
}


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    filed = list(Report.objects.filter(reporter=user).order_by("created_at", "pk"))
    names = people(user, [r.reported_id for r in filed])
    return {
        "reports_filed": [
            {"about": names[r.reported_id]["name"], "reason": r.reason, "text": r.text, "status": r.status,
             "created_at": r.created_at.isoformat(), "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None}
            for r in filed
        ],
    }


def erase(user: User) -> None:
    """Nothing: reports are kept, the member in them anonymised by the account's erasure."""
