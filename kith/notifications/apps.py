from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kith.notifications"
    label = "notifications"
