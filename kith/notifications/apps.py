from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kith.notifications"
    label = "notifications"

    def ready(self) -> None:
        from kith.core import navigation
        from kith.notifications import selectors

        navigation.count("unread_notifications", selectors.unread)
