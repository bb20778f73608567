"""A connection's profile: the relationship instead of "Should I connect?"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from kith.insights import hooks
from kith.insights.card import conversations_with
from kith.members import contexts
from kith.members.affinity import Affinity
from kith.members.models import Connection, Profile, User
from kith.members.selectors import ProfileAccess
from kith.network.models import Invitation

__all__ = ["Relationship", "relationship_for"]


@dataclass(frozen=True)
class Relationship:
    """How the viewer and a connection know each other."""

    profile: Profile
    since: datetime | None
    invitation: Invitation | None  # the accepted invitation that connected them, when there was one
    shared: list[str]  # shared history and what else they have in common (kith.members.affinity)
    conversation_id: int | None
    introduced_by: list[str] = field(default_factory=list)  # who introduced the two (kith.insights.hooks)

    @property
    def invited_by_viewer(self) -> bool:
        return self.invitation is not None and self.invitation.sender_id != self.profile.pk


def relationship_for(viewer: User, access: ProfileAccess) -> Relationship | None:
    """The relationship with a connection's profile (``access`` from ``access_profile``),
    or None when the two are not connected."""
    if not access.is_connected:
        return None
    profile = access.profile
    since = Connection.objects.filter(member=viewer, other_id=profile.pk).values_list("created_at", flat=True).first()
    invitation = (
        Invitation.objects.filter(
            Q(sender=viewer, recipient_id=profile.pk) | Q(sender_id=profile.pk, recipient=viewer),
            status=Invitation.Status.ACCEPTED,
        )
        .order_by("-answered_at", "-pk")
        .first()
    )
    match = Affinity(viewer, connected=[profile.pk]).matches([profile.pk]).get(profile.pk)
    shared = [reason for reason, signal in zip(match.reasons, match.signals, strict=True) if signal not in ("open_to", "context")] if match else []
    shared += [c.reason for c in contexts.shared(viewer.pk, [profile.pk]).get(profile.pk, [])]
    return Relationship(
        profile,
        since,
        invitation,
        shared,
        conversations_with(viewer, [profile.pk]).get(profile.pk),
        hooks.introduced_by(viewer.pk, [profile.pk]).get(profile.pk, []),
    )
