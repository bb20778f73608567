"""Groups in the admin, for looking only: memberships, requests, bans and the log are written
by kith.groups.actions (which lock the group, keep its member count and write the log)."""

from django.contrib import admin

from kith.core.admin import ReadOnlyAdmin
from kith.groups.models import Ban, Group, JoinRequest, ManagerAction, Membership


@admin.register(Group)
class GroupAdmin(ReadOnlyAdmin):
    list_display = ("name", "slug", "listed", "join_policy", "post_approval", "member_count", "created_at")
    list_filter = ("listed", "join_policy", "post_approval")
    search_fields = ("name", "slug")


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("group", "member", "role", "joined_at")
    list_filter = ("role",)
    raw_id_fields = ("group", "member", "invited_by")


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ("group", "member", "status", "created_at", "decided_at")
    list_filter = ("status",)
    raw_id_fields = ("group", "member", "invited_by", "decided_by")


@admin.register(Ban)
class BanAdmin(ReadOnlyAdmin):
    list_display = ("group", "member", "banned_by", "created_at")
    raw_id_fields = ("group", "member", "banned_by")


@admin.register(ManagerAction)
class ManagerActionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "group", "actor", "kind", "subject", "detail")
    list_filter = ("kind",)
    raw_id_fields = ("group", "actor", "subject")
