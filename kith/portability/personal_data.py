"""Portability's own rows in the member's data export, and what deleting the account erases.

The contract (and its discovery across the apps): kith.portability.personal_data_registry.
"""

from __future__ import annotations

from typing import Any

from kith.members.models import User
from kith.portability import actions
from kith.portability.models import AccountDeletion, Contact, DataExport, LinkedInImport

MODELS = [LinkedInImport, Contact, DataExport, AccountDeletion]
SECTIONS = {
    "linkedin_imports": "LinkedIn exports you uploaded: when, whether applied, what applying changed.",
    "contacts": "Your contacts from LinkedIn (only you see them): name, company, position, email, whether they are a member here.",
    "data_exports": "Data exports you asked for: when, status, until when downloadable.",
    "account_deletions": "Requests to delete your account: when, until when you could cancel, whether cancelled.",
}


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "linkedin_imports": [
            {"uploaded_at": _when(i.created_at), "status": i.status, "applied_at": _when(i.applied_at),
             "choices": i.choices, "result": i.result.get("changes", {})}
            for i in LinkedInImport.objects.filter(member=user).order_by("created_at", "pk")
        ],
        "contacts": [
            {"first_name": c.first_name, "last_name": c.last_name, "email": c.email, "url": c.url, "company": c.company,
             "position": c.position, "connected_on": _when(c.connected_on), "source": c.source,
             "invited_at": _when(c.invited_at), "message": c.message, "is_member": c.is_matched}
            for c in Contact.objects.filter(owner=user).order_by("last_name", "first_name", "pk")
        ],
        "data_exports": [
            {"requested_at": _when(e.created_at), "status": e.status, "ready_at": _when(e.ready_at),
             "expires_at": _when(e.expires_at)}
            for e in DataExport.objects.filter(member=user).order_by("created_at", "pk")
        ],
        "account_deletions": [
            {"requested_at": _when(d.requested_at), "status": d.status, "erase_after": _when(d.erase_after),
             "cancelled_at": _when(d.cancelled_at)}
            for d in AccountDeletion.objects.filter(member=user).order_by("requested_at", "pk")
        ],
    }


def erase(user: User) -> None:
    actions.erase_portability_data(user)
