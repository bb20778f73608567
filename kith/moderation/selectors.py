"""Reads for moderation: the queue, one item with everything known of its member, the audit log
(moderators only: ``access_*`` raise 403 for anyone else), and a member's own standing.

A member's own standing never names who reported them, nor which report led to what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils import timezone

from kith.core.errors import KithError, NotFound, PermissionDenied
from kith.members.models import Profile, User
from kith.moderation import content, gates, history, trust
from kith.moderation.actions import APPEALABLE, is_moderator
from kith.moderation.models import (
    MODERATE,
    Appeal,
    AuditEntry,
    MemberWarning,
    QueueItem,
    Report,
    Restriction,
)

__all__ = ["ItemDetail", "Standing", "access_item", "audit_log", "item_detail", "queue", "require_moderator", "standing"]


def require_moderator(viewer) -> None:
    if not is_moderator(viewer):
        raise PermissionDenied("Only moderators can see this.", "not_moderator")


def queue(viewer, *, kind: str | None = None, status: str | None = "open") -> QuerySet[QueueItem]:
    require_moderator(viewer)
    rows = QueueItem.objects.select_related("member__profile")
    if kind:
        if kind not in QueueItem.Kind.values:
            raise KithError("Kind: choose one of " + ", ".join(QueueItem.Kind.values) + ".", "invalid", "kind")
        rows = rows.filter(kind=kind)
    if status:
        if status not in QueueItem.Status.values:
            raise KithError("Status: open or resolved.", "invalid", "status")
        rows = rows.filter(status=status)
    return rows.order_by("-updated_at", "-pk")


def access_item(viewer, item_id: int) -> QueueItem:
    require_moderator(viewer)
    item = QueueItem.objects.select_related("member__profile").filter(pk=item_id).first()
    if item is None:
        raise NotFound("No such queue item.", field="item_id")
    return item


@dataclass
class ItemDetail:
    item: QueueItem
    profile: Profile
    account_age_days: int
    trust_level: str
    shown: content.Shown | None
    reports: list[Report]
    sections: list[history.Section]
    earlier_actions: list[AuditEntry]
    restrictions: list[Restriction]
    appeal: Appeal | None = None
    appealed_action: AuditEntry | None = None
    can_remove: bool = False
    open_items: list[QueueItem] = field(default_factory=list)


def item_detail(viewer, item_id: int) -> ItemDetail:
    item = access_item(viewer, item_id)
    member = item.member
    reports = list(Report.objects.filter(item=item).select_related("reporter__profile").order_by("-created_at"))
    subject = item.subject
    appeal = subject if isinstance(subject, Appeal) else None
    appealed = AuditEntry.objects.filter(pk=appeal.action_id).first() if appeal else None
    shown = content.describe(subject, [r.pk for r in reports]) if appeal is None else None
    return ItemDetail(
        item=item,
        profile=member.profile,
        account_age_days=(timezone.now() - member.date_joined).days,
        trust_level=trust.level_of(member),
        shown=shown,
        reports=reports,
        sections=history.sections_for(member),
        earlier_actions=list(AuditEntry.objects.filter(member_id=member.pk).order_by("-created_at")[:50]),
        restrictions=gates.in_force(member),
        appeal=appeal,
        appealed_action=appealed,
        can_remove=appeal is None and content.can_remove(subject),
        open_items=list(QueueItem.objects.filter(member=member, status=QueueItem.Status.OPEN).exclude(pk=item.pk)),
    )


def audit_log(
    viewer,
    *,
    action: str | None = None,
    member: str | None = None,
    moderator: str | None = None,
    since: datetime | None = None,
) -> QuerySet[AuditEntry]:
    """The audit log, newest first; ``member`` and ``moderator`` are handles."""
    require_moderator(viewer)
    rows = AuditEntry.objects.all()
    if action:
        if action not in AuditEntry.Action.values:
            raise KithError("Action: choose one of " + ", ".join(AuditEntry.Action.values) + ".", "invalid", "action")
        rows = rows.filter(action=action)
    if member:
        rows = rows.filter(member_handle=member.strip().lower())
    if moderator:
        ids = list(Profile.objects.filter(handle=moderator.strip().lower()).values_list("pk", flat=True))
        rows = rows.filter(moderator_id__in=ids)
    if since:
        rows = rows.filter(created_at__gte=since)
    return rows.order_by("-created_at", "-pk")


# --- the member's own standing ------------------------------------------------------------------------


@dataclass
class RestrictionShown:
    kind: str
    label: str
    reason: str
    starts_at: datetime
    ends_at: datetime | None
    until: str
    action_id: int | None
    appealed: bool

    @property
    def can_appeal(self) -> bool:
        return self.action_id is not None and not self.appealed


@dataclass
class Standing:
    trust_level: str
    trust_label: str
    limits: trust.Limits
    restrictions: list[RestrictionShown]
    warnings: list[MemberWarning]
    appeals: list[Appeal]
    reports_reviewed: list[Report]
    appealable: list[AuditEntry]


def standing(member: User) -> Standing:
    """What ``member`` may see of their own standing: level, limits, restrictions with reason and
    end, unacknowledged warnings, their appeals, and which of their own reports were reviewed."""
    limits = trust.limits(member)
    restrictions = gates.in_force(member)
    appealed = set(Appeal.objects.filter(member=member).values_list("action_id", flat=True))
    shown = [
        RestrictionShown(
            kind=r.kind,
            label=Restriction.Kind(r.kind).label,
            reason=r.reason,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            until=gates.until(r),
            action_id=r.action_id,
            appealed=r.action_id in appealed,
        )
        for r in restrictions
    ]
    appealable = list(
        AuditEntry.objects.filter(member_id=member.pk, action__in=APPEALABLE).exclude(pk__in=appealed).order_by("-created_at")[:20]
    )
    return Standing(
        trust_level=limits.level,
        trust_label=limits.label,
        limits=limits,
        restrictions=shown,
        warnings=list(MemberWarning.objects.filter(member=member, acknowledged_at__isnull=True).order_by("-created_at")),
        appeals=list(Appeal.objects.filter(member=member).order_by("-created_at")),
        reports_reviewed=list(
            Report.objects.filter(reporter=member, outcome_told_at__isnull=False).select_related("reported__profile").order_by("-created_at")[:20]
        ),
        appealable=appealable,
    )


def unacknowledged_warnings(member: User) -> QuerySet[MemberWarning]:
    return MemberWarning.objects.filter(member=member, acknowledged_at__isnull=True)


def moderator_grants(member: User) -> QuerySet[Permission]:
    """The moderator's permission as the member holds it, given directly or through a group: what
    ``has_perm(MODERATE)`` reads, as a queryset the navigation counts with its badges; the count
    answers through ``actions.is_moderator(member, grants=n)``, which knows superusers and
    inactive members."""
    app_label, codename = MODERATE.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).filter(
        Q(user=member) | Q(group__user=member)
    )


def notice_for(member: User, *, warned: bool | None = None) -> dict | None:
    """The notice on every page for a restricted or warned member, or None. ``warned``: whether a
    warning waits, when the caller has read it (the navigation counts it with its badges)."""
    restriction = next(iter(gates.in_force(member)), None)
    if warned is None:
        warned = unacknowledged_warnings(member).exists()
    if restriction is None and not warned:
        return None
    if restriction is not None:
        return {"text": f"{Restriction.Kind(restriction.kind).label} {gates.until(restriction)}."}
    return {"text": "A moderator sent you a warning: please read and acknowledge it."}
