"""The moderation API (mounted at /api/v1/): the queue, actions, the audit log (moderators only,
403 for anyone else), and a member's own standing and appeals."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from kith.core.inputs import Id, Page
from kith.core.schemas import errors
from kith.moderation import actions, selectors
from kith.moderation.models import AuditEntry, QueueItem
from kith.moderation.schemas import (
    ActionIn,
    AppealIn,
    AppealOut,
    AuditOut,
    AuditPage,
    QueueItemDetailOut,
    QueuePage,
    StandingOut,
)

router = Router(tags=["moderation"])
PAGE_SIZE = 50


class QueueQuery(Schema):
    kind: Literal[tuple(QueueItem.Kind.values)] | None = None  # type: ignore[valid-type]
    status: Literal["open", "resolved"] | None = "open"
    page: Page = 1


class AuditQuery(Schema):
    action: Literal[tuple(AuditEntry.Action.values)] | None = None  # type: ignore[valid-type]
    member: str | None = None
    moderator: str | None = None
    since: datetime | None = None
    page: Page = 1


def item_out(item: QueueItem, *, detail: bool = False) -> dict:
    profile = item.member.profile
    return {
        "id": item.pk,
        "kind": item.kind,
        "status": item.status,
        "member": {"handle": profile.handle, "name": profile.name},
        "summary": item.summary,
        "signals": item.signals,
        "reports": item.reports.count(),
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "resolution": item.resolution,
    }


def audit_out(entry: AuditEntry) -> dict:
    return {
        "id": entry.pk,
        "created_at": entry.created_at,
        "moderator": entry.moderator_name or None,
        "action": entry.action,
        "member": entry.member_handle,
        "item": entry.item_id,
        "reason": entry.reason,
        "details": entry.details,
    }


def restriction_out(r) -> dict:
    return {
        "kind": r.kind,
        "label": r.label,
        "reason": r.reason,
        "starts_at": r.starts_at,
        "ends_at": r.ends_at,
        "action": r.action_id,
        "appealed": r.appealed,
    }


def _page(rows, page: int) -> tuple[list, int, int]:
    paginator = Paginator(rows, PAGE_SIZE)
    number = min(page, max(1, paginator.num_pages))
    return list(paginator.page(number).object_list), paginator.count, paginator.num_pages


@router.get("/moderation/queue", response={200: QueuePage, **errors(403)})
def list_queue(request: HttpRequest, filters: Query[QueueQuery]):
    """The queue, most recently active first. Moderators only."""
    rows = selectors.queue(request.auth, kind=filters.kind, status=filters.status)
    items, count, pages = _page(rows, filters.page)
    return {"items": [item_out(i) for i in items], "count": count, "page": min(filters.page, max(1, pages)), "pages": pages}


def _detail(viewer, item_id: int) -> dict:
    d = selectors.item_detail(viewer, item_id)
    body = item_out(d.item)
    body["member"].update(account_age_days=d.account_age_days, trust_level=d.trust_level)
    body.update(
        content=(None if d.shown is None else {"title": d.shown.title, "text": d.shown.text, "rows": d.shown.rows}),
        report_list=[
            {"id": r.pk, "reporter": r.reporter.profile.handle, "reason": r.reason, "text": r.text, "created_at": r.created_at, "status": r.status}
            for r in d.reports
        ],
        history=[{"title": s.title, "rows": s.rows} for s in d.sections],
        earlier_actions=[audit_out(e) for e in d.earlier_actions],
        restrictions=[
            {"kind": r.kind, "label": r.get_kind_display(), "reason": r.reason, "starts_at": r.starts_at, "ends_at": r.ends_at,
             "action": r.action_id, "appealed": False}
            for r in d.restrictions
        ],
        appeal=d.appeal.text if d.appeal else None,
    )
    return body


@router.get("/moderation/queue/{item_id}", response={200: QueueItemDetailOut, **errors(403, 404)})
def get_item(request: HttpRequest, item_id: Id):
    """One item: the content, the member's account age, trust level, history, reports and earlier actions."""
    return _detail(request.auth, item_id)


@router.post("/moderation/queue/{item_id}/actions", response={201: AuditOut, **errors(400, 403, 404, 409)})
def act(request: HttpRequest, item_id: Id, data: ActionIn):
    """Act on an item (dismiss, warn, remove_content, restrict_invitations, restrict_posting, suspend, lift),
    with a reason. 201 with the audit entry."""
    selectors.access_item(request.auth, item_id)
    entry = actions.take_action(item_id, by=request.auth, action=data.action, reason=data.reason, days=data.days, until=data.until)
    return Status(201, audit_out(entry))


@router.get("/moderation/audit", response={200: AuditPage, **errors(400, 403)})
def audit(request: HttpRequest, filters: Query[AuditQuery]):
    """The audit log, newest first; filter by action, member or moderator handle, since."""
    rows = selectors.audit_log(request.auth, action=filters.action, member=filters.member, moderator=filters.moderator, since=filters.since)
    entries, count, pages = _page(rows, filters.page)
    return {"entries": [audit_out(e) for e in entries], "count": count, "page": min(filters.page, max(1, pages)), "pages": pages}


@router.get("/me/standing", response=StandingOut)
def my_standing(request: HttpRequest):
    """My trust level, my limits, and any restriction with its reason and end."""
    s = selectors.standing(request.auth)
    return {
        "trust_level": s.trust_level,
        "limits": {
            "invitations_per_window": s.limits.invitations_per_window,
            "invitations_window_days": s.limits.invitations_window_days,
            "message_requests_per_day": s.limits.message_requests_per_day,
            "links_per_day": s.limits.links_per_day,
            "held_group_posts": s.limits.held_group_posts,
            "new_until": s.limits.lifts_at,
        },
        "restrictions": [restriction_out(r) for r in s.restrictions],
        "warnings": [{"id": w.pk, "message": w.message, "created_at": w.created_at} for w in s.warnings],
        "appeals": [appeal_out(a) for a in s.appeals],
        "reports_reviewed": [{"id": r.pk, "created_at": r.created_at, "reviewed_at": r.outcome_told_at} for r in s.reports_reviewed],
    }


def appeal_out(appeal) -> dict:
    status = "open"
    if appeal.item_id is not None and appeal.item.status == QueueItem.Status.RESOLVED:
        status = "reviewed"
    return {"id": appeal.pk, "action": appeal.action_id, "text": appeal.text, "created_at": appeal.created_at, "status": status}


@router.post("/me/appeals", response={201: AppealOut, **errors(400, 404, 409)})
def appeal(request: HttpRequest, data: AppealIn):
    """Appeal one action taken on my account (one appeal per action); it joins the moderators' queue."""
    made = actions.file_appeal(request.auth, action_id=data.action, text=data.text)
    return Status(201, appeal_out(made))


@router.post("/me/warnings/{warning_id}/acknowledge", response={204: None, **errors(404)})
def acknowledge(request: HttpRequest, warning_id: Id):
    """Acknowledge a moderator's warning."""
    actions.acknowledge_warning(request.auth, warning_id=warning_id)
    return Status(204, None)
