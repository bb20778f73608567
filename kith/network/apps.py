from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "kith.network"
    label = "network"

    def ready(self) -> None:
        from kith.moderation import history
        from kith.network import notification_kinds, selectors

        notification_kinds.register()
        history.register("Their recent invitations, and how they were answered", selectors.recent_invitations_for_moderators)
