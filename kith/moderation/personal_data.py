"""Moderation's share of a member's data export, and what deleting the account does to it.

The contract: kith.portability.personal_data_registry.

- Exported: the reports the member filed (theirs: about whom, why, their text, whether closed), the
  restrictions and warnings on their account with their reasons (as their standing page shows
  them) and their appeals. Reports *about* the member are not exported: they would reveal the
  reporters. Nor are the hold rules' fingerprints of their notes (``Outreach``), which the member
  never sees.
- Erased: the fingerprints are deleted and the appeals' text is cleared. Reports, the member's
  restrictions and queue items stay for the moderators, naming the erased account only by its
  tombstone ("A former member"); the audit log is append-only and keeps its entries.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kith.members.models import User
from kith.members.personal_data import people
from kith.moderation.models import (
    Appeal,
    AuditEntry,
    MemberWarning,
    Outreach,
    QueueItem,
    Report,
    Restriction,
)

MODELS = [Report, Restriction, MemberWarning, Appeal, Outreach]
KEPT = {
    QueueItem: "the moderators' queue: items about a member stay, about the erased account's tombstone",
    AuditEntry: "the append-only audit log of moderators' actions: a handle and a reason, never a reporter",
}
SECTIONS = {
    "reports_filed": "Reports you filed: about whom, the reason, your text, when, whether a moderator has closed it.",
    "restrictions": "Restrictions on your account: which, why, from and until when, and whether lifted.",
    "warnings": "Warnings moderators sent you, and when you acknowledged them.",
    "appeals": "Your appeals against moderators' actions.",
}


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    filed = list(Report.objects.filter(reporter=user).order_by("created_at", "pk"))
    names = people(user, [r.reported_id for r in filed])
    return {
        "reports_filed": [
            {"about": names[r.reported_id]["name"], "reason": r.reason, "text": r.text, "status": r.status,
             "created_at": r.created_at.isoformat(), "resolved_at": _when(r.resolved_at)}
            for r in filed
        ],
        "restrictions": [
            {"kind": r.kind, "reason": r.reason, "starts_at": _when(r.starts_at), "ends_at": _when(r.ends_at), "lifted_at": _when(r.lifted_at)}
            for r in Restriction.objects.filter(member=user).order_by("starts_at", "pk")
        ],
        "warnings": [
            {"message": w.message, "created_at": _when(w.created_at), "acknowledged_at": _when(w.acknowledged_at)}
            for w in MemberWarning.objects.filter(member=user).order_by("created_at", "pk")
        ],
        "appeals": [
            {"text": a.text, "created_at": _when(a.created_at)} for a in Appeal.objects.filter(member=user).order_by("created_at", "pk")
        ],
    }


@transaction.atomic
def erase(user: User) -> None:
    """The hold rules' fingerprints go; appeals keep their place in the queue without their words."""
    Outreach.objects.filter(member=user).delete()
    Appeal.objects.filter(member=user).update(text="(erased with the account)")
