"""API shapes for moderation. Moderators see reporters; a member's own standing never does."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from kith.core.inputs import Id
from kith.core.schemas import Input


class ItemMemberOut(Schema):
    handle: str
    name: str
    account_age_days: int | None = None
    trust_level: str | None = None


class QueueItemOut(Schema):
    id: int
    kind: str
    status: str
    member: ItemMemberOut
    summary: str
    signals: list[dict[str, Any]]
    reports: int
    created_at: datetime
    updated_at: datetime
    resolution: str


class QueuePage(Schema):
    items: list[QueueItemOut]
    count: int
    page: int
    pages: int


class ReportShownOut(Schema):
    id: int
    reporter: str
    reason: str
    text: str
    created_at: datetime
    status: str


class SectionOut(Schema):
    title: str
    rows: list[dict[str, Any]]


class ContentOut(Schema):
    title: str
    text: str
    rows: list[dict[str, Any]]


class AuditOut(Schema):
    id: int
    created_at: datetime
    moderator: str | None
    action: str
    member: str
    item: int | None
    reason: str
    details: dict[str, Any]


class RestrictionOut(Schema):
    kind: str
    label: str
    reason: str
    starts_at: datetime
    ends_at: datetime | None
    action: int | None = Field(None, description="The audit entry to name when appealing")
    appealed: bool


class QueueItemDetailOut(QueueItemOut):
    content: ContentOut | None
    report_list: list[ReportShownOut]
    history: list[SectionOut]
    earlier_actions: list[AuditOut]
    restrictions: list[RestrictionOut]
    appeal: str | None


class ActionIn(Input):
    action: Literal["dismiss", "warn", "remove_content", "restrict_invitations", "restrict_posting", "suspend", "lift"]
    reason: str = Field(max_length=2000)
    days: int | None = Field(None, ge=1, le=3650)
    until: datetime | None = None


class AuditPage(Schema):
    entries: list[AuditOut]
    count: int
    page: int
    pages: int


class LimitsOut(Schema):
    invitations_per_window: int
    invitations_window_days: int
    message_requests_per_day: int
    links_per_day: int | None
    held_group_posts: int
    new_until: datetime | None


class WarningOut(Schema):
    id: int
    message: str
    created_at: datetime


class AppealOut(Schema):
    id: int
    action: int
    text: str
    created_at: datetime
    status: str


class ReviewedReportOut(Schema):
    id: int
    created_at: datetime
    reviewed_at: datetime


class StandingOut(Schema):
    trust_level: Literal["new", "member", "trusted"]
    limits: LimitsOut
    restrictions: list[RestrictionOut]
    warnings: list[WarningOut]
    appeals: list[AppealOut]
    reports_reviewed: list[ReviewedReportOut]


class AppealIn(Input):
    action: Id = Field(description="The id of the action (an audit entry) to appeal: restrictions[].action in /me/standing")
    text: str = Field(max_length=2000)
