"""Every write in moderation: reports, the queue, moderator actions, holds, warnings, appeals.

Each action is one transaction that locks the member concerned first, so two moderators acting on
one member, or a hold racing a report, serialize. Every moderator action and every automatic
restriction writes one ``AuditEntry`` (append-only) in the same transaction. Members are told by
email after commit and on their standing page; a reporter who asked is told that their report was
reviewed and whether action was taken, never what or by whom. Nothing here ever tells the reported
member who reported them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import dateformat, timezone

from kith.core.email import send_member_email
from kith.core.errors import KithError, NotFound, PermissionDenied
from kith.members.models import User
from kith.moderation import content, gates, holds
from kith.moderation.models import (
    MODERATE,
    Appeal,
    AuditEntry,
    MemberWarning,
    QueueItem,
    Report,
    Restriction,
)

__all__ = [
    "ACTIONS",
    "REPORT_TEXT_MAX",
    "acknowledge_warning",
    "file_appeal",
    "file_report",
    "grant_moderator",
    "hold_member",
    "is_moderator",
    "open_item",
    "resolve_report",
    "restrict_for_standing",
    "revoke_moderator",
    "take_action",
]

REPORT_TEXT_MAX = 2000
MAX_DAYS = 3650
A = AuditEntry.Action
ACTIONS = (A.DISMISS, A.WARN, A.REMOVE_CONTENT, A.RESTRICT_INVITATIONS, A.RESTRICT_POSTING, A.SUSPEND, A.LIFT)
APPEALABLE = (A.WARN, A.REMOVE_CONTENT, A.RESTRICT_INVITATIONS, A.RESTRICT_POSTING, A.SUSPEND, A.HOLD, A.STANDING)


# --- the role ---------------------------------------------------------------------------------------


def is_moderator(user, *, grants: int | None = None) -> bool:
    """A moderator holds the ``moderation.moderate`` permission (an admin grants it; superusers have it).
    ``grants``: how many grants of it the caller counted (selectors.moderator_grants, as the
    navigation does with its badges), instead of ``has_perm``'s two reads."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.has_perm(MODERATE) if grants is None else (user.is_superuser or grants > 0)


def _require_moderator(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do that.", "not_moderator")


def _permission() -> Permission:
    return Permission.objects.get(content_type__app_label="moderation", codename="moderate")


@transaction.atomic
def grant_moderator(user: User) -> None:
    user.user_permissions.add(_permission())
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)


@transaction.atomic
def revoke_moderator(user: User) -> None:
    user.user_permissions.remove(_permission())
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)


# --- helpers ------------------------------------------------------------------------------------------


def _lock(member_id: int) -> None:
    list(User.objects.select_for_update().filter(pk=member_id).values_list("pk", flat=True))


def _about(subject: models.Model | None) -> dict:
    if subject is None:
        return {"subject_type": None, "subject_id": None}
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


def _tell(member: User, *, subject: str, message: str) -> None:
    """Email the member after commit (their standing page says the same)."""
    to, name = member.email, getattr(getattr(member, "profile", None), "name", None)

    def send() -> None:
        send_member_email(to=to, name=name, subject=subject, template="moderation/email/told.txt", context={"message": message})

    transaction.on_commit(send)


def _handle(member: User) -> str:
    profile = getattr(member, "profile", None)
    return profile.handle if profile is not None else str(member.pk)


def _audit(*, moderator: User | None, action: str, member: User, item: QueueItem | None, reason: str, details: dict, now: datetime) -> AuditEntry:
    return AuditEntry.objects.create(
        created_at=now,
        moderator=moderator,
        moderator_name=(moderator.profile.name if moderator is not None and hasattr(moderator, "profile") else ""),
        action=action,
        member=member,
        member_handle=_handle(member),
        item=item,
        reason=reason,
        details=details,
    )


