from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    name = "kith.introductions"
    label = "introductions"
    verbose_name = "Introductions"

    def ready(self) -> None:
        from kith.insights import hooks
        from kith.introductions import notification_kinds, selectors

        notification_kinds.register()
        hooks.register_introduced_by(selectors.introduced_by)
