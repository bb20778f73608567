from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    name = "kith.introductions"
    label = "introductions"
    verbose_name = "Introductions"

    def ready(self) -> None:
        from kith.insights import hooks
        from kith.introductions import notification_kinds, selectors
        from kith.network.signals import block_changed

        notification_kinds.register()
        hooks.register_introduced_by(selectors.introduced_by)

        def end_across_block(sender, *, blocker_id: int, blocked_id: int, **kwargs) -> None:
            from kith.introductions.actions import end_across_block

            end_across_block(blocker_id, blocked_id)

        # This app sits above the network: a block tells it rather than calls it.
        block_changed.connect(end_across_block, weak=False, dispatch_uid="kith-introductions-end-across-block")
