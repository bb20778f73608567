from django.contrib import admin

from kith.core.admin import ReadOnlyAdmin
from kith.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "kind", "actor", "actor_count", "target_type", "target_id", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient", "actor")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("member", "kind", "email")
    raw_id_fields = ("member",)
