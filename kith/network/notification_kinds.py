"""The notifications the network sends, registered with kith.notifications on start-up.

Their templates live in this app: templates/notifications/kinds/<kind>.html/.txt and
templates/notifications/email/<kind>.txt / <kind>_subject.txt.
"""

from django.urls import reverse

from kith.notifications import kinds

INVITATION_RECEIVED = "invitation_received"
INVITATION_ACCEPTED = "invitation_accepted"


def register() -> None:
    kinds.register(INVITATION_RECEIVED, label="Someone invites me to connect", url=lambda n: reverse("network:invitations"))
    kinds.register(
        INVITATION_ACCEPTED,
        label="Someone accepts my invitation",
        url=lambda n: reverse("members:profile", args=[n.actor.profile.handle]),
    )
