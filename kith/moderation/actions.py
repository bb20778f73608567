"""Writes for moderation: filing a report and resolving it."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from kith.core.errors import KithError
from kith.members.models import User
from kith.moderation.models import Report

__all__ = ["REPORT_TEXT_MAX", "file_report", "resolve_report"]

REPORT_TEXT_MAX = 2000


@transaction.atomic
def file_report(
    reporter: User, *, reported: User, reason: str, text: str = "", subject: models.Model | None = None
) -> Report:
    """File a report for moderators about ``reported`` (and one thing of theirs, ``subject``).

    The reported member is never told who reported. ``reason`` is one of Report.Reason;
    "other" needs a text saying what is wrong.
    """
    if reported.pk == reporter.pk:
        raise KithError("You can't report yourself.", "self", "handle")
    if reason not in Report.Reason.values:
        allowed = ", ".join(Report.Reason.values)
        raise KithError(f"Reason: choose one of {allowed}.", "invalid", "reason")
    text = (text or "").strip()
    if len(text) > REPORT_TEXT_MAX:
        raise KithError(f"Text: at most {REPORT_TEXT_MAX} characters.", "too_long", "text")
    if reason == Report.Reason.OTHER and not text:
        raise KithError("Tell the moderators what is wrong.", "required", "text")
    about = {}
    if subject is not None:
        about = {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}
    return Report.objects.create(reporter=reporter, reported=reported, reason=reason, text=text, **about)


@transaction.atomic
def resolve_report(report: Report, *, by: User, resolution: str = "") -> Report:
    """Close a report. Idempotent: resolving a resolved report changes nothing."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status == Report.Status.RESOLVED:
        return report
    report.status = Report.Status.RESOLVED
    report.resolved_at = timezone.now()
    report.resolved_by = by
    report.resolution = (resolution or "").strip()[:REPORT_TEXT_MAX]
    report.save(update_fields=["status", "resolved_at", "resolved_by", "resolution"])
    return report
