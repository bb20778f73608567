from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "kith.moderation"
    label = "moderation"

    def ready(self) -> None:
        from kith.members import sign_in
        from kith.moderation import gates

        sign_in.register(gates.sign_in_refusal)
