"""The member's notifications in their data export, and what deleting the account erases.

The contract: kith.portability.personal_data_registry.
"""

from __future__ import annotations

from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string

from kith.members.models import User
from kith.notifications import actions
from kith.notifications.models import Notification, NotificationPreference
from kith.notifications.selectors import email_preferences, notifications_for

MODELS = [Notification, NotificationPreference]
SECTIONS = {
    "notifications": "Your notifications: what happened, when, whether you have read it.",
    "email_preferences": "Which kinds of notification you get by email.",
}


def _text(notification: Notification) -> str:
    try:
        return " ".join(render_to_string(f"notifications/kinds/{notification.kind}.txt", {"n": notification}).split())
    except TemplateDoesNotExist:
        return ""


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "notifications": [
            {"kind": n.kind, "text": _text(n), "created_at": n.created_at.isoformat(),
             "read_at": n.read_at.isoformat() if n.read_at else None}
            for n in notifications_for(user)
        ],
        "email_preferences": [{"kind": p["kind"], "label": p["label"], "email": p["email"]} for p in email_preferences(user)],
    }


def erase(user: User) -> None:
    actions.erase_member(user)
