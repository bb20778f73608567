from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "kith.portability"
    label = "portability"
    verbose_name = "Portability"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from kith.portability import notification_kinds
        from kith.portability.actions import cancel_deletion

        notification_kinds.register()

        def keep_account(sender, *, user, **kwargs) -> None:
            # Signing in during the grace period is how a member takes back their deletion.
            cancel_deletion(user)

        user_logged_in.connect(keep_account, dispatch_uid="kith-portability-signing-in-keeps-the-account")
