from django.contrib import admin

from kith.network.models import (
    Block,
    Connection,
    ConnectionEvent,
    Follow,
    Invitation,
    InvitationRestriction,
)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "sender", "recipient", "status", "knows_email", "answered_at")
    list_filter = ("status", "knows_email")
    search_fields = ("sender__email", "recipient__email", "note")
    raw_id_fields = ("sender", "recipient")
    date_hierarchy = "created_at"


@admin.register(InvitationRestriction)
class InvitationRestrictionAdmin(admin.ModelAdmin):
    list_display = ("member", "starts_at", "ends_at", "declined_count", "answered_count")
    raw_id_fields = ("member",)


@admin.register(Connection)
class ConnectionAdmin(admin.ModelAdmin):
    list_display = ("member", "other", "created_at")
    raw_id_fields = ("member", "other")
    search_fields = ("member__email", "other__email")


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("blocker", "blocked", "created_at")
    raw_id_fields = ("blocker", "blocked")


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followed", "created_at")
    raw_id_fields = ("follower", "followed")


@admin.register(ConnectionEvent)
class ConnectionEventAdmin(admin.ModelAdmin):
    list_display = ("id", "member_a", "member_b", "kind", "created_at")
    list_filter = ("kind",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
