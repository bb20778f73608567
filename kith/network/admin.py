"""The network's rows in the admin, for looking only.

Connections, blocks, follows and invitations are written by kith.network.actions,
which lock the pair, write the connection event the graph engine replays, and
notify: an edit or a delete here would skip all of that (a connection deleted in the
admin left every process's graph out of step with the database). Moderators act
through the moderation tools instead.
"""

from django.contrib import admin

from kith.core.admin import ReadOnlyAdmin
from kith.members.models import Block, Connection, ConnectionEvent
from kith.network.models import Follow, Invitation, SuggestionDismissal


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "sender", "recipient", "status", "knows_email", "answered_at")
    list_filter = ("status", "knows_email")
    search_fields = ("sender__email", "recipient__email", "note")
    raw_id_fields = ("sender", "recipient")
    date_hierarchy = "created_at"


@admin.register(Connection)
class ConnectionAdmin(ReadOnlyAdmin):
    list_display = ("member", "other", "created_at")
    raw_id_fields = ("member", "other")
    search_fields = ("member__email", "other__email")


@admin.register(Block)
class BlockAdmin(ReadOnlyAdmin):
    list_display = ("blocker", "blocked", "created_at")
    raw_id_fields = ("blocker", "blocked")


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("follower", "followed", "created_at")
    raw_id_fields = ("follower", "followed")


@admin.register(SuggestionDismissal)
class SuggestionDismissalAdmin(ReadOnlyAdmin):
    list_display = ("member", "dismissed", "reason", "created_at")
    raw_id_fields = ("member", "dismissed")


@admin.register(ConnectionEvent)
class ConnectionEventAdmin(ReadOnlyAdmin):
    list_display = ("id", "member_a", "member_b", "kind", "created_at")
    list_filter = ("kind",)
