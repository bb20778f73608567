from django.contrib import admin

from kith.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "actor", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient", "actor", "invitation")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("member", "kind", "email")
    raw_id_fields = ("member",)
