"""Writes the triage inbox makes, each through the owning app's actions.

Nothing here changes state by itself: a bulk answer is the network action once per
invitation (each in its own transaction, so one refusal does not undo the others),
and a reply before accepting is messaging's ``start_conversation``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kith.core.errors import KithError
from kith.members.models import User
from kith.messaging.actions import start_conversation
from kith.messaging.models import Conversation
from kith.network import actions as network
from kith.network.models import Invitation
from kith.network.selectors import invitation_for_recipient

__all__ = ["BULK_ANSWERS", "BulkResult", "answer_invitations", "reply_to_invitation"]

BULK_ANSWERS = {
    "accept": network.accept_invitation,
    "ignore": network.ignore_invitation,
    "report": network.report_invitation,
}


@dataclass(frozen=True)
class BulkResult:
    invitation_id: int
    name: str
    ok: bool
    error: str = ""


def answer_invitations(member: User, *, ids: list[int], answer: str) -> list[BulkResult]:
    """Give the same answer to several received invitations, one transaction each.

    Returns one result per id, in order; a refusal (already answered, not yours,
    a limit) is reported for that invitation and the others go ahead.
    """
    if answer not in BULK_ANSWERS:
        raise KithError("Answer: choose accept, ignore or report.", "invalid", "answer")
    action = BULK_ANSWERS[answer]
    results = []
    for invitation_id in dict.fromkeys(ids):
        name = f"Invitation {invitation_id}"
        try:
            with transaction.atomic():
                invitation = invitation_for_recipient(member, invitation_id)
                name = invitation.sender.profile.name
                action(invitation, member)
        except KithError as error:
            results.append(BulkResult(invitation_id, name, False, error.message))
        else:
            results.append(BulkResult(invitation_id, name, True))
    return results


def reply_to_invitation(member: User, invitation: Invitation, *, text: str) -> Conversation:
    """Message the sender of an invitation the member received; the invitation stays
    open (messaging lets a non-connection write while an invitation is open)."""
    if invitation.recipient_id != member.pk or invitation.status not in Invitation.OPEN:
        raise KithError("That invitation is no longer open.", "invitation_closed", "invitation")
    return start_conversation(member, handles=[invitation.sender.profile.handle], text=text)