def _clean_reason(reason: str | None, *, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise KithError("Say why: the reason is recorded and shown to the member.", "required", field)
    if len(reason) > REPORT_TEXT_MAX:
        raise KithError(f"Reason: at most {REPORT_TEXT_MAX:,} characters.", "too_long", field)
    return reason


# --- the queue ----------------------------------------------------------------------------------------


@transaction.atomic
def open_item(
    member: User,
    *,
    kind: str,
    subject: models.Model | None = None,
    summary: str = "",
    signals: list[dict] | None = None,
    now: datetime | None = None,
) -> QueueItem:
    """The open queue item about ``member`` (and ``subject``) of ``kind``, created or brought to the top.

    The caller's transaction holds the member's lock (one open item per member, kind and subject)."""
    now = now or timezone.now()
    _lock(member.pk)
    about = _about(subject)
    item = QueueItem.objects.filter(member=member, kind=kind, status=QueueItem.Status.OPEN, **about).first()
    if item is None:
        return QueueItem.objects.create(
            member=member, kind=kind, summary=summary[:300], signals=signals or [], created_at=now, updated_at=now, **about
        )
    item.updated_at = now
    if summary:
        item.summary = summary[:300]
    if signals:
        item.signals = signals
    item.save(update_fields=["updated_at", "summary", "signals"])
    return item


@transaction.atomic
def file_report(
    reporter: User,
    *,
    reported: User,
    reason: str,
    text: str = "",
    subject: models.Model | None = None,
    wants_outcome: bool = True,
    now: datetime | None = None,
) -> Report:
    """File a report for moderators about ``reported`` (and one thing of theirs, ``subject``).

    The reported member is never told who reported. ``reason`` is one of Report.Reason;
    "other" needs a text saying what is wrong. The report joins the queue item about that
    member and thing, and counts towards the distinct-reporters hold. ``now`` stamps the report,
    the item and the hold's decision, as in the other actions (default: the clock).
    """
    now = now or timezone.now()
    if reported.pk == reporter.pk:
        raise KithError("You can't report yourself.", "self", "handle")
    if reason not in Report.Reason.values:
        allowed = ", ".join(Report.Reason.values)
        raise KithError(f"Reason: choose one of {allowed}.", "invalid", "reason")
    text = (text or "").strip()
    if len(text) > REPORT_TEXT_MAX:
        raise KithError(f"Text: at most {REPORT_TEXT_MAX:,} characters (this one has {len(text):,}).", "too_long", "text")
    if reason == Report.Reason.OTHER and not text:
        raise KithError("Tell the moderators what is wrong.", "required", "text")
    kind = content.kind_for(subject)
    item = open_item(reported, kind=kind, subject=subject, now=now)
    count = item.reports.count() + 1
    item.summary = f"Reported {count} time{'s' if count != 1 else ''}: {Report.Reason(reason).label.lower()}"
    item.save(update_fields=["summary"])
    report = Report.objects.create(
        reporter=reporter,
        reported=reported,
        reason=reason,
        text=text,
        item=item,
        wants_outcome=wants_outcome,
        created_at=now,
        **_about(subject),
    )
    holds.report_filed(reported, now=now)
    return report


@transaction.atomic
def resolve_report(report: Report, *, by: User, resolution: str = "") -> Report:
    """Close one report (the admin's bulk action). Idempotent: resolving a resolved report changes nothing."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.RESOLVED:
        return report
    report.status = Report.Status.RESOLVED
    report.resolved_at = timezone.now()
    report.resolved_by = by
    report.resolution = (resolution or "").strip()[:REPORT_TEXT_MAX]
    report.save(update_fields=["status", "resolved_at", "resolved_by", "resolution"])
    return report


# --- automatic restrictions ---------------------------------------------------------------------------


def _signal_text(signals: list[dict]) -> str:
    return "; ".join(s["text"] for s in signals)


@transaction.atomic
def hold_member(member: User, *, signals: list[dict], now: datetime | None = None) -> Restriction | None:
    """Hold ``member`` (no invitations, no message requests) until a moderator reviews the account.

    Called by :mod:`kith.moderation.holds` when a rule fires. Never suspends. Idempotent: a member
    already held stays held once (None)."""
    now = now or timezone.now()
    _lock(member.pk)
    if Restriction.objects.filter(member=member, kind=Restriction.Kind.HOLD, lifted_at__isnull=True).exists():
        return None
    item = open_item(member, kind=QueueItem.Kind.HOLD, summary="Held: " + _signal_text(signals), signals=signals, now=now)
    reason = "Our automatic checks noticed " + _signal_text(signals) + ". A moderator will review your account."
    entry = _audit(moderator=None, action=A.HOLD, member=member, item=item, reason=reason, details={"signals": signals}, now=now)
    restriction = _restrict(
        member=member, kind=Restriction.Kind.HOLD, reason=reason, starts_at=now, action=entry, item=item, details={"signals": signals}
    )
    _tell(
        member,
        subject="Your invitations and message requests are on hold",
        message=f"{reason} Until then you can't send invitations or message requests. You can appeal from your standing page.",
    )
    return restriction


@transaction.atomic
def restrict_for_standing(
    member: User, *, declined: int, answered: int, window_days: int, days: int, now: datetime | None = None
) -> Restriction | None:
    """The network's standing rule: too many "I don't know" answers. Until it ends the member may
    only invite members whose address they type. Queued for moderators; idempotent while one runs."""
    now = now or timezone.now()
    _lock(member.pk)
    running = Restriction.objects.filter(
        member=member, kind=Restriction.Kind.STANDING, lifted_at__isnull=True, ends_at__gt=now, starts_at__lte=now
    )
    if running.exists():
        return None
    reason = (
        f"In the {window_days} days before {dateformat.format(timezone.localtime(now), 'j F Y')}, {declined} of your {answered} answered invitations were "
        "answered \"I don't know this person\" or reported as spam."
    )
    item = open_item(member, kind=QueueItem.Kind.STANDING, summary=f"{declined} of {answered} answered invitations declined", now=now)
    details = {"declined": declined, "answered": answered, "window_days": window_days}
    entry = _audit(moderator=None, action=A.STANDING, member=member, item=item, reason=reason, details={**details, "days": days}, now=now)
    return _restrict(
        member=member,
        kind=Restriction.Kind.STANDING,
        reason=reason,
        starts_at=now,
        ends_at=now + timedelta(days=days),
        action=entry,
        item=item,
        details=details,
    )


# --- moderator actions ----------------------------------------------------------------------------------

_KIND_FOR_ACTION = {
    A.RESTRICT_INVITATIONS: Restriction.Kind.INVITATIONS,
    A.RESTRICT_POSTING: Restriction.Kind.POSTING,
    A.SUSPEND: Restriction.Kind.SUSPENSION,
}
_DOING = {
    Restriction.Kind.INVITATIONS: "send invitations",
    Restriction.Kind.POSTING: "post",
    Restriction.Kind.SUSPENSION: "sign in",
}


def _days(days: int | None) -> int:
    if days is None:
        raise KithError("Say for how many days.", "required", "days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise KithError(f"Days: a whole number from 1 to {MAX_DAYS:,}.", "invalid", "days")
    return days


def _ends(action: str, days: int | None, until: datetime | None, now: datetime) -> datetime:
    if action == A.SUSPEND and until is not None:
        if days is not None:
            raise KithError("Give either days or until, not both.", "invalid", "until")
        if timezone.is_naive(until):
            until = timezone.make_aware(until)
        if until <= now:
            raise KithError("Until: a moment in the future.", "invalid", "until")
        if until > now + timedelta(days=MAX_DAYS):
            raise KithError(f"Until: at most {MAX_DAYS:,} days ahead.", "invalid", "until")
        return until
    return now + timedelta(days=_days(days))


def _lift(member: User, now: datetime, *, kinds: tuple[str, ...] | None = None) -> list[int]:
    rows = Restriction.objects.filter(member=member, lifted_at__isnull=True, starts_at__lte=now).filter(
        Q(ends_at__isnull=True) | Q(ends_at__gt=now)
    )
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    ids = list(rows.values_list("pk", flat=True))
    Restriction.objects.filter(pk__in=ids).update(lifted_at=now)
    gates.forget()
    return ids


def _restrict(**fields) -> Restriction:
    """Every new restriction is written here: the request's read of restrictions is dropped
    (kith.moderation.gates), so a check later in the same request sees it."""
    restriction = Restriction.objects.create(**fields)
    gates.forget()
    return restriction


def _tell_reporters(item: QueueItem, *, taken: bool, now: datetime) -> None:
    reports = list(item.reports.select_related("reporter__profile").filter(outcome_told_at__isnull=True))
    Report.objects.filter(pk__in=[r.pk for r in reports], status=Report.Status.OPEN).update(
        status=Report.Status.RESOLVED, resolved_at=now
    )
    told = [r for r in reports if r.wants_outcome]
    for report in told:
        outcome = "Moderators took action." if taken else "Moderators found nothing that needed action."
        _tell(
            report.reporter,
            subject="Your report was reviewed",
            message=f"Thank you for your report of {dateformat.format(timezone.localtime(report.created_at), 'j F Y')}: it was reviewed. {outcome}",
        )
    Report.objects.filter(pk__in=[r.pk for r in told]).update(outcome_told_at=now)


@transaction.atomic
def take_action(
    item: QueueItem | int,
    *,
    by: User,
    action: str,
    reason: str,
    days: int | None = None,
    until: datetime | None = None,
) -> AuditEntry:
    """A moderator acts on a queue item; the item is resolved and the action audited.

    - ``dismiss``: nothing to do (a hold dismissed is lifted: a false alarm);
    - ``warn``: the reason becomes a warning the member must acknowledge;
    - ``remove_content``: the item's content is taken down by the app that owns it;
    - ``restrict_invitations`` / ``restrict_posting``: for ``days``;
    - ``suspend``: ``until`` a moment, or for ``days``; sign-in is refused and sessions end;
    - ``lift``: ends every restriction in force on the member.

    Acting on a held member replaces the hold by the moderator's decision (the hold is lifted).
    Reporters who asked are told the report was reviewed, and whether action was taken.
    """
    _require_moderator(by)
    if action not in ACTIONS:
        raise KithError("Action: choose one of " + ", ".join(ACTIONS) + ".", "invalid", "action")
    reason = _clean_reason(reason)
    item_id = item if isinstance(item, int) else item.pk
    member_id = QueueItem.objects.filter(pk=item_id).values_list("member_id", flat=True).first()
    if member_id is None:
        raise NotFound("No such queue item.", field="item")
    _lock(member_id)
    item = QueueItem.objects.select_for_update(of=("self",)).select_related("member__profile").get(pk=item_id)
    if item.status != QueueItem.Status.OPEN and action == A.DISMISS:
        raise KithError("This item is already resolved: there is nothing to dismiss.", "resolved", "item", status=409)
    if item.member_id == by.pk:
        raise PermissionDenied("You can't moderate yourself.", "self")
    member, now = item.member, timezone.now()
    details: dict = {}
    if action == A.REMOVE_CONTENT:
        subject = item.subject
        if item.kind == QueueItem.Kind.APPEAL or not content.can_remove(subject):
            raise KithError("This item has no content that can be removed.", "no_content", "action", status=409)
        details["removed"] = content.remove(subject, by, item.member)
    if action in _KIND_FOR_ACTION:
        ends = _ends(action, days, until, now)
        details["ends_at"] = ends.isoformat()
        if days is not None:
            details["days"] = days
    if action == A.LIFT:
        details["lifted"] = _lift(member, now)
    elif item.kind == QueueItem.Kind.HOLD or action in (A.RESTRICT_INVITATIONS, A.SUSPEND):
        lifted = _lift(member, now, kinds=(Restriction.Kind.HOLD,))
        if lifted:
            details["lifted_holds"] = lifted
    entry = _audit(moderator=by, action=action, member=member, item=item, reason=reason, details=details, now=now)
    if action in _KIND_FOR_ACTION:
        kind = _KIND_FOR_ACTION[action]
        _restrict(member=member, kind=kind, reason=reason, starts_at=now, ends_at=ends, action=entry, item=item)
        _tell(
            member,
            subject="A moderator restricted your account" if kind != Restriction.Kind.SUSPENSION else "Your account is suspended",
            message=f"You can't {_DOING[kind]} until {gates.format_moment(ends)}. Reason: {reason} "
            "You may appeal once from your standing page.",
        )
    elif action == A.WARN:
        MemberWarning.objects.create(member=member, message=reason, action=entry, created_at=now)
        _tell(member, subject="A warning from the moderators", message=f"{reason} Please acknowledge it on your standing page.")
    elif action == A.REMOVE_CONTENT:
        _tell(member, subject="Moderators removed something you posted", message=f"Moderators removed {details['removed']}. Reason: {reason}")
    elif action == A.LIFT and details["lifted"]:
        _tell(member, subject="Your restriction was lifted", message=f"A moderator lifted the restrictions on your account. {reason}")
    elif item.kind == QueueItem.Kind.APPEAL:
        _tell(member, subject="Your appeal was reviewed", message=f"Moderators reviewed your appeal and kept their decision. {reason}")
    if item.status == QueueItem.Status.OPEN:
        item.status, item.resolved_at, item.resolved_by, item.resolution = QueueItem.Status.RESOLVED, now, by, action
        item.save(update_fields=["status", "resolved_at", "resolved_by", "resolution"])
    _tell_reporters(item, taken=action != A.DISMISS, now=now)
    return entry


# --- the member's side ----------------------------------------------------------------------------------


@transaction.atomic
def acknowledge_warning(member: User, *, warning_id: int) -> MemberWarning:
    """Idempotent."""
    warning = MemberWarning.objects.select_for_update().filter(pk=warning_id, member=member).first()
    if warning is None:
        raise NotFound("No such warning.", field="warning")
    if warning.acknowledged_at is None:
        warning.acknowledged_at = timezone.now()
        warning.save(update_fields=["acknowledged_at"])
    return warning


@transaction.atomic
def file_appeal(member: User, *, action_id: int, text: str) -> Appeal:
    """Ask moderators to reconsider one action taken on ``member``; one appeal per action."""
    if isinstance(action_id, bool) or not isinstance(action_id, int):
        raise KithError("Action: the id of an action taken on your account.", "invalid", "action")
    text = (text or "").strip()
    if not text:
        raise KithError("Say why the moderators should reconsider.", "required", "text")
    if len(text) > REPORT_TEXT_MAX:
        raise KithError(f"Text: at most {REPORT_TEXT_MAX:,} characters.", "too_long", "text")
    _lock(member.pk)
    entry = AuditEntry.objects.filter(pk=action_id, member_id=member.pk, action__in=APPEALABLE).first()
    if entry is None:
        raise NotFound("No such action on your account.", field="action")
    if Appeal.objects.filter(action_id=entry.pk).exists():
        raise KithError("You have already appealed this action.", "already_appealed", "action", status=409)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(member=member, action=entry, text=text)
    except IntegrityError as exc:
        raise KithError("You have already appealed this action.", "already_appealed", "action", status=409) from exc
    item = open_item(member, kind=QueueItem.Kind.APPEAL, subject=appeal, summary=f"Appeal of: {entry.get_action_display().lower()}")
    appeal.item = item
    appeal.save(update_fields=["item"])
    return appeal
