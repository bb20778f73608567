"""The notifications groups send, registered with kith.notifications on start-up (templates in
this app: templates/notifications/kinds/ and templates/notifications/email/)."""

from django.urls import reverse

from kith.notifications import kinds

GROUP_INVITATION = "group_invitation"
JOIN_APPROVED = "group_join_approved"


def _group_url(n) -> str:
    return reverse("groups:detail", args=[n.target.slug]) if n.target is not None else reverse("groups:directory")


def register() -> None:
    kinds.register(GROUP_INVITATION, label="Someone invites me to a group", url=_group_url)
    kinds.register(JOIN_APPROVED, label="My request to join a group is approved", url=_group_url)
