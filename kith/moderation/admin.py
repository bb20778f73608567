"""Moderation in the admin, for looking only: moderators work in the console at /moderation/.

Reports, queue items, restrictions and the audit log are written by kith.moderation.actions; the
audit log is append-only (the database refuses changes). The admin's one write is granting the
moderator role: the "Can moderate" permission on a user, or ``kith addmember … --moderator``.
"""

from django.contrib import admin

from kith.core.admin import ReadOnlyAdmin
from kith.moderation.models import Appeal, AuditEntry, QueueItem, Report, Restriction


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "reported", "reason", "status", "subject_type", "subject_id", "item")
    list_filter = ("status", "reason", "subject_type")
    search_fields = ("reported__email", "reported__profile__handle", "text")
    list_select_related = ("reported", "subject_type")
    date_hierarchy = "created_at"


@admin.register(QueueItem)
class QueueItemAdmin(ReadOnlyAdmin):
    list_display = ("updated_at", "kind", "member", "status", "summary", "resolution")
    list_filter = ("status", "kind")
    search_fields = ("member__email", "member__profile__handle", "summary")


@admin.register(Restriction)
class RestrictionAdmin(ReadOnlyAdmin):
    list_display = ("starts_at", "member", "kind", "ends_at", "lifted_at")
    list_filter = ("kind",)
    raw_id_fields = ("member",)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "member_handle", "moderator_name", "reason")
    list_filter = ("action",)
    search_fields = ("member_handle", "moderator_name", "reason")
    date_hierarchy = "created_at"


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "member", "action", "item")
