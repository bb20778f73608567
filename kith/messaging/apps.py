from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "kith.messaging"
    label = "messaging"
    verbose_name = "Messaging"

    def ready(self) -> None:
        from kith.core import navigation
        from kith.messaging import actions, notification_kinds, selectors
        from kith.moderation import content
        from kith.network.signals import block_changed

        notification_kinds.register()
        navigation.count("unread_messages", selectors.unread_conversations)
        content.register(
            "messaging.conversation",
            kind="conversation",
            describe=selectors.conversation_for_moderators,
            remove=actions.remove_messages_of,
        )

        def recount(sender, *, blocker_id: int, blocked_id: int, **kwargs) -> None:
            from kith.messaging.actions import recount_unread

            recount_unread(between=(blocker_id, blocked_id))

        block_changed.connect(recount, weak=False, dispatch_uid="kith-messaging-recount-unread")  # a local function: hold it strongly
