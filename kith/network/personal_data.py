"""The member's network in their data export, and what deleting the account erases of it.

Connections, blocks and the event log are kith.members models that the network's actions
write, so they are listed here. The contract: kith.portability.personal_data_registry.
"""

from __future__ import annotations

from typing import Any

from kith.members.models import Block, Connection, ConnectionEvent, EmailVisibility, Profile, User
from kith.members.personal_data import people
from kith.network import actions
from kith.network.models import Follow, Invitation, SuggestionDismissal

MODELS = [Connection, Block, Follow, Invitation, SuggestionDismissal]
KEPT = {
    ConnectionEvent: "the graph's append-only event log (member ids and times only): every process replays it",
}
SECTIONS = {
    "connections": "Your connections: name, handle, since when; their email address where they let connections see it.",
    "invitations_sent": "Invitations you sent: to whom, your note, status, when sent and answered.",
    "invitations_received": "Invitations you received: from whom, their note, status, when sent and answered.",
    "following": "Members you follow.",
    "followers": "Members who follow you (as you may see them).",
    "blocked": "Members you blocked.",
    "dismissed_suggestions": "People You May Know suggestions you dismissed, and why.",
}


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> dict[str, list[dict[str, Any]]]:
    connections = list(Connection.objects.filter(member=user).order_by("created_at", "pk"))
    sent = list(Invitation.objects.filter(sender=user).order_by("created_at", "pk"))
    received = list(
        Invitation.objects.filter(recipient=user).exclude(status=Invitation.Status.HELD).order_by("created_at", "pk")
    )
    following = list(Follow.objects.filter(follower=user).order_by("created_at", "pk"))
    followers = list(Follow.objects.filter(followed=user).order_by("created_at", "pk"))
    blocked = list(Block.objects.filter(blocker=user).order_by("created_at", "pk"))
    dismissed = list(SuggestionDismissal.objects.filter(member=user).order_by("created_at", "pk"))
    ids = (
        [c.other_id for c in connections] + [i.recipient_id for i in sent] + [i.sender_id for i in received]
        + [f.followed_id for f in following] + [f.follower_id for f in followers] + [d.dismissed_id for d in dismissed]
    )
    names = people(user, ids)
    # A connection's address only where they let their connections see it (members' privacy setting).
    shared = dict(
        Profile.objects.filter(pk__in=[c.other_id for c in connections], email_visibility=EmailVisibility.CONNECTIONS,
                               user__is_active=True)
        .values_list("pk", "user__email")
    )
    blocked_names = dict(Profile.objects.filter(pk__in=[b.blocked_id for b in blocked]).values_list("pk", "name"))

    def invitation(i: Invitation, other_id: int) -> dict[str, Any]:
        # What the sender sees of a held or silently declined invitation is "pending": the
        # export says no more than the pages do.
        status = i.status
        if i.sender_id == user.pk and status in Invitation.SEEN_PENDING_BY_SENDER:
            status = Invitation.Status.PENDING if i.dismissed_by_sender_at is None else "dismissed"
        return {**names[other_id], "note": i.note, "status": status, "sent_at": _when(i.created_at),
                "answered_at": _when(i.answered_at) if status != Invitation.Status.PENDING else None}

    return {
        "connections": [
            {**names[c.other_id], "connected_at": _when(c.created_at), "email": shared.get(c.other_id, "")}
            for c in connections
        ],
        "invitations_sent": [invitation(i, i.recipient_id) for i in sent],
        "invitations_received": [invitation(i, i.sender_id) for i in received],
        "following": [{**names[f.followed_id], "since": _when(f.created_at)} for f in following],
        "followers": [{**names[f.follower_id], "since": _when(f.created_at)} for f in followers
                      if names[f.follower_id]["handle"] is not None],
        "blocked": [{"name": blocked_names.get(b.blocked_id, ""), "since": _when(b.created_at)} for b in blocked],
        "dismissed_suggestions": [
            {**names[d.dismissed_id], "reason": d.reason, "at": _when(d.created_at)} for d in dismissed
        ],
    }


def erase(user: User) -> None:
    actions.erase_member(user)

