"""Messaging in the admin, for looking only: messages, requests and unread counters are
written by kith.messaging.actions, which keep them in step with each other."""

from django.contrib import admin

from kith.core.admin import ReadOnlyAdmin
from kith.messaging.models import (
    Conversation,
    ConversationReport,
    Message,
    MessageRequest,
    MessagingPreference,
    Participant,
)


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    raw_id_fields = ("member",)
    readonly_fields = ("joined_at", "last_message_at", "last_read_message_id", "unread_count")


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ("id", "is_group", "created_at", "last_message_at")
    list_filter = ("is_group",)
    raw_id_fields = ("created_by", "last_message")
    inlines = [ParticipantInline]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("id", "conversation", "sender", "created_at", "deleted_at")
    raw_id_fields = ("conversation", "sender")
    search_fields = ("sender__email",)


@admin.register(MessageRequest)
class MessageRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "sender", "recipient", "status", "created_at", "answered_at")
    list_filter = ("status",)
    raw_id_fields = ("conversation", "sender", "recipient")


@admin.register(ConversationReport)
class ConversationReportAdmin(ReadOnlyAdmin):
    """Reports from conversations, with the messages that were reported."""

    list_display = ("id", "report", "conversation", "created_at")
    raw_id_fields = ("report", "conversation")
    readonly_fields = ("messages",)


admin.site.register(MessagingPreference, ReadOnlyAdmin)
