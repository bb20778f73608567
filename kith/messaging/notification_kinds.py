"""The notifications messaging sends, registered with kith.notifications on start-up (templates in
this app: templates/notifications/kinds/ and templates/notifications/email/).

Ordinary messages are not notifications (the Messages badge counts them); a reply to the
member's own invitation is, since it answers something they are waiting on.
"""

from django.urls import reverse

from kith.notifications import kinds

INVITATION_REPLIED = "invitation_replied"


def _conversation_url(n) -> str:
    return reverse("messaging:conversation", args=[n.target_id]) if n.target_id else reverse("messaging:inbox")


def register() -> None:
    kinds.register(INVITATION_REPLIED, label="Someone I invited replies before accepting", url=_conversation_url)
